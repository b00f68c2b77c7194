// Crash safety: 16 clients book while a random calendar worker is killed with SIGKILL every second for 20 s;
// afterwards the database is intact, every booking answered 303 is stored, none overlap, and the server still serves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

const CLIENTS = 16;
const KILL_SECONDS = 20;
const WORKERS = 3;
let srv;
before(async () => { srv = await startServer({ demo: true, workers: WORKERS }); });
after(async () => { await srv?.stop(); });

const n = (q) => Object.values(srv.sql(q)[0])[0];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Local "YYYY-MM-DDTHH:MM" in the demo organisation's zone, days from today.
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const day = (days) => DATE.format(new Date(Date.now() + days * 86400000));
const hh = (h) => String(h).padStart(2, '0');

// The calendar pool's workers: the children of its multiwatch (pid from the spawn-fcgi pid file).
function calendarWorkers() {
  const mw = fs.readFileSync(path.join(srv.varDir, 'run', 'calendar.spawn.pid'), 'utf8').trim();
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', mw], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return out.split(/\s+/).filter(Boolean).map(Number);
}

// A deterministic random source, so that a failing run can be repeated.
let seed = 20240611;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };

async function signIn(login, password) {
  const c = new Client(srv.base);
  const r = await c.login(login, password, { org: 1 });
  assert.equal(r.status, 303, `${login} signs in`);
  c.token = c.csrf((await c.get('/calendar')).body);
  assert.ok(c.token, 'a CSRF token on the calendar page');
  return c;
}

test(`${CLIENTS} clients book while a calendar worker is SIGKILLed every second for ${KILL_SECONDS} s`, async (t) => {
  const members = [['NEUMANN', 'neumann'], ['MEIER', 'demo'], ['HUBER', 'demo'], ['SCHMIDT', 'demo'], ['WAGNER', 'demo'], ['ADMIN', 'admin']];
  // One session per member (argon2id is slow on purpose), shared by several clients.
  const sessions = await Promise.all(members.map((m) => signIn(...m)));
  const clients = Array.from({ length: CLIENTS }, (_, i) => {
    const c = new Client(srv.base);
    c.cookies = new Map(sessions[i % sessions.length].cookies);
    c.token = sessions[i % sessions.length].token;
    return c;
  });
  assert.equal(calendarWorkers().length, WORKERS);

  const created = []; // {id, vehicle, start, end} of every 303
  const tally = {};
  let stop = false;
  const kills = [];

  // Vehicles 1-7 are in the members' visible areas. 7 vehicles x 60 days x 16 hours: many distinct
  // slots, and 1- or 2-hour spans that now and then collide with another client's.
  async function client(c) {
    while (!stop) {
      const vehicle = 1 + rnd(7);
      const d = day(40 + rnd(60));
      const h = 6 + rnd(15);
      const len = 1 + rnd(2);
      const form = { csrf: c.token, vehicle, start: `${d}T${hh(h)}:00`, end: `${d}T${hh(h + len)}:00`, purpose: 'Absturztest' };
      let r;
      try {
        r = await c.post('/calendar/booking/new', form);
      } catch (e) {
        r = { status: `error ${e.code ?? e.message}` };
      }
      tally[r.status] = (tally[r.status] ?? 0) + 1;
      if (r.status === 303) {
        const m = String(r.location).match(/^\/calendar\/booking\/(\d+)\?created=1$/);
        assert.ok(m, `303 Location ${r.location}`);
        created.push({ id: Number(m[1]), vehicle, start: form.start, end: form.end });
      }
    }
  }

  async function killer() {
    const t0 = Date.now();
    for (let i = 0; i < KILL_SECONDS; i++) {
      await sleep(Math.max(0, t0 + (i + 1) * 1000 - Date.now()));
      const pids = calendarWorkers();
      if (!pids.length) {
        kills.push('none alive');
        continue;
      }
      const pid = pids[rnd(pids.length)];
      try {
        process.kill(pid, 'SIGKILL');
        kills.push(pid);
      } catch (e) {
        kills.push(`${pid}: ${e.code}`);
      }
    }
    stop = true;
  }

  await Promise.all([killer(), ...clients.map(client)]);
  const summary = `answers ${JSON.stringify(tally)}, kills ${JSON.stringify(kills)}`;
  t.diagnostic(summary);
  // A killed worker costs its request a 502 from nginx; anything else is a bug.
  for (const s of Object.keys(tally)) assert.ok(['303', '409', '502'].includes(s), `unexpected answer ${s}: ${summary}`);
  assert.ok((tally[303] ?? 0) >= 50, `enough bookings were made to mean something: ${summary}`);
  assert.ok(kills.filter((k) => typeof k === 'number').length >= KILL_SECONDS - 1, `a worker was killed every second: ${summary}`);

  // multiwatch brings the pool back to full strength.
  let alive = [];
  for (let i = 0; i < 50 && alive.length < WORKERS; i++) {
    alive = calendarWorkers();
    if (alive.length < WORKERS) await sleep(100);
  }
  assert.equal(alive.length, WORKERS, `multiwatch restarted the killed workers (alive: ${alive.join(' ')}; ${summary})`);

  assert.deepEqual(srv.sql('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  // Every acknowledged booking is stored, active, for the vehicle it was made for.
  const ids = created.map((b) => b.id);
  assert.equal(new Set(ids).size, ids.length, 'no id was acknowledged twice');
  const rows = srv.sql(`SELECT id, vehicle_id FROM booking WHERE status = 'active' AND id IN (${ids.join(',')})`);
  const stored = new Map(rows.map((r) => [r.id, r.vehicle_id]));
  const missing = created.filter((b) => stored.get(b.id) !== b.vehicle);
  assert.deepEqual(missing, [], `acknowledged bookings missing from the database (${summary})`);
  // No two active bookings of a vehicle overlap.
  assert.equal(n(`SELECT count(*) FROM booking a JOIN booking b ON a.vehicle_id = b.vehicle_id AND a.id < b.id
    AND a.status = 'active' AND b.status = 'active' AND a.start < b.end AND b.start < a.end`), 0);
  // Every stored booking of the test has its CREATE line (booking and log line are one transaction).
  assert.equal(n(`SELECT count(*) FROM booking b WHERE b.purpose = 'Absturztest' AND NOT EXISTS
    (SELECT 1 FROM actionlog l WHERE l.line LIKE '% CREATE ' || b.id || ' %')`), 0);
});

test('after the kills the server still serves: calendar, a new booking, its page', async () => {
  const c = await signIn('NEUMANN', 'neumann');
  const cal = await c.get('/calendar');
  assert.equal(cal.status, 200);
  const d = day(20);
  const r = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 1, start: `${d}T09:00`, end: `${d}T10:00`, purpose: 'Danach' });
  assert.equal(r.status, 303);
  const page = await c.get(r.location);
  assert.equal(page.status, 200);
  assert.match(page.body, /Danach/);
  assert.doesNotMatch(srv.logs(), /wagenbuch db:|database disk image is malformed/);
});
