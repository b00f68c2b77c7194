// Booking rules over HTTP: create, overlap, bad input, rights, delete/storno, change, action-log lines and CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client as BaseClient } from './client.mjs';

// Posts without an Origin header unless a test names one (the same-origin check has its own test).
class Client extends BaseClient {
  post(path, form = {}, opts = {}) {
    return super.post(path, form, { ...opts, headers: { Origin: null, ...(opts.headers ?? {}) } });
  }
}

// ---- Time in the organisation's zone (demo: Europe/Berlin).
const TZ = 'Europe/Berlin';
const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
function parts(t) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(t * 1000))) o[p.type] = p.value;
  return o;
}
const input = (t) => { const p = parts(t); return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`; };
const logMin = (t) => { const p = parts(t); return `${p.day}.${p.month}.${p.year.slice(2)} ${p.hour}:${p.minute}`; };
const logSec = (t) => `${logMin(t)}:${parts(t).second}`;
const human = (t) => { const p = parts(t); return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`; };
// UTC seconds of a local "YYYY-MM-DDTHH:MM".
function epoch(s) {
  const [, y, mo, d, h, mi] = s.match(/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/).map(Number);
  const want = Date.UTC(y, mo - 1, d, h, mi) / 1000;
  let t = want;
  for (let i = 0; i < 3; i++) {
    const p = parts(t);
    t += want - Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000;
  }
  return t;
}
const nowS = () => Math.floor(Date.now() / 1000);
// Local date-time `hhmm` on the day `days` from today (far from the demo bookings, which end within a week).
function day(days, hhmm) {
  const p = parts(nowS() + days * 86400);
  return `${p.year}-${p.month}-${p.day}T${hhmm}`;
}
// The start of the quarter hour at least `minutes` from now.
function soon(minutes) {
  const t = nowS() + minutes * 60;
  return t + ((900 - (t % 900)) % 900);
}

// ---- The action-log line of DESIGN.md.
const LOG_RE = new RegExp(
  '^(\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d) ([A-Z0-9ÄÖÜ_-]+): (CREATE|VIEW|DELETE|STORNO|EDIT|CHANGE|CHGSTO|CHGDEL) (\\d+) (\\S+) ' +
  '(\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d)--(\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d) ([A-Z0-9ÄÖÜ_-]+), created by ([A-Z0-9ÄÖÜ_-]+) ' +
  'at (\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d)(?:: (.+))?$');

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { await srv?.stop(); });

const one = (q) => srv.sql(q)[0];
const n = (q) => Object.values(one(q))[0];
const counts = () => one(`SELECT (SELECT count(*) FROM booking) AS b, (SELECT count(*) FROM actionlog) AS l,
  (SELECT count(*) FROM booking_version) AS v, (SELECT group_concat(id || status || start || end || vehicle_id || member_id, ',') FROM booking) AS h`);
const logsAfter = (id) => srv.sql(`SELECT id, org_id, at, line FROM actionlog WHERE id > ${id} ORDER BY id`);
const lastLogId = () => n('SELECT coalesce(max(id), 0) FROM actionlog');

// The exact line for booking row b (from SQL: id, start, end, vehicle, member, creator, created_at, purpose).
function expectLine(logRow, actor, action, b) {
  const vehicle = b.vehicle.toUpperCase().replace(/ /g, '-');
  let line = `${logSec(logRow.at)} ${actor}: ${action} ${b.id} ${vehicle} ${logMin(b.start)}--${logMin(b.end)} ` +
    `${b.member}, created by ${b.creator} at ${logSec(b.created_at)}`;
  if (b.purpose) line += `: ${b.purpose}`;
  assert.match(logRow.line, LOG_RE);
  assert.equal(logRow.line, line);
}
const bookingRow = (id) => one(`SELECT b.id, b.start, b.end, b.status, b.purpose, b.created_at, b.vehicle_id, b.member_id,
  v.name AS vehicle, m.login AS member, c.login AS creator FROM booking b JOIN vehicle v ON v.id = b.vehicle_id
  JOIN member m ON m.id = b.member_id JOIN member c ON c.id = b.created_by WHERE b.id = ${id}`);

const clients = {};
async function as(login) {
  if (clients[login]) return clients[login];
  const pw = { ADMIN: 'admin', NEUMANN: 'neumann', ADMIN2: 'admin2' }[login] ?? 'demo';
  const c = new Client(srv.base);
  const r = await c.login(login, pw, { org: login === 'ADMIN2' || login === 'BERGER' ? 2 : 1 });
  assert.equal(r.status, 303, `sign in ${login}`);
  const cal = await c.get('/calendar');
  c.token = c.csrf(cal.body);
  assert.match(c.token, /^[0-9a-f]{64}$/);
  clients[login] = c;
  return c;
}

