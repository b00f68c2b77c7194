// Writer contention: while another process holds the database's write lock, bookings wait and then succeed,
// or get 503 with Retry-After once the busy timeout (5 s, lib/db.c) is over; never a 500, never SQLite's words, never a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

const WORKERS = 4;
const REQUESTS = 12;
let srv;
let clients;
before(async () => {
  srv = await startServer({ demo: true, workers: WORKERS });
  const members = [['NEUMANN', 'neumann'], ['MEIER', 'demo'], ['HUBER', 'demo'], ['SCHMIDT', 'demo']];
  // Signing in writes a session row: all of it before any lock is taken.
  clients = await Promise.all(members.map(async ([login, password]) => {
    const c = new Client(srv.base);
    const r = await c.login(login, password, { org: 1 });
    assert.equal(r.status, 303, `${login} signs in`);
    c.token = c.csrf((await c.get('/calendar')).body);
    return c;
  }));
});
after(async () => { await srv?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const day = (days) => DATE.format(new Date(Date.now() + days * 86400000));
const hh = (h) => String(h).padStart(2, '0');
// What SQLite or the C library would say; none of it may reach a user.
const LEAK = /sqlite|database is locked|database table is locked|SQL logic error|disk I\/O error|SQLITE_|busy_timeout|errmsg/i;

// True when the database's write lock is taken by someone else right now.
function writeLocked() {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 0', srv.db, 'BEGIN IMMEDIATE; ROLLBACK;'], { encoding: 'utf8' });
  return r.status !== 0 && /locked|busy/i.test(r.stderr + r.stdout);
}

// Starts a sqlite3 process that holds the write lock (BEGIN IMMEDIATE) until release() commits.
// kill() ends it whatever state it is in (for finally blocks, so a failed test never leaves it behind).
async function holdWriteLock() {
  const p = spawn('sqlite3', [srv.db], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((r) => p.on('exit', r));
  const lock = {
    async release() {
      p.stdin.end('COMMIT;\n');
      await exited;
      assert.equal(err, '', 'the lock holder saw no error');
    },
    kill() {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    },
  };
  p.stdin.write('.timeout 5000\nBEGIN IMMEDIATE;\nUPDATE generation SET n = n WHERE id = 1;\n');
  for (let i = 0; i < 100 && !writeLocked(); i++) await sleep(20);
  if (!writeLocked()) {
    lock.kill();
    assert.fail(`the test could not take the write lock (sqlite3: ${err})`);
  }
  return lock;
}

// Fires count booking posts (distinct slots, days ahead) and returns [{status, ms, ...}].
function fire(count, dayOffset, purpose) {
  const t0 = Date.now();
  return Promise.all(Array.from({ length: count }, (_, i) => {
    const c = clients[i % clients.length];
    const d = day(dayOffset + Math.floor(i / 6));
    const h = 8 + (i % 6) * 2;
    const form = { csrf: c.token, vehicle: 1 + (i % 4), start: `${d}T${hh(h)}:00`, end: `${d}T${hh(h + 1)}:00`, purpose };
    return c.post('/calendar/booking/new', form).then(
      (r) => ({ ...r, ms: Date.now() - t0 }),
      (e) => ({ status: `error ${e.message}`, ms: Date.now() - t0, headers: {}, body: '' }));
  }));
}

function check(results, label) {
  const tally = {};
  for (const r of results) tally[r.status] = (tally[r.status] ?? 0) + 1;
  const what = `${label}: ${JSON.stringify(tally)}, ms ${results.map((r) => r.ms).join(' ')}`;
  for (const r of results) {
    assert.ok(r.status === 303 || r.status === 503, `only 303 or 503 (${what})`);
    if (r.status === 503) assert.match(String(r.headers['retry-after']), /^\d+$/, `503 with Retry-After (${what})`);
    assert.doesNotMatch(r.body, LEAK, `no SQLite error text in the answer (${what})`);
    assert.ok(r.ms < 12000, `answered within ~10 s, not hung (${what})`);
  }
  return { tally, what };
}

// Every 303 is stored; every 503 stored nothing.
function stored(results, purpose) {
  const rows = srv.sql(`SELECT id FROM booking WHERE purpose = '${purpose}' AND status = 'active'`);
  const ok = results.filter((r) => r.status === 303).map((r) => Number(r.location.match(/\/booking\/(\d+)\?created=1$/)[1]));
  assert.deepEqual(rows.map((r) => r.id).sort((a, b) => a - b), ok.sort((a, b) => a - b),
    'exactly the bookings answered 303 are stored');
}

// Fewer writers than workers: a worker stays free, and reads on their WAL snapshot are not blocked.
// (Waiting writers occupy their workers for up to the busy timeout: with as many writers as
// workers, a read of the same page queues behind them.)
test('a write lock held for 3 s: fewer writers than workers wait and succeed; a calendar read is not blocked', async (t) => {
  const lock = await holdWriteLock();
  let results, readMs, cal;
  try {
    const locked = Date.now();
    const pending = fire(WORKERS - 1, 30, 'Warteschlange');
    await sleep(300);
    const t0 = Date.now();
    cal = await clients[0].get('/calendar');
    readMs = Date.now() - t0;
    await sleep(Math.max(0, 3000 - (Date.now() - locked)));
    await lock.release();
    results = await pending;
  } finally {
    lock.kill();
  }
  const { tally, what } = check(results, '3 s lock');
  t.diagnostic(`${what}; a calendar read during the lock took ${readMs} ms`);
  assert.equal(cal.status, 200);
  assert.ok(readMs < 1500, `the calendar answered during the lock (${readMs} ms)`);
  assert.equal(tally[303], WORKERS - 1, `every booking succeeds after waiting (${what})`);
  assert.ok(Math.min(...results.map((r) => r.ms)) >= 2500, `the bookings waited for the lock (${what})`);
  stored(results, 'Warteschlange');
});

test(`a write lock held for 3 s, ${REQUESTS} writers on ${WORKERS} workers: all wait and succeed within ~10 s`, async (t) => {
  const lock = await holdWriteLock();
  let results;
  try {
    const pending = fire(REQUESTS, 35, 'Andrang');
    await sleep(3000);
    await lock.release();
    results = await pending;
  } finally {
    lock.kill();
  }
  const { tally, what } = check(results, '3 s lock, queued');
  t.diagnostic(what);
  // The busy timeout (5 s) outlasts the lock.
  assert.equal(tally[303], REQUESTS, `all bookings succeed (${what})`);
  stored(results, 'Andrang');
});

test('a write lock held longer than the busy timeout: 503 with Retry-After, nothing half-written, then service as usual', async (t) => {
  const lock = await holdWriteLock();
  let results;
  try {
    const pending = fire(REQUESTS, 40, 'Zu lange');
    await sleep(6500);
    await lock.release();
    results = await pending;
  } finally {
    lock.kill();
  }
  const { tally, what } = check(results, '6.5 s lock');
  t.diagnostic(what);
  assert.ok((tally[503] ?? 0) >= 1, `the first writers gave up after the busy timeout with 503 (${what})`);
  stored(results, 'Zu lange');
  // And the next booking goes straight through.
  const c = clients[1];
  const d = day(45);
  const r = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 2, start: `${d}T10:00`, end: `${d}T11:00`, purpose: 'Danach' });
  assert.equal(r.status, 303);
  assert.doesNotMatch(srv.logs(), /Internal error|malformed/);
});
