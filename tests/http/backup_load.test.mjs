// wagenbuch-admin backup while 16 clients keep booking: the backup restores to a database that passes
// `check` and holds every booking acknowledged (303) before the backup began.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT, BUILD } from './harness.mjs';
import { Client } from './client.mjs';

const BIN = path.join(BUILD, 'wagenbuch-admin');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-backup-load-'));
let srv;
before(async () => { srv = await startServer({ demo: true, workers: 4 }); });
after(async () => { await srv?.stop(); fs.rmSync(tmp, { recursive: true, force: true }); });

const FMT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
function date(days) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(Date.now() + days * 86400000))) o[p.type] = p.value;
  return `${o.year}-${o.month}-${o.day}`;
}
const hhmm = (i) => `${String(4 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`;
const env = (db) => ({ ...process.env, WB_DB: db, WB_SCHEMA: path.join(ROOT, 'schema') });

test('backup during a 16-client booking load restores with every booking acknowledged before it began', async () => {
  const clients = [];
  for (let k = 0; k < 16; k++) {
    const c = new Client(srv.base);
    assert.equal((await c.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
    c.token = c.csrf((await c.get('/calendar')).body);
    clients.push(c);
  }
  const acked = []; // {id, at}
  let stop = false;
  let failures = 0;
  const load = clients.map(async (c, k) => {
    for (let i = 0; i < 60 && !stop; i++) {
      const d = date(30 + k);
      const r = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 4, start: `${d}T${hhmm(i)}`, end: `${d}T${hhmm(i + 1)}`, purpose: `last ${k}/${i}` });
      if (r.status === 303) acked.push({ id: Number(r.location.match(/\/booking\/(\d+)/)[1]), at: Date.now() });
      else if (r.status !== 503) failures++;
    }
  });
  // Let the load run, then back up while it goes on.
  while (acked.length < 40) await new Promise((r) => setTimeout(r, 20));
  const began = Date.now();
  const before = acked.filter((a) => a.at < began).map((a) => a.id);
  const file = path.join(tmp, 'backup.db');
  const result = await new Promise((resolve) => {
    const p = spawn(BIN, ['backup', file], { env: env(srv.db) });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => resolve({ code, err }));
  });
  const ended = Date.now();
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(load);
  assert.equal(result.code, 0, result.err);
  assert.equal(failures, 0, 'every booking was accepted or answered 503');
  assert.ok(acked.some((a) => a.at > began && a.at <= ended) || acked.some((a) => a.at > ended), 'the pages kept booking around the backup');

  // Restore into a new database file, as on a replacement machine, and check it.
  const restored = path.join(tmp, 'restored.db');
  const r = spawnSync(BIN, ['restore', file], { env: env(restored), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const chk = spawnSync(BIN, ['check'], { env: env(restored), encoding: 'utf8' });
  assert.equal(chk.status, 0, chk.stdout + chk.stderr);
  const ids = new Set(spawnSync('sqlite3', [restored, "SELECT id FROM booking WHERE purpose LIKE 'last %'"], { encoding: 'utf8' })
    .stdout.trim().split('\n').map(Number));
  const missing = before.filter((id) => !ids.has(id));
  assert.deepEqual(missing, [], `${before.length} acknowledged before the backup, ${ids.size} in it`);
  // And nothing in the backup that the live database does not have.
  const live = new Set(srv.sql("SELECT id FROM booking WHERE purpose LIKE 'last %'").map((x) => x.id));
  for (const id of ids) assert.ok(live.has(id), `booking ${id}`);
});