async function create(c, f) {
  return c.post('/calendar/booking/new', { csrf: c.token, purpose: '', ...f });
}
async function created(c, f) {
  const r = await create(c, f);
  assert.equal(r.status, 303, `create ${JSON.stringify(f)}: ${r.status} ${r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]}`);
  const m = r.location.match(/^\/calendar\/booking\/(\d+)\?created=1$/);
  assert.ok(m, r.location);
  return Number(m[1]);
}

test('create: 303 to the booking, one row with the local times, and the exact CREATE line', async () => {
  const c = await as('NEUMANN');
  const start = day(20, '10:00'), end = day(20, '12:30');
  const before = lastLogId();
  const r = await create(c, { vehicle: 1, start, end, purpose: 'Großeinkauf <Markt>' });
  assert.equal(r.status, 303);
  const id = Number(r.location.match(/^\/calendar\/booking\/(\d+)\?created=1$/)[1]);
  const b = bookingRow(id);
  assert.equal(b.start, epoch(start));
  assert.equal(b.end, epoch(end));
  assert.deepEqual([b.status, b.vehicle_id, b.member_id, b.member, b.creator, b.purpose],
    ['active', 1, 2, 'NEUMANN', 'NEUMANN', 'Großeinkauf <Markt>']);
  const logs = logsAfter(before);
  assert.equal(logs.length, 1);
  assert.equal(logs[0].org_id, 1);
  expectLine(logs[0], 'NEUMANN', 'CREATE', b);
  assert.ok(Math.abs(logs[0].at - nowS()) < 30);
  // The page it redirects to shows it (escaped) and logs a VIEW.
  const v = await c.get(r.location);
  assert.equal(v.status, 200);
  assert.ok(v.body.includes('Die Buchung wurde angelegt.'));
  assert.ok(v.body.includes(`<h1>Buchung ${id}</h1>`));
  assert.ok(v.body.includes('Großeinkauf &lt;Markt&gt;'));
  assert.ok(v.body.includes(`${human(b.start)}`));
  const l2 = logsAfter(logs[0].id);
  assert.equal(l2.length, 1);
  expectLine(l2[0], 'NEUMANN', 'VIEW', b);
});

test('touching bookings (one ends 10:00, the next starts 10:00) both succeed', async () => {
  const c = await as('NEUMANN');
  const m = await as('MEIER');
  await created(c, { vehicle: 2, start: day(21, '08:00'), end: day(21, '10:00') });
  await created(m, { vehicle: 2, start: day(21, '10:00'), end: day(21, '12:00') });
  await created(m, { vehicle: 2, start: day(21, '06:00'), end: day(21, '08:00') });
  assert.equal(n(`SELECT count(*) FROM booking WHERE vehicle_id = 2 AND status = 'active'
    AND start >= ${epoch(day(21, '06:00'))} AND end <= ${epoch(day(21, '12:00'))}`), 3);
});

function conflictBlock(html) {
  return html.match(/<div class="errors conflict" role="alert">[\s\S]*?<\/div>/)?.[0] ?? '';
}

test('overlap: 409 naming the conflicting time; the member only to administrators; nothing written', async () => {
  const meier = await as('MEIER');
  const neu = await as('NEUMANN');
  const admin = await as('ADMIN');
  const s = day(22, '10:00'), e = day(22, '12:00');
  const id = await created(meier, { vehicle: 3, start: s, end: e, purpose: 'Umzug' });
  const before = counts();
  const tries = [[day(22, '09:00'), day(22, '10:15')], [day(22, '11:45'), day(22, '13:00')],
    [day(22, '10:30'), day(22, '11:00')], [day(22, '08:00'), day(22, '14:00')], [s, e]];
  for (const [ts, te] of tries) {
    const r = await create(neu, { vehicle: 3, start: ts, end: te, purpose: 'meins' });
    assert.equal(r.status, 409, `${ts}..${te}`);
    const block = conflictBlock(r.body);
    assert.ok(block.includes(`<strong>${human(epoch(s))} – ${human(epoch(e))}</strong>`), block);
    assert.ok(!r.body.includes('MEIER') && !r.body.includes('Michael Meier'), 'a member does not learn who booked');
    assert.ok(!block.includes(`/calendar/booking/${id}`));
    assert.ok(block.includes(`(Buchung ${id})`), `#16: the member learns which booking it collides with: ${block}`);
    // The form comes back with what was typed.
    assert.ok(r.body.includes(`name="start" type="datetime-local" step="900" value="${ts}"`));
    assert.ok(r.body.includes(`name="end" type="datetime-local" step="900" value="${te}"`));
    assert.ok(r.body.includes('value="meins"'));
    assert.match(r.body, /<option value="3" selected>/);
  }
  const r = await create(admin, { vehicle: 3, start: day(22, '11:00'), end: day(22, '13:00') });
  assert.equal(r.status, 409);
  const block = conflictBlock(r.body);
  assert.ok(block.includes(`<strong>${human(epoch(s))} – ${human(epoch(e))}</strong>`));
  assert.ok(block.includes('von MEIER, Michael Meier, 0160 9876543;'), block);
  assert.ok(block.includes(`<a href="/calendar/booking/${id}">Buchung ${id}</a>`), block);
  assert.deepEqual(counts(), before);
});

