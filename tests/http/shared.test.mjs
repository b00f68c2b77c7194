// Shared vehicles over HTTP: a subscriber's members book the master's vehicle in their own calendar under the
// local name, the privacy rule both ways, both action logs, the master's rules, the cross-organisation race,
// withdrawal, Link mode and a third organisation that sees nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

// ---- Time in the organisations' zone (demo: Europe/Berlin).
const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
function parts(t) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(t * 1000))) o[p.type] = p.value;
  return o;
}
const nowS = () => Math.floor(Date.now() / 1000);
const input = (t) => { const p = parts(t); return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`; };
function day(days, hhmm) {
  const p = parts(nowS() + days * 86400);
  return `${p.year}-${p.month}-${p.day}T${hhmm}`;
}
const date = (days) => day(days, '00:00').slice(0, 10);
// The start of the quarter hour at least `minutes` from now.
function soon(minutes) {
  const t = nowS() + minutes * 60;
  return t + ((900 - (t % 900)) % 900);
}

// Fixture (ids far from the demo data's): Demo-CarSharing (1) is the master of the Skoda Octavia Kombi (5, area
// Südstadt 2), released in the main market with a 20 % split rate; Zweite CSO (2) subscribed it as "Bulli Demo" into
// its area Hauptbahnhof (4). The Toyota (7) is offered in Link mode and subscribed as "Yaris Link". "Fremde CSO" (93)
// subscribed nothing of Demo-CarSharing.
const DEMO_HASH = "(SELECT pw_hash FROM member WHERE login = 'BERGER')";
const FIXTURE = `
INSERT INTO org (id, name) VALUES (93, 'Fremde CSO');
INSERT INTO member (id, org_id, login, descr, member_no, pw_hash) VALUES
  (920, 93, 'DRITT', 'Dora Dritt, 0170 3333333', '3001', ${DEMO_HASH}),
  (921, 2, 'KRAUSE', 'Karla Krause, krause@example.org', '2002', ${DEMO_HASH});
INSERT INTO area (id, org_id, name, sort) VALUES (950, 93, 'Drittstadt', 10);
INSERT OR REPLACE INTO offer (vehicle_id, org_id, address, vclass, split_rate, conditions, portal, released_at, released_by)
  VALUES (5, 1, 'Marktplatz 1', 'van', 20, 'sauber zurückgeben', 0, unixepoch(), 1);
INSERT OR REPLACE INTO offer (vehicle_id, org_id, address, vclass, split_rate, link_mode, link_url, portal, released_at, released_by)
  VALUES (7, 1, 'Bahnhofstr. 2', 'small', NULL, 1, 'https://demo.example/book?v=7&x=1', 0, unixepoch(), 1);
INSERT INTO subscription (id, org_id, vehicle_id, local_name, local_descr, area_id, visible, split_rate, created_at, created_by)
  VALUES (901, 2, 5, 'Bulli Demo', 'vom Nachbarn', 4, 1, 20, unixepoch(), 7),
         (902, 2, 7, 'Yaris Link', '', 4, 1, NULL, unixepoch(), 7);
`;

let srv;
before(async () => {
  srv = await startServer({ demo: true, workers: 4 });
  srv.sql(FIXTURE);
});
after(async () => { await srv?.stop(); });

const one = (q) => srv.sql(q)[0];
const n = (q) => Object.values(one(q))[0];
const lastLogId = () => n('SELECT coalesce(max(id), 0) FROM actionlog');
const logsAfter = (id) => srv.sql(`SELECT id, org_id, line FROM actionlog WHERE id > ${id} ORDER BY id`);

const ORG = { ADMIN: 1, NEUMANN: 1, MEIER: 1, HUBER: 1, ADMIN2: 2, BERGER: 2, KRAUSE: 2, DRITT: 93 };
const PW = { ADMIN: 'admin', NEUMANN: 'neumann', ADMIN2: 'admin2' };
async function login(name) {
  const c = new Client(srv.base);
  const r = await c.login(name, PW[name] ?? 'demo', { org: ORG[name] });
  assert.equal(r.status, 303, `sign in ${name}`);
  c.token = c.csrf((await c.get('/calendar')).body);
  return c;
}
const clients = {};
const as = async (name) => (clients[name] ??= await login(name));

const create = (c, f) => c.post('/calendar/booking/new', { csrf: c.token, purpose: '', ...f });
async function created(c, f) {
  const r = await create(c, f);
  assert.equal(r.status, 303, `create ${JSON.stringify(f)}: ${r.status} ${r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]}`);
  return Number(r.location.match(/^\/calendar\/booking\/(\d+)\?created=1$/)[1]);
}
const grid = (html) => html.slice(html.indexOf('<section class="calendar">'));

test("the subscriber's member books the shared vehicle: 303, a booking of its organisation, in its calendar under the local name", async () => {
  const berger = await as('BERGER');
  const form = await berger.get('/calendar/booking/new');
  assert.match(form.body, /<option value="5">Hauptbahnhof: Bulli Demo \(vom Nachbarn\)<\/option>/);
  assert.ok(!form.body.includes('Yaris Link'), 'a Link-mode vehicle is not bookable here');
  const before = lastLogId();
  const id = await created(berger, { vehicle: 5, start: day(30, '10:00'), end: day(30, '12:00'), purpose: 'Umzug Berger' });
  const b = one(`SELECT org_id, vehicle_id, member_id, status FROM booking WHERE id = ${id}`);
  assert.deepEqual(b, { org_id: 2, vehicle_id: 5, member_id: 8, status: 'active' });

  // Both organisations' logs, each in its own name of the vehicle, in the same transaction.
  const logs = logsAfter(before);
  assert.equal(logs.length, 2, JSON.stringify(logs));
  assert.deepEqual(logs.map((l) => l.org_id).sort(), [1, 2]);
  const sub = logs.find((l) => l.org_id === 2).line, master = logs.find((l) => l.org_id === 1).line;
  assert.match(sub, new RegExp(`^\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d BERGER: CREATE ${id} BULLI-DEMO .* BERGER, created by BERGER at .*: Umzug Berger$`));
  assert.match(master, new RegExp(`BERGER: CREATE ${id} SKODA-OCTAVIA-KOMBI .* BERGER, created by BERGER at .*: Umzug Berger$`));

  // The view page under the local name.
  const v = await berger.get(`/calendar/booking/${id}`);
  assert.equal(v.status, 200);
  assert.ok(v.body.includes('Bulli Demo (vom Nachbarn)'));
  assert.ok(v.body.includes(`/calendar/booking/${id}/edit`), 'the own member may change it');

  // The calendar of the subscriber's area shows the vehicle under its local name, with the own booking.
  const cal = await berger.get(`/calendar?area=4&date=${date(30)}&view=week`);
  assert.equal(cal.status, 200);
  const g = grid(cal.body);
  assert.match(g, /Bulli Demo <span class="sh" title="geteiltes Fahrzeug \(Marktplatz\)">.*?<\/span><\/span><span class="vd">vom Nachbarn<\/span>/, 'row under the local name, marked shared');
  assert.ok(!g.includes('Skoda Octavia Kombi'), "not the master's name");
  assert.ok(g.includes(`href="/calendar/booking/${id}"`));
  assert.match(g, /data-vehicle="5"/);
  assert.ok(g.includes('/calendar/booking/new?vehicle=5&amp;start='), 'free slots lead to the own booking form');
  // Own vehicles come first (sort order), the shared ones after them.
  assert.ok(g.indexOf('data-vehicle="9"') < g.indexOf('data-vehicle="5"'));
});

test("the master sees the subscriber's name, the member and the member's description, and may only view (VIEW in its log)", async () => {
  const krause = await as('KRAUSE');
  const id = await created(krause, { vehicle: 5, start: day(32, '09:00'), end: day(32, '11:00'), purpose: 'Sperrmüll Krause' });
  const neu = await as('NEUMANN');
  const cal = await neu.get(`/calendar?area=2&date=${date(32)}&view=week`);
  assert.equal(cal.status, 200);
  const g = grid(cal.body);
  assert.ok(g.includes('Zweite CSO: KRAUSE'), 'organisation and member');
  assert.ok(g.includes('Karla Krause, krause@example.org'), 'the contact for the handover');
  assert.ok(!g.includes('Sperrmüll Krause'), 'not the purpose');
  assert.ok(g.includes(`href="/calendar/booking/${id}"`), 'a link to the read-only view');

  const before = lastLogId();
  const v = await neu.get(`/calendar/booking/${id}`);
  assert.equal(v.status, 200);
  assert.ok(v.body.includes('Zweite CSO'));
  assert.ok(v.body.includes('Skoda Octavia Kombi'), "the master's name of its vehicle");
  assert.ok(!v.body.includes('Sperrmüll Krause'), 'the view hides the purpose as the grid does (one visibility rule)');
  assert.ok(!v.body.includes(`/calendar/booking/${id}/edit`) && !v.body.includes(`/calendar/booking/${id}/delete`), 'read only');
  const logs = logsAfter(before);
  assert.equal(logs.length, 1);
  assert.equal(logs[0].org_id, 1);
  assert.match(logs[0].line, new RegExp(`NEUMANN: VIEW ${id} SKODA-OCTAVIA-KOMBI .* KRAUSE, created by KRAUSE`));

  const admin = await as('ADMIN');
  const snap = n('SELECT count(*) FROM actionlog') + '/' + n(`SELECT status || start || end FROM booking WHERE id = ${id}`);
  assert.equal((await admin.get(`/calendar/booking/${id}/edit`)).status, 403);
  assert.equal((await admin.post(`/calendar/booking/${id}/delete`, { csrf: admin.token })).status, 403);
  const e = await admin.post(`/calendar/booking/${id}/edit`, { csrf: admin.token, vehicle: 5, start: day(32, '09:00'), end: day(32, '10:00') });
  assert.ok([403, 404].includes(e.status), `edit POST ${e.status}`);
  assert.equal(n('SELECT count(*) FROM actionlog') + '/' + n(`SELECT status || start || end FROM booking WHERE id = ${id}`), snap);
});

test("the subscriber sees other organisations' bookings of the shared vehicle only as the organisation's name", async () => {
  const neu = await as('NEUMANN');
  const id = await created(neu, { vehicle: 5, start: day(34, '14:00'), end: day(34, '16:00'), purpose: 'Geheimer Zweck' });
  const berger = await as('BERGER');
  const cal = await berger.get(`/calendar?area=4&date=${date(34)}&view=week`);
  assert.equal(cal.status, 200);
  const g = grid(cal.body);
  assert.ok(g.includes('<span class="bl">Demo-CarSharing<span class="bt"> 14:00–16:00</span></span>'), 'occupied, with the organisation name');
  for (const secret of ['Geheimer Zweck', 'Nina Neumann', '0171 2345678', 'NEUMANN', `/calendar/booking/${id}"`]) {
    assert.ok(!cal.body.includes(secret), `the subscriber's page must not contain ${secret}`);
  }
  assert.equal((await berger.get(`/calendar/booking/${id}`)).status, 404, "no view of the master's booking");
  // The day view and the administrator's grid obey the same rule.
  const admin2 = await as('ADMIN2');
  const day2 = await admin2.get(`/calendar?area=4&date=${date(34)}&view=day`);
  assert.equal(day2.status, 200);
  assert.ok(!day2.body.includes('Geheimer Zweck') && !day2.body.includes('Nina Neumann'));
  // A conflict names only the organisation, even to the subscriber's administrator.
  const r = await create(admin2, { vehicle: 5, start: day(34, '15:00'), end: day(34, '17:00') });
  assert.equal(r.status, 409);
  assert.ok(r.body.includes('Demo-CarSharing'));
  assert.ok(!r.body.includes('NEUMANN') && !r.body.includes('Nina Neumann') && !r.body.includes(`/calendar/booking/${id}"`));
});

