// 32 clients book the same vehicle and time at once: exactly one wins (303), the others get 409, one row is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

const N = 32;
let srv;
// More workers than usual, so that the requests really race in separate processes.
before(async () => { srv = await startServer({ demo: true, workers: 8 }); });
after(async () => { await srv?.stop(); });

const n = (q) => Object.values(srv.sql(q)[0])[0];
function day(days, hhmm) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${f.format(new Date(Date.now() + days * 86400000))}T${hhmm}`;
}

async function signIn(login, password) {
  const c = new Client(srv.base);
  const r = await c.login(login, password, { org: 1 });
  assert.equal(r.status, 303, `${login} signs in`);
  c.token = c.csrf((await c.get('/calendar')).body);
  return c;
}

// Fires all posts at once (after every connection is ready to go) and returns the statuses.
async function race(clients, form) {
  const results = await Promise.all(clients.map((c) =>
    c.post('/calendar/booking/new', { csrf: c.token, ...form }).then((r) => r, (e) => ({ status: `error ${e.message}` }))));
  return results;
}

function tally(results) {
  const t = {};
  for (const r of results) t[r.status] = (t[r.status] ?? 0) + 1;
  return t;
}

test(`${N} signed-in clients book the same vehicle and time at once: one 303, ${N - 1} x 409, one row`, async () => {
  const members = [['NEUMANN', 'neumann'], ['MEIER', 'demo'], ['HUBER', 'demo'], ['SCHMIDT', 'demo'], ['WAGNER', 'demo'], ['ADMIN', 'admin']];
  const clients = [];
  for (let i = 0; i < N; i++) clients.push(await signIn(...members[i % members.length]));
  const start = day(50, '10:00'), end = day(50, '12:00');
  const logsBefore = n('SELECT count(*) FROM actionlog');
  const results = await race(clients, { vehicle: 1, start, end, purpose: 'Wettlauf' });
  assert.deepEqual(tally(results), { 303: 1, 409: N - 1 });
  const winner = results.find((r) => r.status === 303);
  const id = Number(winner.location.match(/^\/calendar\/booking\/(\d+)\?created=1$/)[1]);
  assert.equal(n("SELECT count(*) FROM booking WHERE purpose = 'Wettlauf'"), 1);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id = ${id} AND vehicle_id = 1 AND status = 'active'`), 1);
  // One CREATE line, nothing else logged.
  assert.equal(n('SELECT count(*) FROM actionlog') - logsBefore, 1);
  assert.equal(n(`SELECT count(*) FROM actionlog WHERE line LIKE '% CREATE ${id} VW-GOLF %'`), 1);
  // Every loser was told the winner's time.
  for (const r of results.filter((x) => x.status === 409)) assert.match(r.body, /<div class="errors conflict" role="alert">/);
});

test(`${N} requests of one session at once, for overlapping spans: one 303, ${N - 1} x 409`, async () => {
  const c = await signIn('NEUMANN', 'neumann');
  const clients = Array.from({ length: N }, () => c);
  // Different spans that all overlap each other: starts 10:00 .. 11:45, all ending 12:00.
  const spans = Array.from({ length: N }, (_, i) => {
    const m = 600 + (i % 8) * 15; // 10:00 .. 11:45
    const hh = String(Math.floor(m / 60)).padStart(2, '0'), mm = String(m % 60).padStart(2, '0');
    return [day(51, `${hh}:${mm}`), day(51, '12:00')];
  });
  const results = await Promise.all(clients.map((cl, i) =>
    cl.post('/calendar/booking/new', { csrf: cl.token, vehicle: 2, start: spans[i][0], end: spans[i][1], purpose: 'Eine Sitzung' })));
  assert.deepEqual(tally(results), { 303: 1, 409: N - 1 });
  assert.equal(n("SELECT count(*) FROM booking WHERE purpose = 'Eine Sitzung'"), 1);
  // No two active bookings of the vehicle overlap, anywhere.
  assert.equal(n(`SELECT count(*) FROM booking a JOIN booking b ON a.vehicle_id = b.vehicle_id AND a.id < b.id
    AND a.status = 'active' AND b.status = 'active' AND a.start < b.end AND b.start < a.end`), 0);
});

test('the workers logged no database errors during the race', () => {
  assert.doesNotMatch(srv.logs(), /wagenbuch db:|database is locked|Internal error/);
});