test('bad input: 422 with the typed values kept and nothing written', async () => {
  const c = await as('NEUMANN');
  const past = input(soon(0) - 3 * 3600);
  const pastEnd = input(soon(0) - 3600);
  const cases = [
    ['end before start', { vehicle: 1, start: day(23, '12:00'), end: day(23, '10:00') }, 'Das Ende muss nach dem Beginn liegen.'],
    ['end equals start', { vehicle: 1, start: day(23, '12:00'), end: day(23, '12:00') }, 'Das Ende muss nach dem Beginn liegen.'],
    ['off grid', { vehicle: 1, start: day(23, '10:07'), end: day(23, '12:00') }, 'Beginn und Ende müssen auf einer Viertelstunde liegen'],
    ['off grid end', { vehicle: 1, start: day(23, '10:00'), end: day(23, '11:10') }, 'Beginn und Ende müssen auf einer Viertelstunde liegen'],
    ['in the past', { vehicle: 1, start: past, end: pastEnd }, 'Der Beginn liegt in der Vergangenheit.'],
    ['impossible date', { vehicle: 1, start: '2026-02-30T10:00', end: '2026-03-01T10:00' }, 'Dieses Datum oder diese Uhrzeit gibt es nicht.'],
    ['24:00', { vehicle: 1, start: '2030-05-01T24:00', end: '2030-05-02T10:00' }, 'Dieses Datum oder diese Uhrzeit gibt es nicht.'],
    ['garbage', { vehicle: 1, start: 'morgen früh', end: day(23, '12:00') }, 'Bitte Datum und Uhrzeit als JJJJ-MM-TTTHH:MM angeben.'],
    ['seconds other than :00', { vehicle: 1, start: `${day(23, '10:00')}:30`, end: day(23, '12:00') }, 'Bitte Datum und Uhrzeit als JJJJ-MM-TTTHH:MM angeben.'],
    ['longer than a datetime', { vehicle: 1, start: `${day(23, '10:00')}:00.000`, end: day(23, '12:00') }, 'Die Eingabe ist zu lang.'],
    ['space instead of T', { vehicle: 1, start: day(23, '10:00').replace('T', ' '), end: day(23, '12:00') }, 'Bitte Datum und Uhrzeit als JJJJ-MM-TTTHH:MM angeben.'],
    ['missing end', { vehicle: 1, start: day(23, '10:00') }, 'Dieses Feld muss ausgefüllt werden.'],
    ['unknown vehicle', { vehicle: 9999, start: day(23, '10:00'), end: day(23, '12:00') }, 'Dieses Fahrzeug gibt es nicht.'],
    ['vehicle not a number', { vehicle: '1 OR 1=1', start: day(23, '10:00'), end: day(23, '12:00') }, 'Ungültige Auswahl.'],
    ["another org's vehicle", { vehicle: 9, start: day(23, '10:00'), end: day(23, '12:00') }, 'Dieses Fahrzeug gibt es nicht.'],
    ['hidden area vehicle (members)', { vehicle: 8, start: day(23, '10:00'), end: day(23, '12:00') }, 'Dieses Fahrzeug gibt es nicht.'],
    ['member for someone else', { vehicle: 1, member: 3, start: day(23, '10:00'), end: day(23, '12:00') }, 'Diesen Teilnehmer gibt es nicht, oder Sie dürfen nicht für diesen Teilnehmer buchen.'],
  ];
  const before = counts();
  for (const [what, f, msg] of cases) {
    const r = await create(c, { ...f, purpose: `Zweck ${what}` });
    assert.equal(r.status, 422, what);
    assert.ok(r.body.includes(msg), `${what}: ${msg}\n${r.body.match(/<div class="errors"[\s\S]*?<\/div>/)?.[0]}`);
    assert.ok(r.body.includes(`value="Zweck ${what.replace(/'/g, '&#39;')}"`) || r.body.includes(`value="Zweck ${what}"`), `${what}: purpose kept`);
    if (f.start) assert.ok(r.body.includes(`name="start" type="datetime-local" step="900" value="${f.start.replace(/ü/, 'ü')}"`), `${what}: start kept`);
    if (f.end) assert.ok(r.body.includes(`name="end" type="datetime-local" step="900" value="${f.end}"`), `${what}: end kept`);
    assert.match(r.body, /<form method="post" action="\/calendar\/booking\/new" class="form">/);
  }
  assert.deepEqual(counts(), before);
});