test("the master's rules apply: its cancellation period decides STORNO, logged in both logs", async () => {
  srv.sql('UPDATE org SET cancel_hours = 72 WHERE id = 1');
  try {
    const berger = await as('BERGER');
    const s = soon(48 * 60);
    const id = await created(berger, { vehicle: 5, start: input(s), end: input(s + 7200) });
    const before = lastLogId();
    const d = await berger.post(`/calendar/booking/${id}/delete`, { csrf: berger.token });
    assert.equal(d.status, 303);
    assert.ok(d.location.includes('storno=1'), `48 h ahead is within the master's 72 h: ${d.location}`);
    assert.equal(n(`SELECT status FROM booking WHERE id = ${id}`), 'storno');
    const logs = logsAfter(before);
    assert.deepEqual(logs.map((l) => l.org_id).sort(), [1, 2]);
    assert.ok(logs.every((l) => l.line.includes(`BERGER: STORNO ${id} `)));
  } finally {
    srv.sql('UPDATE org SET cancel_hours = 24 WHERE id = 1');
  }
  // The master's grid: a 30-minute grid refuses a quarter-hour start for the subscriber too.
  srv.sql('UPDATE org SET grid_minutes = 30 WHERE id = 1');
  try {
    const berger = await as('BERGER');
    const r = await create(berger, { vehicle: 5, start: day(36, '10:15'), end: day(36, '12:00') });
    assert.equal(r.status, 422);
    await created(berger, { vehicle: 9, start: day(36, '10:15'), end: day(36, '12:00') });
  } finally {
    srv.sql('UPDATE org SET grid_minutes = 15 WHERE id = 1');
  }
});

