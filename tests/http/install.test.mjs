// `make install` with PREFIX and DESTDIR: exactly the files of deploy/README.md's layout (programs,
// wagenbuch-admin, templates, static files, migrations; no demo data, no database), with their modes,
// and the installed programs work from there: wagenbuch-admin finds the installed migrations by itself,
// a page answers as plain CGI from the installed templates.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BUILD } from './harness.mjs';

const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-install-'));
after(() => fs.rmSync(dest, { recursive: true, force: true }));
const PREFIX = '/opt/wagenbuch-test';
const inst = path.join(dest, PREFIX);
const PAGES = fs.readdirSync(path.join(ROOT, 'cgi-bin')).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2));

function walk(dir, base = dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, base));
    else out.push(path.relative(base, p));
  }
  return out;
}

test('make install puts exactly the layout under DESTDIR/PREFIX', () => {
  const san = path.relative(ROOT, BUILD) === 'build/san' ? ['SAN=1'] : [];
  const r = spawnSync('make', ['-s', '-C', ROOT, 'install', `DESTDIR=${dest}`, `PREFIX=${PREFIX}`, ...san], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(fs.readdirSync(dest), [PREFIX.split('/')[1]], 'nothing outside PREFIX');
  const want = [
    ...PAGES.map((p) => `lib/wagenbuch/${p}.fcgi`),
    'bin/wagenbuch-admin', 'bin/wb-cron',
    ...fs.readdirSync(path.join(ROOT, 'schema')).filter((f) => /^\d{3}_.*\.sql$/.test(f)).map((f) => `share/wagenbuch/schema/${f}`),
    ...walk(path.join(ROOT, 'templates')).map((f) => `share/wagenbuch/templates/${f}`),
    ...walk(path.join(ROOT, 'htdocs')).map((f) => `share/wagenbuch/htdocs/${f}`),
  ].sort();
  const got = walk(inst).sort();
  assert.deepEqual(got, want);
  assert.ok(!got.some((f) => f.includes('demo.sql')), 'no demo data');
  for (const f of got) {
    const mode = fs.statSync(path.join(inst, f)).mode & 0o777;
    assert.equal(mode, f.startsWith('lib/') || f.startsWith('bin/') ? 0o755 : 0o644, f);
  }
  // Installed files are the built ones.
  assert.ok(fs.readFileSync(path.join(inst, 'lib/wagenbuch/calendar.fcgi')).equals(fs.readFileSync(path.join(BUILD, 'calendar.fcgi'))));
});

test('the installed wagenbuch-admin uses the installed migrations without WB_SCHEMA', () => {
  const db = path.join(dest, 'data.db');
  const env = { ...process.env, WB_DB: db };
  delete env.WB_SCHEMA;
  const r = spawnSync(path.join(inst, 'bin/wagenbuch-admin'), ['migrate'], { env, encoding: 'utf8', cwd: os.tmpdir() });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^applied 001_init\.sql$/m);
  assert.match(r.stdout, /^applied 008_monotonic_ids\.sql$/m);
  const help = spawnSync(path.join(inst, 'bin/wagenbuch-admin'), ['--help'], { env, encoding: 'utf8' });
  assert.match(help.stdout, /\/var\/lib\/wagenbuch\/wagenbuch\.db/);
});

test('an installed page serves a request as plain CGI from the installed templates', () => {
  const db = path.join(dest, 'data.db');
  const r = spawnSync(path.join(inst, 'lib/wagenbuch/login.fcgi'), [], {
    env: { PATH: process.env.PATH, WB_DB: db, WB_TEMPLATES: path.join(inst, 'share/wagenbuch/templates'),
      WB_SCHEMA: path.join(inst, 'share/wagenbuch/schema'), GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_METHOD: 'GET',
      SCRIPT_NAME: '/login', PATH_INFO: '', QUERY_STRING: '', SERVER_NAME: 'localhost', SERVER_PORT: '80',
      SERVER_PROTOCOL: 'HTTP/1.1', HTTP_HOST: 'localhost' },
    input: '', encoding: 'utf8', cwd: os.tmpdir(),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Status: 200 OK\r?\n/);
  assert.match(r.stdout, /^X-Frame-Options: DENY\r?$/m);
  assert.ok(r.stdout.includes('<form method="post" action="/login"'), r.stdout.slice(0, 400));
  assert.ok(r.stdout.includes('href="/login/setup"'), 'an empty installation offers the set-up');
  assert.equal(execFileSync('sqlite3', [db, 'SELECT count(*) FROM org'], { encoding: 'utf8' }).trim(), '0');
});
