// Tenant separation: an administrator of one organisation can neither see nor touch another's areas, vehicles, bookings or members.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

let srv, admin2, admin1;
before(async () => {
  srv = await startServer({ demo: true });
  // The demo data lets Zweite CSO subscribe some of Demo-CarSharing's vehicles on the market;
  // sharing has its own tests (shared.test.mjs). Here the organisations share nothing.
  srv.sql('UPDATE subscription SET cancelled_at = unixepoch() WHERE cancelled_at IS NULL');
  admin2 = await signIn('ADMIN2', 'admin2', 2);
  admin1 = await signIn('ADMIN', 'admin', 1);
});
after(async () => { await srv?.stop(); });

const one = (q) => srv.sql(q)[0];
const n = (q) => Object.values(one(q))[0];
const state = () => one(`SELECT (SELECT count(*) FROM booking) AS b, (SELECT count(*) FROM actionlog) AS l,
  (SELECT count(*) FROM booking_version) AS v,
  (SELECT group_concat(id || status || start || end || vehicle_id || member_id || purpose, ',') FROM booking) AS h`);

// A local date-time in Berlin `days` from today at hh:mm.
function day(days, hhmm) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${f.format(new Date(Date.now() + days * 86400000))}T${hhmm}`;
}

async function signIn(login, password, org) {
  const c = new Client(srv.base);
  const r = await c.login(login, password, { org });
  assert.equal(r.status, 303, `${login} signs in`);
  const cal = await c.get('/calendar');
  assert.equal(cal.status, 200);
  c.token = c.csrf(cal.body);
  c.home = cal.body;
  return c;
}


test('ADMIN2 signs in only with its own organisation', async () => {
  const r = await new Client(srv.base).login('ADMIN2', 'admin2', { org: 1 });
  assert.equal(r.status, 422);
  const r2 = await new Client(srv.base).login('ADMIN', 'admin', { org: 2 });
  assert.equal(r2.status, 422);
});

test("ADMIN2's calendar shows only org 2's areas and vehicles", async () => {
  const body = admin2.home;
  assert.match(body, /<span class="login">ADMIN2<\/span> · Zweite CSO/);
  assert.match(body, /<option value="4" selected>Hauptbahnhof<\/option>/);
  for (const name of ['Innenstadt', 'Südstadt', 'Werkstatt', 'VW Golf', 'Fiat 500', 'Ford Fiesta', 'NEUMANN', 'Demo-CarSharing'])
    assert.ok(!body.includes(name), `org 1's ${name} not shown to ADMIN2`);
  assert.ok(body.includes('Citroën C3'));
});

test("calendar?area=ID of another organisation's area is 404, for every area and view", async () => {
  for (const area of [1, 2, 3]) {
    for (const q of [`area=${area}`, `area=${area}&view=day`, `area=${area}&view=week&date=${day(1, '00:00').slice(0, 10)}`]) {
      const r = await admin2.get(`/calendar?${q}`);
      assert.equal(r.status, 404, q);
      assert.ok(!r.body.includes('VW Golf'));
    }
  }
  assert.equal((await admin2.get('/calendar?area=4')).status, 200);
  // And the other way round.
  assert.equal((await admin1.get('/calendar?area=4')).status, 404);
  // The administrator of org 1 sees its hidden area.
  assert.equal((await admin1.get('/calendar?area=3')).status, 200);
});

test("org 1's bookings are 404 to ADMIN2: view, edit form, change, delete; nothing written", async () => {
  const ids = srv.sql('SELECT id FROM booking WHERE org_id = 1 ORDER BY id').map((r) => r.id);
  assert.ok(ids.length >= 10);
  const before = state();
  for (const id of ids.slice(0, 6)) {
    assert.equal((await admin2.get(`/calendar/booking/${id}`)).status, 404, `view ${id}`);
    assert.equal((await admin2.get(`/calendar/booking/${id}/edit`)).status, 404, `edit form ${id}`);
    const e = await admin2.post(`/calendar/booking/${id}/edit`, { csrf: admin2.token, vehicle: 9, start: day(40, '10:00'), end: day(40, '11:00') });
    assert.equal(e.status, 404, `change ${id}`);
    const d = await admin2.post(`/calendar/booking/${id}/delete`, { csrf: admin2.token });
    assert.equal(d.status, 404, `delete ${id}`);
  }
  assert.deepEqual(state(), before);
  // Its own bookings are there.
  const own = one('SELECT id FROM booking WHERE org_id = 2 ORDER BY id LIMIT 1').id;
  assert.equal((await admin2.get(`/calendar/booking/${own}`)).status, 200);
});