test('the cross-organisation race: 16 members of two organisations book the same slot at once, one wins', async () => {
  const names = ['NEUMANN', 'MEIER', 'HUBER', 'ADMIN', 'BERGER', 'KRAUSE', 'ADMIN2', 'BERGER'];
  const cs = [];
  for (const name of [...names, ...names]) cs.push(await login(name));
  const start = day(40, '10:00'), end = day(40, '12:00');
  const rs = await Promise.all(cs.map((c) => create(c, { vehicle: 5, start, end, purpose: 'Wettlauf' })));
  const statuses = rs.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 303).length, 1, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, 15, statuses.join(','));
  assert.equal(n(`SELECT count(*) FROM booking WHERE vehicle_id = 5 AND purpose = 'Wettlauf'`), 1);
  assert.ok(!/database|sqlite/i.test(srv.logs().split('\n').filter((l) => !l.includes('nginx')).join('\n')), 'no database errors logged');
});

test('Link mode: occupancy anonymous, free slots lead to the external link, no bookings here', async () => {
  const berger = await as('BERGER');
  // The demo's booking of the Toyota on day 2 ("Überführung" by ADMIN).
  const cal = await berger.get(`/calendar?area=4&date=${date(2)}&view=week`);
  assert.equal(cal.status, 200);
  const g = grid(cal.body);
  const row = g.slice(g.indexOf('data-vehicle="7"'));
  assert.ok(row.includes('Yaris Link'));
  assert.ok(row.includes('href="https://demo.example/book?v=7&amp;x=1"'), 'free slots lead to the deep link');
  assert.ok(!row.includes('/calendar/booking/new?vehicle=7'));
  assert.ok(row.includes('<span class="bl">belegt<span class="bt">'), 'occupied');
  assert.ok(!cal.body.includes('Überführung') && !row.includes('Demo-CarSharing'), 'anonymous');
  const r = await create(berger, { vehicle: 7, start: day(41, '10:00'), end: day(41, '12:00') });
  assert.equal(r.status, 422);
  // #16: the form says where the vehicle is booked, with the owner's link, not that it does not exist.
  assert.ok(!r.body.includes('Dieses Fahrzeug gibt es nicht.'));
  assert.ok(r.body.includes('Dieses Fahrzeug wird auf der Seite seines Anbieters gebucht, nicht hier.'), r.body);
  assert.ok(r.body.includes('<a href="https://demo.example/book?v=7&amp;x=1" rel="noopener noreferrer">Zur Buchung beim Anbieter</a>'));
  assert.equal(n(`SELECT count(*) FROM booking WHERE vehicle_id = 7 AND created_at > ${nowS() - 60}`), 0, 'nothing written');
  // Only http(s) links get into the page.
  srv.sql(`UPDATE offer SET link_url = 'javascript:alert(1)' WHERE vehicle_id = 7`);
  const bad = grid((await berger.get(`/calendar?area=4&date=${date(2)}&view=week`)).body);
  assert.ok(!bad.includes('javascript:'));
  assert.ok(bad.includes('Yaris Link'));
  const r2 = await create(berger, { vehicle: 7, start: day(41, '10:00'), end: day(41, '12:00') });
  assert.equal(r2.status, 422);
  assert.ok(r2.body.includes('auf der Seite seines Anbieters') && !r2.body.includes('javascript:'));
  // A vehicle the organisation has not subscribed still "does not exist".
  const r3 = await create(berger, { vehicle: 99999, start: day(41, '10:00'), end: day(41, '12:00') });
  assert.equal(r3.status, 422);
  assert.ok(r3.body.includes('Dieses Fahrzeug gibt es nicht.') && !r3.body.includes('Anbieters'));
  srv.sql(`UPDATE offer SET link_url = 'https://demo.example/book?v=7&x=1' WHERE vehicle_id = 7`);
});