test('administrators book for a member, in the past, a hidden vehicle, and a long blocking booking', async () => {
  const admin = await as('ADMIN');
  const neu = await as('NEUMANN');
  const before = lastLogId();
  const id = await created(admin, { vehicle: 4, member: 3, start: day(24, '09:00'), end: day(24, '11:00'), purpose: 'für Meier' });
  const b = bookingRow(id);
  assert.deepEqual([b.member, b.creator], ['MEIER', 'ADMIN']);
  expectLine(logsAfter(before)[0], 'ADMIN', 'CREATE', b);
  // Past and hidden are allowed for administrators.
  await created(admin, { vehicle: 8, start: day(-20, '09:00'), end: day(-20, '11:00') });
  // A "Dauerbuchung" of a year.
  const long = await created(admin, { vehicle: 5, start: day(100, '00:00'), end: day(465, '00:00'), purpose: 'Dauerbuchung' });
  assert.equal(bookingRow(long).end - bookingRow(long).start > 360 * 86400, true);
  const r = await create(neu, { vehicle: 5, start: day(200, '10:00'), end: day(200, '12:00') });
  assert.equal(r.status, 409);
  // Another organisation's member is not a member to book for.
  const bad = await create(admin, { vehicle: 4, member: 7, start: day(25, '09:00'), end: day(25, '11:00') });
  assert.equal(bad.status, 422);
  assert.ok(bad.body.includes('Diesen Teilnehmer gibt es nicht'));
  const bad2 = await create(admin, { vehicle: 4, member: 999, start: day(25, '09:00'), end: day(25, '11:00') });
  assert.equal(bad2.status, 422);
  assert.equal(n(`SELECT count(*) FROM booking WHERE vehicle_id = 4 AND start = ${epoch(day(25, '09:00'))}`), 0);
});

test('members cannot edit or delete others\' bookings (403), and nothing is written or logged', async () => {
  const meier = await as('MEIER');
  const neu = await as('NEUMANN');
  const id = await created(meier, { vehicle: 4, start: day(26, '09:00'), end: day(26, '11:00'), purpose: 'privat' });
  const before = counts();
  const e = await neu.get(`/calendar/booking/${id}/edit`);
  assert.equal(e.status, 403);
  assert.ok(e.body.includes('Sie können nur Ihre eigenen Buchungen ändern oder löschen.'));
  const p = await neu.post(`/calendar/booking/${id}/edit`, { csrf: neu.token, vehicle: 4, start: day(26, '09:00'), end: day(26, '10:00') });
  assert.equal(p.status, 403);
  const d = await neu.post(`/calendar/booking/${id}/delete`, { csrf: neu.token });
  assert.equal(d.status, 403);
  assert.deepEqual(counts(), before);
  // Viewing is allowed (the calendar shows everyone's bookings), without edit or delete buttons.
  const v = await neu.get(`/calendar/booking/${id}`);
  assert.equal(v.status, 200);
  assert.ok(!v.body.includes(`/calendar/booking/${id}/edit`));
  assert.ok(!v.body.includes(`/calendar/booking/${id}/delete`));
  // The owner sees both.
  const own = await meier.get(`/calendar/booking/${id}`);
  assert.ok(own.body.includes(`href="/calendar/booking/${id}/edit"`));
  assert.ok(own.body.includes(`action="/calendar/booking/${id}/delete"`));
});

test("another organisation's booking is 404 everywhere", async () => {
  const neu = await as('NEUMANN');
  const other = one("SELECT id FROM booking WHERE org_id = 2 ORDER BY id LIMIT 1").id;
  const before = counts();
  for (const p of [`/calendar/booking/${other}`, `/calendar/booking/${other}/edit`]) {
    const r = await neu.get(p);
    assert.equal(r.status, 404, p);
  }
  for (const p of [`/calendar/booking/${other}/edit`, `/calendar/booking/${other}/delete`]) {
    const r = await neu.post(p, { csrf: neu.token, vehicle: 1, start: day(27, '09:00'), end: day(27, '10:00') });
    assert.equal(r.status, 404, p);
  }
  assert.equal((await neu.get('/calendar/booking/999999')).status, 404);
  assert.equal((await neu.get('/calendar/booking/0')).status, 404);
  assert.equal((await neu.get('/calendar/booking/01')).status, 404);
  assert.deepEqual(counts(), before);
});

