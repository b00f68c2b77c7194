// The page executables as plain CGI (shared hosting): one process per request, CGI environment, real pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BUILD } from './harness.mjs';

let dir, db;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cgi-'));
  db = path.join(dir, 'wagenbuch.db');
});
after(() => { if (dir && !process.env.WB_KEEP_VAR) fs.rmSync(dir, { recursive: true, force: true }); });

// Runs build/<page>.fcgi as CGI under /cgi-bin/<page>.cgi; returns {status, headers (lower-case, arrays), body, raw}.
function cgi(page, { method = 'GET', pathInfo = '', query = '', body, cookie, env = {} } = {}) {
  const e = {
    PATH: '/usr/bin:/bin',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_NAME: 'example.org',
    SERVER_PORT: '80',
    HTTP_HOST: 'example.org',
    REMOTE_ADDR: '192.0.2.7',
    REQUEST_METHOD: method,
    SCRIPT_NAME: `/cgi-bin/${page}.cgi`,
    PATH_INFO: pathInfo,
    QUERY_STRING: query,
    WB_DB: db,
    WB_SCHEMA: path.join(ROOT, 'schema'),
    WB_TEMPLATES: path.join(ROOT, 'templates'),
    ...env,
  };
  if (cookie) e.HTTP_COOKIE = cookie;
  if (body !== undefined) {
    e.CONTENT_TYPE = 'application/x-www-form-urlencoded';
    e.CONTENT_LENGTH = String(Buffer.byteLength(body));
  }
  const r = spawnSync(path.join(BUILD, `${page}.fcgi`), [], { env: e, input: body ?? '', timeout: 20000 });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `exit status; stderr: ${r.stderr}`);
  const raw = r.stdout.toString('utf8');
  const sep = raw.indexOf('\r\n\r\n');
  assert.ok(sep > 0, `a CGI header block: ${raw.slice(0, 200)}`);
  const headers = {};
  for (const line of raw.slice(0, sep).split('\r\n')) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).toLowerCase();
    (headers[k] ??= []).push(line.slice(i + 1).trim());
  }
  const status = Number(headers.status?.[0]?.split(' ')[0]);
  return { status, headers, body: raw.slice(sep + 4), bodyBytes: r.stdout.subarray(Buffer.byteLength(raw.slice(0, sep + 4))), raw, stderr: r.stderr.toString() };
}

test('on a new database file the first CGI request applies the migrations and answers the login page', () => {
  const r = cgi('login');
  assert.equal(r.headers.status[0], '200 OK');
  assert.ok(fs.existsSync(db));
  const v = execFileSync('sqlite3', [db, 'PRAGMA user_version; PRAGMA journal_mode;'], { encoding: 'utf8' }).trim().split('\n');
  assert.ok(Number(v[0]) >= 1, `user_version ${v[0]}`);
  assert.equal(v[1], 'wal');
  // Now the demo data, as tools/server.sh loads it.
  execFileSync('sqlite3', ['-bail', db], { input: `BEGIN IMMEDIATE;\n${fs.readFileSync(path.join(ROOT, 'schema/demo.sql'), 'utf8')}\nCOMMIT;\n` });
});

let pre;
test('GET /cgi-bin/login.cgi answers the real login form with the CGI base path', () => {
  const r = cgi('login');
  assert.equal(r.status, 200);
  assert.equal(r.headers.status[0], '200 OK');
  assert.equal(r.headers['content-type'][0], 'text/html; charset=utf-8');
  assert.equal(Number(r.headers['content-length'][0]), r.bodyBytes.length);
  assert.equal(r.headers['x-frame-options'][0], 'DENY');
  assert.match(r.body, /^<!DOCTYPE html>/);
  assert.match(r.body, /<form method="post" action="\/cgi-bin\/login.cgi" class="form">/);
  assert.match(r.body, /<option value="1">Demo-CarSharing<\/option>/);
  assert.match(r.body, /<input id="login" name="login"/);
  assert.match(r.body, /<input id="password" name="password" type="password"/);
  assert.match(r.body, /href="\/cgi-bin\/static\/css\/wagenbuch.css"/);
  const token = r.body.match(/<input type="hidden" name="csrf" value="([0-9a-f]{64})">/)?.[1];
  assert.ok(token);
  // The cookie is scoped to the install's base path.
  assert.deepEqual(r.headers['set-cookie'], [`wb_pre=${token}; Path=/cgi-bin; HttpOnly; SameSite=Lax`]);
  pre = token;
});