test('a third organisation sees nothing of it (404) and cannot book the shared vehicle', async () => {
  const id = n(`SELECT id FROM booking WHERE org_id = 2 AND vehicle_id = 5 AND status = 'active' ORDER BY id LIMIT 1`);
  const dritt = await as('DRITT');
  assert.equal((await dritt.get(`/calendar/booking/${id}`)).status, 404);
  assert.equal((await dritt.get(`/calendar/booking/${id}/edit`)).status, 404);
  assert.equal((await dritt.post(`/calendar/booking/${id}/delete`, { csrf: dritt.token })).status, 404);
  assert.equal((await dritt.get(`/calendar?area=4&date=${date(30)}`)).status, 404);
  const cal = await dritt.get(`/calendar?date=${date(30)}`);
  assert.equal(cal.status, 200);
  assert.ok(!cal.body.includes('Bulli Demo') && !cal.body.includes('Skoda Octavia Kombi') && !cal.body.includes('Umzug Berger'));
  const r = await create(dritt, { vehicle: 5, start: day(42, '10:00'), end: day(42, '12:00') });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Dieses Fahrzeug gibt es nicht.'));
});

test('withdrawn offer: 422 bad vehicle for new bookings, existing ones stay; the row leaves the calendar', async () => {
  const berger = await as('BERGER');
  const existing = await created(berger, { vehicle: 5, start: day(44, '10:00'), end: day(44, '12:00') });
  srv.sql('UPDATE offer SET portal = NULL WHERE vehicle_id = 5');
  try {
    const r = await create(berger, { vehicle: 5, start: day(45, '10:00'), end: day(45, '12:00') });
    assert.equal(r.status, 422);
    assert.ok(r.body.includes('Dieses Fahrzeug gibt es nicht.'));
    assert.equal(n(`SELECT status FROM booking WHERE id = ${existing}`), 'active');
    assert.equal((await berger.get(`/calendar/booking/${existing}`)).status, 200, 'the member still sees the booking');
    const cal = await berger.get(`/calendar?area=4&date=${date(44)}`);
    assert.ok(!grid(cal.body).includes('Bulli Demo'));
    const form = await berger.get('/calendar/booking/new');
    assert.ok(!form.body.includes('Bulli Demo'));
    // The master still sees the existing booking in its own calendar.
    const neu = await as('NEUMANN');
    assert.ok(grid((await neu.get(`/calendar?area=2&date=${date(44)}`)).body).includes('Zweite CSO: BERGER'));
    // Cancelling it is still possible (and logged in both logs).
    const before = lastLogId();
    assert.equal((await berger.post(`/calendar/booking/${existing}/delete`, { csrf: berger.token })).status, 303);
    assert.deepEqual(logsAfter(before).map((l) => l.org_id).sort(), [1, 2]);
  } finally {
    srv.sql('UPDATE offer SET portal = 0 WHERE vehicle_id = 5');
  }
});