test('delete before the cancellation period: row gone, DELETE line, 303 to my bookings', async () => {
  const c = await as('NEUMANN');
  const id = await created(c, { vehicle: 4, start: day(28, '09:00'), end: day(28, '11:00'), purpose: 'weg damit' });
  const b = bookingRow(id);
  const before = lastLogId();
  const r = await c.post(`/calendar/booking/${id}/delete`, { csrf: c.token });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/calendar/mine?deleted=1');
  assert.equal(n(`SELECT count(*) FROM booking WHERE id = ${id}`), 0);
  const logs = logsAfter(before);
  assert.equal(logs.length, 1);
  expectLine(logs[0], 'NEUMANN', 'DELETE', b);
  const mine = await c.get(r.location);
  assert.equal(mine.status, 200);
  assert.ok(mine.body.includes('Die Buchung wurde gelöscht.'));
  assert.equal((await c.get(`/calendar/booking/${id}`)).status, 404);
  assert.equal((await c.post(`/calendar/booking/${id}/delete`, { csrf: c.token })).status, 404);
});

test('delete within the cancellation period (24 h): status storno, STORNO line, booking no longer blocks', async () => {
  const c = await as('NEUMANN');
  const s = soon(120);
  const id = await created(c, { vehicle: 6, start: input(s), end: input(s + 2 * 3600), purpose: 'kurzfristig' });
  const view = await c.get(`/calendar/booking/${id}`);
  assert.ok(view.body.includes('Die Stornofrist hat begonnen'));
  const b = bookingRow(id);
  const before = lastLogId();
  const r = await c.post(`/calendar/booking/${id}/delete`, { csrf: c.token });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/calendar/mine?storno=1');
  assert.equal(bookingRow(id).status, 'storno');
  const logs = logsAfter(before);
  assert.equal(logs.length, 1);
  expectLine(logs[0], 'NEUMANN', 'STORNO', b);
  // Cancelled twice: 409, nothing logged.
  const again = await c.post(`/calendar/booking/${id}/delete`, { csrf: c.token });
  assert.equal(again.status, 409);
  assert.equal(logsAfter(before).length, 1);
  // The vehicle is free again for that time.
  const m = await as('MEIER');
  await created(m, { vehicle: 6, start: input(s), end: input(s + 2 * 3600) });
});