let session;
test('POST as CGI signs in: 303 to calendar.cgi with the session cookie', () => {
  assert.ok(pre, 'needs the previous test');
  const r = cgi('login', {
    method: 'POST', cookie: `wb_pre=${pre}`,
    body: `org=1&login=neumann&password=neumann&csrf=${pre}`,
    env: { HTTP_ORIGIN: 'http://example.org' },
  });
  assert.equal(r.headers.status[0], '303 See Other', r.body);
  assert.deepEqual(r.headers.location, ['/cgi-bin/calendar.cgi']);
  const sc = r.headers['set-cookie'].find((s) => s.startsWith('wb_session='));
  assert.match(sc, /^wb_session=[0-9a-f]{64}; Path=\/cgi-bin; HttpOnly; SameSite=Lax$/);
  session = sc.slice(11, 75);
  const rows = execFileSync('sqlite3', [db, "SELECT addr || ' ' || ok FROM login_attempt"], { encoding: 'utf8' }).trim();
  assert.equal(rows, '192.0.2.7 1');
});

test('GET /cgi-bin/calendar.cgi with the session answers the calendar with links under /cgi-bin', () => {
  assert.ok(session, 'needs the previous test');
  const r = cgi('calendar', { cookie: `wb_session=${session}`, query: 'area=1&view=week' });
  assert.equal(r.headers.status[0], '200 OK');
  assert.match(r.body, /<span class="login">NEUMANN<\/span> · Demo-CarSharing/);
  assert.match(r.body, /role="table"/);
  assert.ok(r.body.includes('>VW Golf<'));
  assert.match(r.body, /href="\/cgi-bin\/calendar.cgi\/booking\/new\?vehicle=1&amp;start=/);
  assert.match(r.body, /action="\/cgi-bin\/login.cgi\/logout"/);
});

test('a booking made through CGI is stored and logged', () => {
  const cal = cgi('calendar', { cookie: `wb_session=${session}` });
  const token = cal.body.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
  const d = f.format(new Date(Date.now() + 30 * 86400000));
  const r = cgi('calendar', {
    method: 'POST', pathInfo: '/booking/new', cookie: `wb_session=${session}`,
    body: `vehicle=2&start=${d}T10:00&end=${d}T11:00&purpose=CGI&csrf=${token}`,
  });
  assert.equal(r.headers.status[0], '303 See Other', r.body);
  const id = r.headers.location[0].match(/^\/cgi-bin\/calendar.cgi\/booking\/(\d+)\?created=1$/)?.[1];
  assert.ok(id, r.headers.location[0]);
  const out = execFileSync('sqlite3', [db, `SELECT count(*) FROM booking WHERE id = ${id} AND purpose = 'CGI'; SELECT count(*) FROM actionlog WHERE line LIKE '% NEUMANN: CREATE ${id} FIAT-500 %'`], { encoding: 'utf8' });
  assert.equal(out.trim(), '1\n1');
});

test('without a session, calendar.cgi redirects to login.cgi; unknown paths are 404; other methods 405', () => {
  const r = cgi('calendar');
  assert.equal(r.headers.status[0], '303 See Other');
  assert.deepEqual(r.headers.location, ['/cgi-bin/login.cgi']);
  const nf = cgi('calendar', { pathInfo: '/nope', cookie: `wb_session=${session}` });
  assert.equal(nf.status, 404);
  assert.match(nf.body, /<h1>404<\/h1>/);
  const put = cgi('login', { method: 'PUT' });
  assert.equal(put.status, 405);
});

test('the same binary named .fcgi keeps its ending in links', () => {
  const r = cgi('login', { env: { SCRIPT_NAME: '/app/login.fcgi' } });
  assert.equal(r.status, 200);
  assert.match(r.body, /<form method="post" action="\/app\/login.fcgi" class="form">/);
  assert.match(r.headers['set-cookie'][0], /; Path=\/app; /);
});
