// The rollback-journal setting for file systems without shared memory for WAL (WB_JOURNAL=delete,
// deploy/README.md): the database really runs without -wal/-shm files, and the whole booking suite
// (tests/http/booking.test.mjs) passes in that mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT, BUILD } from './harness.mjs';
import { Client } from './client.mjs';

test('WB_JOURNAL=delete: the pages work on a rollback-journal database and never create -wal or -shm', async () => {
  const srv = await startServer({ demo: true, env: { WB_JOURNAL: 'delete' } });
  try {
    const c = new Client(srv.base);
    assert.equal((await c.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
    const cal = await c.get('/calendar');
    assert.equal(cal.status, 200);
    const r = await c.post('/calendar/booking/new', { csrf: c.csrf(cal.body), vehicle: 4, start: '2031-03-03T09:00', end: '2031-03-03T10:00', purpose: 'ohne WAL' });
    assert.equal(r.status, 303);
    assert.equal(srv.sql('PRAGMA journal_mode')[0].journal_mode, 'delete');
    assert.ok(!fs.existsSync(`${srv.db}-wal`), 'no -wal file');
    assert.ok(!fs.existsSync(`${srv.db}-shm`), 'no -shm file');
    assert.equal(srv.sql("SELECT count(*) AS n FROM booking WHERE purpose = 'ohne WAL'")[0].n, 1);
  } finally {
    await srv.stop();
  }
});

test('the booking suite passes with WB_JOURNAL=delete', () => {
  // A child test run of its own (NODE_TEST_CONTEXT would make it report to this runner instead).
  const env = { ...process.env, WB_JOURNAL: 'delete', WB_BUILD: BUILD };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', path.join(ROOT, 'tests/http/booking.test.mjs')], {
    env, encoding: 'utf8', timeout: 300000,
  });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr);
  assert.match(r.stdout, /^# fail 0$/m);
  assert.match(r.stdout, /^# pass [1-9]\d*$/m);
});

test('an unknown WB_JOURNAL value is refused, not silently replaced', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-journal-'));
  try {
    const r = spawnSync(path.join(BUILD, 'login.fcgi'), [], {
      env: { PATH: process.env.PATH, WB_DB: path.join(dir, 'x.db'), WB_SCHEMA: path.join(ROOT, 'schema'),
        WB_TEMPLATES: path.join(ROOT, 'templates'), WB_JOURNAL: 'memory', GATEWAY_INTERFACE: 'CGI/1.1',
        REQUEST_METHOD: 'GET', SCRIPT_NAME: '/login', PATH_INFO: '', QUERY_STRING: '', SERVER_NAME: 'localhost',
        SERVER_PORT: '80', SERVER_PROTOCOL: 'HTTP/1.1', HTTP_HOST: 'localhost' },
      input: '', encoding: 'utf8',
    });
    assert.match(r.stdout, /^Status: 5\d\d /);
    assert.match(r.stderr, /WB_JOURNAL must be wal, delete, truncate or persist/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