test('change outside the period keeps the number, writes CHGDEL then CHANGE and a version row', async () => {
  const c = await as('NEUMANN');
  const id = await created(c, { vehicle: 4, start: day(29, '09:00'), end: day(29, '11:00'), purpose: 'alt' });
  const old = bookingRow(id);
  const bookings = n('SELECT count(*) FROM booking');
  const form = await c.get(`/calendar/booking/${id}/edit`);
  assert.equal(form.status, 200);
  assert.ok(form.body.includes(`value="${day(29, '09:00')}"`));
  const before = lastLogId();
  const r = await c.post(`/calendar/booking/${id}/edit`, { csrf: c.token, vehicle: 3, start: day(29, '10:00'), end: day(29, '13:00'), purpose: 'neu' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/calendar/booking/${id}?changed=1`);
  assert.equal(n('SELECT count(*) FROM booking'), bookings);
  const nw = bookingRow(id);
  assert.deepEqual([nw.vehicle_id, nw.start, nw.end, nw.purpose, nw.status], [3, epoch(day(29, '10:00')), epoch(day(29, '13:00')), 'neu', 'active']);
  const logs = logsAfter(before);
  assert.equal(logs.length, 2);
  expectLine(logs[0], 'NEUMANN', 'CHGDEL', old);
  // A CHANGE line names the change itself as the last change (#16): who changed it, and when.
  expectLine(logs[1], 'NEUMANN', 'CHANGE', { ...nw, creator: 'NEUMANN', created_at: logs[1].at });
  assert.deepEqual(srv.sql(`SELECT kind, vehicle_id, start, end, purpose FROM booking_version WHERE booking_id = ${id}`),
    [{ kind: 'CHGDEL', vehicle_id: 4, start: old.start, end: old.end, purpose: 'alt' }]);
  // The old span is free now.
  await created(await as('MEIER'), { vehicle: 4, start: day(29, '09:00'), end: day(29, '11:00') });
});

test('shortening a booking within the period writes CHGSTO then CHANGE', async () => {
  const c = await as('NEUMANN');
  const s = soon(180);
  const id = await created(c, { vehicle: 7, start: input(s), end: input(s + 4 * 3600) });
  const old = bookingRow(id);
  const before = lastLogId();
  const r = await c.post(`/calendar/booking/${id}/edit`, { csrf: c.token, vehicle: 7, start: input(s), end: input(s + 2 * 3600) });
  assert.equal(r.status, 303);
  const logs = logsAfter(before);
  assert.equal(logs.length, 2);
  expectLine(logs[0], 'NEUMANN', 'CHGSTO', old);
  expectLine(logs[1], 'NEUMANN', 'CHANGE', { ...bookingRow(id), creator: 'NEUMANN', created_at: logs[1].at });
  assert.equal(n(`SELECT count(*) FROM booking_version WHERE booking_id = ${id} AND kind = 'CHGSTO'`), 1);
});

test('a rejected change keeps the booking as it was and logs nothing', async () => {
  const c = await as('NEUMANN');
  const id = await created(c, { vehicle: 4, start: day(30, '09:00'), end: day(30, '11:00') });
  const blocker = await created(await as('MEIER'), { vehicle: 4, start: day(30, '11:00'), end: day(30, '12:00') });
  const before = counts();
  const cases = [
    [{ vehicle: 4, start: day(30, '09:00'), end: day(30, '11:30') }, 409],
    [{ vehicle: 4, start: day(30, '09:00'), end: day(30, '08:00') }, 422],
    [{ vehicle: 4, start: day(30, '09:07'), end: day(30, '10:00') }, 422],
    [{ vehicle: 9, start: day(30, '09:00'), end: day(30, '10:00') }, 422],
    [{ vehicle: 4, start: '2030-13-01T09:00', end: day(30, '10:00') }, 422],
  ];
  for (const [f, status] of cases) {
    const r = await c.post(`/calendar/booking/${id}/edit`, { csrf: c.token, ...f });
    assert.equal(r.status, status, JSON.stringify(f));
    assert.match(r.body, new RegExp(`<form method="post" action="/calendar/booking/${id}/edit" class="form">`));
    assert.ok(r.body.includes(`value="${f.start}"`), 'typed start kept');
  }
  assert.deepEqual(counts(), before);
  assert.ok(blocker > id);
});

test('GET of the view and the edit page write VIEW and EDIT lines', async () => {
  const c = await as('NEUMANN');
  const admin = await as('ADMIN');
  const id = await created(c, { vehicle: 4, start: day(31, '09:00'), end: day(31, '11:00'), purpose: 'Ausflug' });
  const b = bookingRow(id);
  let before = lastLogId();
  assert.equal((await c.get(`/calendar/booking/${id}`)).status, 200);
  assert.equal((await c.get(`/calendar/booking/${id}/edit`)).status, 200);
  assert.equal((await admin.get(`/calendar/booking/${id}`)).status, 200);
  assert.equal((await admin.get(`/calendar/booking/${id}/edit`)).status, 200);
  const logs = logsAfter(before);
  assert.equal(logs.length, 4);
  expectLine(logs[0], 'NEUMANN', 'VIEW', b);
  expectLine(logs[1], 'NEUMANN', 'EDIT', b);
  expectLine(logs[2], 'ADMIN', 'VIEW', b);
  expectLine(logs[3], 'ADMIN', 'EDIT', b);
  // A page that is not shown writes nothing.
  before = lastLogId();
  assert.equal((await c.get('/calendar/booking/999999')).status, 404);
  assert.equal(logsAfter(before).length, 0);
});

test('an administrator may change and delete a member\'s booking; the lines name the administrator', async () => {
  const c = await as('NEUMANN');
  const admin = await as('ADMIN');
  const id = await created(c, { vehicle: 4, start: day(32, '09:00'), end: day(32, '11:00') });
  const before = lastLogId();
  const r = await admin.post(`/calendar/booking/${id}/edit`, { csrf: admin.token, vehicle: 4, member: 2, start: day(32, '09:00'), end: day(32, '12:00') });
  assert.equal(r.status, 303);
  const d = await admin.post(`/calendar/booking/${id}/delete`, { csrf: admin.token });
  assert.equal(d.status, 303);
  const lines = logsAfter(before).map((l) => l.line);
  assert.deepEqual(lines.map((l) => l.match(LOG_RE).slice(2, 4)), [['ADMIN', 'CHGDEL'], ['ADMIN', 'CHANGE'], ['ADMIN', 'DELETE']]);
  assert.ok(lines.every((l) => l.match(LOG_RE)[8] === 'NEUMANN'));
});

test('#16: "created by X at T" names who created or last changed the booking, and when', async () => {
  const c = await as('NEUMANN');
  const admin = await as('ADMIN');
  const id = await created(c, { vehicle: 2, start: day(33, '09:00'), end: day(33, '11:00'), purpose: 'erst' });
  // Made an hour ago, so that the creation time and the change time differ.
  srv.sql(`UPDATE booking SET created_at = created_at - 3600 WHERE id = ${id}`);
  const made = bookingRow(id).created_at;
  let before = lastLogId();
  assert.equal((await admin.post(`/calendar/booking/${id}/edit`, { csrf: admin.token, vehicle: 2, member: 2, start: day(33, '09:00'), end: day(33, '12:00'), purpose: 'dann' })).status, 303);
  const changedAt = n(`SELECT replaced_at FROM booking_version WHERE booking_id = ${id} ORDER BY id DESC LIMIT 1`);
  let lines = logsAfter(before).map((l) => l.line.match(LOG_RE));
  assert.deepEqual(lines.map((m) => m[3]), ['CHGDEL', 'CHANGE']);
  // The replaced version was NEUMANN's, made at creation; the new one is ADMIN's, from the change.
  assert.deepEqual([lines[0][9], lines[0][10]], ['NEUMANN', logSec(made)]);
  assert.deepEqual([lines[1][9], lines[1][10]], ['ADMIN', logSec(changedAt)]);
  // Every later line about it names the last change: a VIEW by the member ...
  before = lastLogId();
  const v = await c.get(`/calendar/booking/${id}`);
  assert.equal(v.status, 200);
  assert.ok(v.body.includes('ADMIN, '), 'the page names the last change too');
  lines = logsAfter(before).map((l) => l.line.match(LOG_RE));
  assert.deepEqual([lines[0][3], lines[0][9], lines[0][10]], ['VIEW', 'ADMIN', logSec(changedAt)]);
  // ... and the member's own change after that names the member again.
  assert.equal((await c.post(`/calendar/booking/${id}/edit`, { csrf: c.token, vehicle: 2, start: day(33, '09:00'), end: day(33, '11:30'), purpose: 'zuletzt' })).status, 303);
  before = lastLogId();
  assert.equal((await c.post(`/calendar/booking/${id}/delete`, { csrf: c.token })).status, 303);
  lines = logsAfter(before).map((l) => l.line.match(LOG_RE));
  assert.deepEqual([lines[0][3], lines[0][9]], ['DELETE', 'NEUMANN']);
});

test('#16: the purpose limit counts characters: 198 German characters are accepted, 201 refused', async () => {
  const c = await as('NEUMANN');
  const purpose = 'Größere Übergabe äöü '.repeat(10).slice(0, 198);
  assert.equal([...purpose].length, 198);
  assert.ok(Buffer.byteLength(purpose) > 200, 'more bytes than characters');
  const id = await created(c, { vehicle: 3, start: day(35, '09:00'), end: day(35, '10:00'), purpose });
  assert.equal(bookingRow(id).purpose, purpose);
  const before = counts();
  const r = await create(c, { vehicle: 3, start: day(35, '11:00'), end: day(35, '12:00'), purpose: 'ä'.repeat(201) });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Die Eingabe ist zu lang.'));
  assert.deepEqual(counts(), before);
});

test('#16: a vehicle description of 27 emoji reaches the booking page whole (no cut inside a character)', async () => {
  const c = await as('NEUMANN');
  const descr = '🚗'.repeat(27);
  const old = one('SELECT descr FROM vehicle WHERE id = 4').descr;
  srv.sql(`UPDATE vehicle SET descr = '${descr}' WHERE id = 4`);
  try {
    const id = await created(c, { vehicle: 4, start: day(36, '09:00'), end: day(36, '10:00') });
    const v = await c.get(`/calendar/booking/${id}`);
    assert.equal(v.status, 200);
    assert.ok(!v.body.includes('\uFFFD'), 'no broken byte sequence');
    assert.ok(v.body.includes(`(${descr})`), 'the whole description');
  } finally {
    srv.sql(`UPDATE vehicle SET descr = '${old.replace(/'/g, "''")}' WHERE id = 4`);
  }
});