test('an invisible or cancelled subscription shows no row and books nothing for members', async () => {
  const berger = await as('BERGER');
  srv.sql('UPDATE subscription SET visible = 0 WHERE id = 901');
  try {
    assert.ok(!grid((await berger.get(`/calendar?area=4&date=${date(46)}`)).body).includes('Bulli Demo'));
    assert.equal((await create(berger, { vehicle: 5, start: day(46, '10:00'), end: day(46, '12:00') })).status, 422);
  } finally {
    srv.sql('UPDATE subscription SET visible = 1 WHERE id = 901');
  }
  srv.sql('UPDATE subscription SET cancelled_at = unixepoch() WHERE id = 901');
  try {
    assert.equal((await create(berger, { vehicle: 5, start: day(46, '10:00'), end: day(46, '12:00') })).status, 422);
  } finally {
    srv.sql('UPDATE subscription SET cancelled_at = NULL WHERE id = 901');
  }
});

test("the subscriber bills its member's booking of the shared vehicle at the master's tariff", async () => {
  // Zweite CSO's administrator books the shared Skoda (tariff "Kompakt" of Demo-CarSharing: 3.50 €/h, 0.25 €/km)
  // for its member KRAUSE, long enough ago to be clear of the demo bookings, and enters the trip.
  const admin2 = await as('ADMIN2');
  const id = await created(admin2, { vehicle: 5, member: 921, start: day(-200, '09:00'), end: day(-200, '11:00'), purpose: 'Umzug' });
  const trip = await admin2.post(`/calendar/booking/${id}/trip`, { csrf: admin2.token, km_start: 1000, km_end: 1010 });
  assert.equal(trip.status, 303, trip.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]);
  assert.equal((await admin2.get('/export')).status, 200, 'the export page creates the missing billing records');
  const rec = one(`SELECT org_id, price, tariff_name FROM billing WHERE booking_id = ${id} AND kind = 'normal'`);
  assert.deepEqual(rec, { org_id: 2, price: 2 * 350 + 10 * 25, tariff_name: 'Kompakt' });
  // In the subscriber's booking file the vehicle has its local name and the subscriber's area.
  const month = day(-200, '09:00').slice(0, 7);
  const file = await admin2.get(`/export/bookings?from=${month}&to=${month}`);
  assert.equal(file.status, 200);
  const line = file.body.split('\n').find((l) => l.startsWith(`${id};`));
  assert.ok(line, `booking ${id} in the file`);
  assert.match(line, /;"Bulli Demo";"Hauptbahnhof";/);
  assert.doesNotMatch(line, /Skoda/);
});
