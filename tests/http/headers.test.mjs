// Security headers on what nginx answers itself (static files, its 404/413/400/502 pages), never doubled on the application's answers; and `make run`'s printout (stop command, demo logins).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, freePort, ROOT, BUILD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true, workers: 1 }); });
after(async () => { await srv?.stop(); });

// Sends raw bytes and answers { status, headers: [[name, value]...] } of the reply's head.
function raw(bytes) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const done = () => {
      const text = buf.toString('latin1');
      const head = text.split('\r\n\r\n')[0].split('\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
      if (!m) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = head.slice(1).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
      });
      resolve({ status: Number(m[1]), headers, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    };
    sock.setTimeout(5000, () => { sock.destroy(); done(); });
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); });
    sock.on('end', done);
    sock.on('error', (e) => (buf.length ? done() : reject(e)));
    sock.write(bytes);
  });
}

const get = (p) => raw(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n\r\n`);

// Each of the four headers exactly once, with the values the brief demands.
function assertHeaders(res, what) {
  const all = (n) => res.headers.filter(([k]) => k === n).map(([, v]) => v);
  const csp = all('content-security-policy');
  assert.equal(csp.length, 1, `one CSP on ${what}: ${JSON.stringify(csp)}`);
  assert.match(csp[0], /default-src 'self'/, `CSP self only on ${what}`);
  assert.doesNotMatch(csp[0], /\*|unsafe|https?:/, `CSP names no other source on ${what}`);
  assert.deepEqual(all('x-frame-options'), ['DENY'], `X-Frame-Options on ${what}`);
  assert.deepEqual(all('x-content-type-options'), ['nosniff'], `nosniff on ${what}`);
  assert.deepEqual(all('referrer-policy'), ['same-origin'], `Referrer-Policy on ${what}`);
}

test('a static file carries the security headers', async () => {
  const r = await get('/static/css/wagenbuch.css');
  assert.equal(r.status, 200);
  assertHeaders(r, 'a static file');
});

test("a missing static file's 404 and an unknown path carry them, with nginx's own error page", async () => {
  const r = await get('/static/css/no-such-file.css');
  assert.equal(r.status, 404);
  assertHeaders(r, 'a missing static file');
  assert.match(r.body, /404 Nicht gefunden/);
  const u = await get('/no-such-page');
  assert.equal(u.status, 404);
  assertHeaders(u, 'an unknown path');
});

test("nginx's 413 on an oversized body carries them (and keeps its status)", async () => {
  const r = await raw(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n`
    + `Content-Length: ${30 * 1024 * 1024}\r\nConnection: close\r\n\r\nlogin=x`);
  assert.equal(r.status, 413);
  assertHeaders(r, "nginx's 413");
});

test('a malformed request gets a 400 with them', async () => {
  const r = await raw('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBroken header line without colon\r\n\r\n');
  assert.equal(r.status, 400);
  assertHeaders(r, 'a malformed request');
  const bad = await raw('GET /static/\x01x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
  assert.equal(bad.status, 400);
  assertHeaders(bad, 'a duplicate Host');
});

test("nginx's 502 when a page's workers are gone carries them", async () => {
  const sock = path.join(srv.varDir, 'run', 'api.sock');
  fs.renameSync(sock, `${sock}.away`);
  try {
    const r = await get('/api/v1/billing/getBillings/usergroup/1/datalimit/10');
    assert.equal(r.status, 502);
    assertHeaders(r, "nginx's 502");
  } finally {
    fs.renameSync(`${sock}.away`, sock);
  }
  assert.notEqual((await get('/api/v1/billing/getBillings/usergroup/1/datalimit/10')).status, 502);
});

test("the application's answers keep their own headers, not doubled by nginx", async () => {
  for (const p of ['/login', '/calendar', '/no-such-page-of/login']) {
    const r = await get(p === '/no-such-page-of/login' ? '/login/no-such-route' : p);
    assertHeaders(r, p);
    const csp = r.headers.find(([k]) => k === 'content-security-policy')[1];
    assert.match(csp, /form-action 'self'/, `the app's own CSP on ${p}`);
  }
});

test('server.sh start prints the exact stop command for its var dir and every demo login', async () => {
  const port = await freePort();
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-run-'));
  const sh = path.join(ROOT, 'tools/server.sh');
  const r = spawnSync(sh, ['start', '--var', varDir, '--build', BUILD, '--port', String(port), '--workers', '1', '--demo'],
    { cwd: ROOT, encoding: 'utf8' });
  try {
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, new RegExp(`Stop with: make stop VAR=${varDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
    assert.doesNotMatch(out, /Stop with: make stop +\(/, 'a bare "make stop" would stop the default var/');
    assert.ok(out.includes(`tools/server.sh stop --var ${varDir}`));
    // Every row of README's demo table, and the API account.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| [^|]+\| ([A-Z0-9]+) +\| ([a-z0-9]+) +\|/gm)].map((m) => [m[1], m[2]]);
    assert.ok(rows.length >= 4, 'README has the demo table');
    for (const [login, pw] of rows) assert.match(out, new RegExp(`\\b${login} / ${pw}\\b`), `${login} printed`);
    for (const login of ['MEIER', 'HUBER', 'SCHMIDT', 'WAGNER', 'BERGER']) assert.ok(out.includes(login), `${login} printed`);
    assert.match(out, /BILLING \/ billing/);
    assert.ok(out.includes(`http://127.0.0.1:${port}/api/v1/billing/`));
  } finally {
    const s = spawnSync(sh, ['stop', '--var', varDir], { encoding: 'utf8' });
    assert.equal(s.status, 0);
    fs.rmSync(varDir, { recursive: true, force: true });
  }
});