test('CSRF: every booking POST without a token, with a wrong token or from another Origin is 403 and writes nothing', async () => {
  const c = await as('NEUMANN');
  const id = await created(c, { vehicle: 4, start: day(33, '09:00'), end: day(33, '11:00') });
  const routes = [
    ['/calendar/booking/new', { vehicle: 4, start: day(34, '09:00'), end: day(34, '11:00') }],
    [`/calendar/booking/${id}/edit`, { vehicle: 4, start: day(33, '09:00'), end: day(33, '10:00') }],
    [`/calendar/booking/${id}/delete`, {}],
  ];
  const before = counts();
  for (const [path, form] of routes) {
    const variants = [
      ['no token', form, {}],
      ['empty token', { ...form, csrf: '' }, {}],
      ['wrong token', { ...form, csrf: c.token.replace(/^./, (x) => (x === 'a' ? 'b' : 'a')) }, {}],
      ["another session's token", { ...form, csrf: (await as('MEIER')).token }, {}],
      ['foreign Origin', { ...form, csrf: c.token }, { Origin: 'http://evil.example' }],
      ['null Origin', { ...form, csrf: c.token }, { Origin: 'null' }],
      ['foreign Referer', { ...form, csrf: c.token }, { Referer: 'https://evil.example/x' }],
    ];
    for (const [what, f, headers] of variants) {
      const r = await c.post(path, f, { headers });
      assert.equal(r.status, 403, `${path} ${what}`);
      assert.ok(r.body.includes('Das Formular ist abgelaufen oder stammt nicht von dieser Seite.'), `${path} ${what}`);
    }
  }
  assert.deepEqual(counts(), before);
  // The right token works.
  const ok = await c.post(`/calendar/booking/${id}/delete`, { csrf: c.token });
  assert.equal(ok.status, 303);
});