test("ADMIN2 cannot book org 1's vehicles, nor for org 1's members (422, nothing written)", async () => {
  const before = state();
  for (const vehicle of [1, 2, 5, 8]) {
    const r = await admin2.post('/calendar/booking/new', { csrf: admin2.token, vehicle, start: day(40, '10:00'), end: day(40, '12:00'), purpose: 'fremd' });
    assert.equal(r.status, 422, `vehicle ${vehicle}`);
    assert.ok(r.body.includes('Dieses Fahrzeug gibt es nicht.'));
    assert.ok(r.body.includes('value="fremd"'));
  }
  const m = await admin2.post('/calendar/booking/new', { csrf: admin2.token, vehicle: 9, member: 2, start: day(40, '10:00'), end: day(40, '12:00') });
  assert.equal(m.status, 422);
  assert.ok(m.body.includes('Diesen Teilnehmer gibt es nicht'));
  // Nor move its own booking onto org 1's vehicle or member.
  const own = one('SELECT id FROM booking WHERE org_id = 2 AND vehicle_id = 10').id;
  const mv = await admin2.post(`/calendar/booking/${own}/edit`, { csrf: admin2.token, vehicle: 1, start: day(41, '10:00'), end: day(41, '12:00') });
  assert.equal(mv.status, 422);
  const mm = await admin2.post(`/calendar/booking/${own}/edit`, { csrf: admin2.token, vehicle: 10, member: 3, start: day(41, '10:00'), end: day(41, '12:00') });
  assert.equal(mm.status, 422);
  assert.deepEqual(state(), before);
});

test("the booking form offers ADMIN2 only org 2's vehicles and members", async () => {
  const r = await admin2.get('/calendar/booking/new');
  assert.equal(r.status, 200);
  const vehicles = [...r.body.matchAll(/<select id="vehicle"[\s\S]*?<\/select>/g)][0][0];
  const members = [...r.body.matchAll(/<select id="member"[\s\S]*?<\/select>/g)][0][0];
  const vIds = [...vehicles.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const mIds = [...members.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  assert.deepEqual(vIds, [9, 10]);
  assert.deepEqual(mIds, [7, 8]);
  // The prefill for another organisation's vehicle does not reveal its bookings either.
  const pre = await admin2.get('/calendar/booking/new?vehicle=1');
  assert.equal(pre.status, 200);
  assert.doesNotMatch(pre.body, /<option value="1" selected>/);
});

test("ADMIN2's booking is logged in org 2's action log only, and is invisible to org 1", async () => {
  const r = await admin2.post('/calendar/booking/new', { csrf: admin2.token, vehicle: 9, member: 8, start: day(42, '10:00'), end: day(42, '12:00') });
  assert.equal(r.status, 303);
  const id = Number(r.location.match(/\/calendar\/booking\/(\d+)/)[1]);
  assert.deepEqual(srv.sql(`SELECT org_id, member_id, created_by FROM booking WHERE id = ${id}`), [{ org_id: 2, member_id: 8, created_by: 7 }]);
  const lines = srv.sql(`SELECT org_id, line FROM actionlog WHERE line LIKE '% CREATE ${id} %'`);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].org_id, 2);
  assert.match(lines[0].line, new RegExp(`^\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d ADMIN2: CREATE ${id} CITROËN-C3 .* BERGER, created by ADMIN2 at `));
  const l = n('SELECT count(*) FROM actionlog');
  assert.equal((await admin1.get(`/calendar/booking/${id}`)).status, 404);
  assert.equal((await admin1.post(`/calendar/booking/${id}/delete`, { csrf: admin1.token })).status, 404);
  assert.equal(n('SELECT count(*) FROM actionlog'), l);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id = ${id} AND status = 'active'`), 1);
});

test("ADMIN2's session token is useless for org 1's forms and vice versa", async () => {
  const before = state();
  const r = await admin1.post('/calendar/booking/new', { csrf: admin2.token, vehicle: 1, start: day(43, '10:00'), end: day(43, '12:00') });
  assert.equal(r.status, 403);
  assert.deepEqual(state(), before);
});