test('a same-origin Origin (as browsers send on every POST) is accepted for booking', async () => {
  const c = await as('NEUMANN');
  const r2 = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 4, start: day(35, '10:00'), end: day(35, '11:00') },
    { headers: { Origin: srv.base } });
  assert.equal(r2.status, 303, `Origin ${srv.base} rejected (HTTP_HOST from nginx has no port)`);
  const r3 = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 4, start: day(35, '11:00'), end: day(35, '12:00') },
    { headers: { Referer: `${srv.base}/calendar/booking/new` } });
  assert.equal(r3.status, 303);
  // Same host, another port: another origin.
  const r4 = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 4, start: day(35, '12:00'), end: day(35, '13:00') },
    { headers: { Origin: `http://127.0.0.1:${srv.port + 1}` } });
  assert.equal(r4.status, 403);
});

test('the calendar shows the week with the bookings of the area and free-slot links', async () => {
  const c = await as('NEUMANN');
  const id = await created(c, { vehicle: 1, start: day(36, '09:00'), end: day(36, '11:00'), purpose: 'Kalendertest' });
  const date = day(36, '00:00').slice(0, 10);
  const r = await c.get(`/calendar?area=1&date=${date}&view=week`);
  assert.equal(r.status, 200);
  // The grid is shared by all members (and cached); the own booking is marked by the per-user
  // style rule that matches its data-m.
  // The block carries its times (CSS shows them where there is room) and its details (shown on
  // hover, focus and tap), which are part of its accessible name.
  assert.match(r.body, new RegExp(`<a class="bk s\\d+ w8" data-m="2" href="/calendar/booking/${id}" data-booking="${id}"><span class="bl">NEUMANN<span class="bt"> 09:00–11:00</span></span><span class="pop"> NEUMANN \\(Nina Neumann, 0171 2345678\\) · [^<]*09:00–[^<]*11:00: Kalendertest</span></a>`));
  assert.ok(r.body.includes('<link rel="stylesheet" href="/calendar/own.css?m=2">'));
  const css = await c.get('/calendar/own.css?m=2');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type'], /^text\/css/);
  assert.ok(css.body.includes('.bk[data-m="2"]'));
  for (const v of ['VW Golf', 'Fiat 500', 'Renault Zoe', 'Opel Zafira (7 Sitze)']) assert.ok(r.body.includes(`>${v}<`), v);
  assert.ok(!r.body.includes('Ford Fiesta'), 'hidden area vehicle not listed');
  assert.ok(!r.body.includes('>Werkstatt<'), 'hidden area not offered to members');
  assert.equal((await c.get('/calendar?area=3')).status, 404);
  assert.equal((await c.get('/calendar?area=abc')).status, 400);
  assert.equal((await c.get('/calendar?date=2026-02-30')).status, 400);
  const day1 = await c.get(`/calendar?area=1&date=${date}&view=day`);
  assert.equal(day1.status, 200);
  assert.ok(day1.body.includes(`data-booking="${id}"`));
});
