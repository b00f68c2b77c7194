// Hostile requests: each gets a quick, clean 4xx (or a normal answer), and the same worker serves a normal page afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv;
// One worker per page, so that "the same worker" below is literally one process.
before(async () => { srv = await startServer({ demo: true, workers: 1 }); });
after(async () => { await srv?.stop(); });

const FMT = '%n%s%x';

// ---- Helpers.

// Pids of the workers multiwatch runs for a page (children of the pid in run/PAGE.spawn.pid).
function workerPids(page) {
  const mw = fs.readFileSync(path.join(srv.varDir, 'run', `${page}.spawn.pid`), 'utf8').trim();
  const kids = fs.readFileSync(`/proc/${mw}/task/${mw}/children`, 'utf8').trim();
  return kids ? kids.split(/\s+/).map(Number).sort() : [];
}

// Security headers every answer of the application carries.
function assertSecurityHeaders(h, what = '') {
  assert.match(h['content-security-policy'] ?? '', /default-src 'self'/, `CSP ${what}`);
  assert.match(h['content-security-policy'] ?? '', /frame-ancestors 'none'/, `CSP frame-ancestors ${what}`);
  assert.equal(h['x-frame-options'], 'DENY', `X-Frame-Options ${what}`);
  assert.equal(h['x-content-type-options'], 'nosniff', `X-Content-Type-Options ${what}`);
  assert.ok(h['referrer-policy'], `Referrer-Policy ${what}`);
  assert.equal(h['referrer-policy'], 'same-origin', `Referrer-Policy ${what}`);
}

// The workers of login and calendar still answer ordinary requests, and none was restarted
// since `pids` (from workerPids) was taken.
async function stillServing(pids) {
  const c = new Client(srv.base);
  const r = await c.get('/login');
  assert.equal(r.status, 200);
  assert.ok(csrf(r.body), 'the login form is complete');
  assertSecurityHeaders(r.headers, 'GET /login');
  const cal = await c.get('/calendar');
  assert.equal(cal.status, 303);
  assert.equal(cal.location, '/login');
  if (pids) {
    assert.deepEqual(workerPids('login'), pids.login, 'the login worker was not restarted (no crash)');
    assert.deepEqual(workerPids('calendar'), pids.calendar, 'the calendar worker was not restarted (no crash)');
  }
}
const pidsNow = () => ({ login: workerPids('login'), calendar: workerPids('calendar') });

// Measures an async call: {value, ms}.
async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

// Sends bytes over a raw TCP connection to nginx and reads until the server closes (or timeout).
// halfClose: end our side after writing (the server sees EOF). Resolves to
// {closed, timedOut, ms, raw, status, headerLines, headers, body}.
function raw(data, { halfClose = false, timeout = 5000 } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect(srv.port, '127.0.0.1');
    const chunks = [];
    let settled = false;
    const done = (timedOut) => {
      if (settled) return;
      settled = true;
      s.destroy();
      const buf = Buffer.concat(chunks);
      const text = buf.toString('latin1');
      const sep = text.indexOf('\r\n\r\n');
      const head = sep >= 0 ? text.slice(0, sep) : text;
      const lines = head ? head.split('\r\n') : [];
      const m = lines[0]?.match(/^HTTP\/1\.[01] (\d{3})/);
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({
        closed: !timedOut, timedOut, ms: Date.now() - t0, raw: text,
        status: m ? Number(m[1]) : null, headerLines: lines.slice(1), headers,
        body: sep >= 0 ? buf.subarray(sep + 4).toString('utf8') : '',
      });
    };
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => done(false));
    s.on('close', () => done(false));
    s.on('error', () => done(false));
    s.setTimeout(timeout, () => done(true));
    s.write(data, () => { if (halfClose) s.end(); });
  });
}

// ---- A minimal FastCGI client, to give a worker what nginx never would (a lying CONTENT_LENGTH).

function fcgiRecord(type, id, content = Buffer.alloc(0)) {
  const pad = (8 - (content.length % 8)) % 8;
  const h = Buffer.from([1, type, id >> 8, id & 255, content.length >> 8, content.length & 255, pad, 0]);
  return Buffer.concat([h, content, Buffer.alloc(pad)]);
}
function fcgiLen(n) {
  if (n < 128) return Buffer.from([n]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((n | 0x80000000) >>> 0);
  return b;
}
function fcgiParams(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    const kb = Buffer.from(k), vb = Buffer.from(String(v));
    parts.push(fcgiLen(kb.length), fcgiLen(vb.length), kb, vb);
  }
  return Buffer.concat(parts);
}

// Sends one request straight to a page's worker socket. stdin: the body bytes sent; eof: send the
// empty STDIN record that ends the body. Resolves to {status, headers, body, ms, timedOut}.
function fcgi(page, params, { stdin = '', eof = true, timeout = 5000 } = {}) {
  const base = {
    GATEWAY_INTERFACE: 'CGI/1.1', SERVER_PROTOCOL: 'HTTP/1.1', SERVER_SOFTWARE: 'test',
    SCRIPT_NAME: `/${page}`, PATH_INFO: '', QUERY_STRING: '', REQUEST_METHOD: 'GET',
    HTTP_HOST: `127.0.0.1:${srv.port}`, SERVER_NAME: '127.0.0.1', SERVER_PORT: String(srv.port),
    REMOTE_ADDR: '127.0.0.1', REMOTE_PORT: '40000',
  };
  const p = { ...base, ...params };
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const s = net.connect(path.join(srv.varDir, 'run', `${page}.sock`));
    let buf = Buffer.alloc(0);
    const out = [];
    let settled = false;
    const finish = (timedOut) => {
      if (settled) return;
      settled = true;
      s.destroy();
      const text = Buffer.concat(out).toString('utf8');
      const sep = text.indexOf('\r\n\r\n');
      const head = sep >= 0 ? text.slice(0, sep) : text;
      const headers = {};
      const headerLines = head.split('\r\n');
      for (const l of headerLines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const st = headers.status ? Number(headers.status.split(' ')[0]) : (text ? 200 : null);
      resolve({ status: st, headers, headerLines, body: sep >= 0 ? text.slice(sep + 4) : '', ms: Date.now() - t0, timedOut });
    };
    s.on('data', (c) => {
      buf = Buffer.concat([buf, c]);
      while (buf.length >= 8) {
        const type = buf[1], len = buf.readUInt16BE(4), pad = buf[6];
        if (buf.length < 8 + len + pad) break;
        const content = buf.subarray(8, 8 + len);
        buf = buf.subarray(8 + len + pad);
        if (type === 6) out.push(content);           // FCGI_STDOUT
        else if (type === 3) return finish(false);   // FCGI_END_REQUEST
      }
    });
    s.on('end', () => finish(false));
    s.on('error', (e) => (settled ? null : reject(e)));
    s.setTimeout(timeout, () => finish(true));
    s.on('connect', () => {
      const recs = [fcgiRecord(1, 1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]))]; // BEGIN_REQUEST, responder, no keep-conn
      const pb = fcgiParams(p);
      for (let i = 0; i < pb.length; i += 65535) recs.push(fcgiRecord(4, 1, pb.subarray(i, i + 65535)));
      recs.push(fcgiRecord(4, 1));
      const body = Buffer.from(stdin);
      for (let i = 0; i < body.length; i += 65535) recs.push(fcgiRecord(5, 1, body.subarray(i, i + 65535)));
      if (eof) recs.push(fcgiRecord(5, 1));
      s.write(Buffer.concat(recs));
    });
  });
}

// multipart/form-data body of fields with boundary b.
function multipart(b, fields) {
  return Object.entries(fields)
    .map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${b}--\r\n`;
}

// A fresh client that holds the login form's token (and the pre-login cookie).
async function withLoginForm() {
  const c = new Client(srv.base);
  const page = await c.get('/login');
  assert.equal(page.status, 200);
  return { c, token: c.csrf(page.body) };
}

// ---- Tests.

test('responses carry the security headers; the session cookie is HttpOnly and SameSite=Lax', async () => {
  const { c, token } = await withLoginForm();
  const pre = (await new Client(srv.base).get('/login')).setCookies.find((l) => l.startsWith('wb_pre='));
  assert.ok(pre, 'the login form sets the pre-login cookie');
  assert.match(pre, /;\s*HttpOnly/i);
  assert.match(pre, /;\s*SameSite=Lax/i);
  const r = await c.post('/login', { csrf: token, org: 1, login: 'NEUMANN', password: 'neumann' });
  assert.equal(r.status, 303);
  assertSecurityHeaders(r.headers, '303 after login');
  const sess = r.setCookies.find((l) => /^wb_session=[0-9a-f]{64};/.test(l));
  assert.ok(sess, `a session cookie: ${r.setCookies.join(' | ')}`);
  assert.match(sess, /;\s*HttpOnly(;|$)/i);
  assert.match(sess, /;\s*SameSite=Lax(;|$)/i);
  assert.match(sess, /;\s*Path=\//);
  for (const p of ['/calendar', '/calendar/mine', '/calendar/booking/new', '/login/password']) {
    const g = await c.get(p);
    assert.equal(g.status, 200, p);
    assertSecurityHeaders(g.headers, p);
    // Personal pages are never stored by shared caches (no-store, or private revalidation with an ETag).
    assert.match(g.headers['cache-control'] ?? '', /no-store|private/, `${p}: Cache-Control ${g.headers['cache-control']}`);
    assert.doesNotMatch(g.headers['cache-control'] ?? '', /public/, `${p}: Cache-Control`);
  }
  // Behind HTTPS the cookie is Secure too.
  const https = await fcgi('login', { HTTPS: 'on' });
  assert.equal(https.status, 200);
  assert.ok(https.headerLines.some((l) => /^Set-Cookie: wb_pre=[0-9a-f]{64};.*HttpOnly.*SameSite=Lax.*Secure/i.test(l)),
    https.headerLines.join('\n'));
});

test('a 10 MB form body is refused with 413, quickly, and the worker still serves', async () => {
  const pids = pidsNow();
  const { c, token } = await withLoginForm();
  const body = `csrf=${token}&login=x&password=${'a'.repeat(10 * 1024 * 1024)}`;
  const { value: r, ms } = await timed(() => c.post('/login', body));
  assert.equal(r.status, 413);
  assertSecurityHeaders(r.headers, '413');
  assert.ok(ms < 5000, `answered in ${ms} ms`);
  assert.match(r.body, /413/);
  // A multipart body over its own limit too.
  const b = 'XyZ123';
  const big = multipart(b, { csrf: token, file: 'x'.repeat(7 * 1024 * 1024) });
  const m = await c.post('/login', big, { contentType: `multipart/form-data; boundary=${b}` });
  assert.equal(m.status, 413);
  await stillServing(pids);
});

test('a Content-Length longer than the body: nginx drops it, the worker answers 400 without waiting', async () => {
  const pids = pidsNow();
  const { token } = await withLoginForm();
  // Through nginx: nginx waits for the promised bytes; when the client gives up (EOF) it closes
  // the connection quickly, and nothing reaches the worker.
  const req = `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    `Content-Length: 1000\r\nConnection: close\r\n\r\ncsrf=${token}&login=x`;
  const r = await raw(req, { halfClose: true, timeout: 5000 });
  assert.ok(r.closed, 'the connection is closed, not left hanging');
  assert.ok(r.ms < 3000, `closed after ${r.ms} ms`);
  assert.ok(r.status === null || (r.status >= 400 && r.status < 500), `status ${r.status}`);
  // Straight to the worker, the body ends (FastCGI EOF) before CONTENT_LENGTH bytes: 400 at once.
  const f = await fcgi('login', {
    REQUEST_METHOD: 'POST', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '1000',
  }, { stdin: 'login=x&password=y' });
  assert.equal(f.timedOut, false, 'the worker answered');
  assert.equal(f.status, 400);
  assert.ok(f.ms < 2000, `answered in ${f.ms} ms`);
  assertSecurityHeaders(f.headers, 'fastcgi 400');
  await stillServing(pids);
});

test('a negative or non-numeric Content-Length is 400, a missing one 411', async () => {
  const pids = pidsNow();
  // Through nginx (which answers these itself).
  for (const cl of ['-5', 'abc', '12abc', '0x10']) {
    const r = await raw(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${cl}\r\nConnection: close\r\n\r\nlogin=x`, { timeout: 3000 });
    assert.ok(r.closed && r.ms < 2000, `Content-Length ${cl}: answered in ${r.ms} ms`);
    assert.ok(r.status === 400 || r.status === 411, `Content-Length ${cl}: ${r.status}`);
  }
  const none = await raw(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    'Connection: close\r\n\r\n', { timeout: 3000 });
  assert.equal(none.status, 411);
  // Straight to the worker, which must check the length itself (Apache, shared hosting).
  const cases = [['-5', 400], ['abc', 400], ['+5', 400], [' 5', 400], ['5 ', 400], ['99999999999999999999', 400],
    ['', 411], [undefined, 411]];
  for (const [cl, want] of cases) {
    const f = await fcgi('login', { REQUEST_METHOD: 'POST', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: cl },
      { stdin: 'login=x' });
    assert.equal(f.timedOut, false, `CONTENT_LENGTH ${JSON.stringify(cl)}: answered`);
    assert.ok(f.status === want || (want === 400 && f.status === 413), `CONTENT_LENGTH ${JSON.stringify(cl)}: ${f.status}, want ${want}`);
    assertSecurityHeaders(f.headers, `CONTENT_LENGTH ${cl}`);
  }
  await stillServing(pids);
});

test('40,000 repeated fields are refused with 413 before ClearSilver parses them', async () => {
  const pids = pidsNow();
  const { c, token } = await withLoginForm();
  const body = `csrf=${token}&` + Array(40000).fill('a=1').join('&');
  const { value: r, ms } = await timed(() => c.post('/login', body));
  assert.equal(r.status, 413);
  assertSecurityHeaders(r.headers, '413 fields');
  assert.ok(ms < 1000, `answered in ${ms} ms (the kit alone takes seconds for this)`);
  // The same in a query string (over the query length limit, or the field count).
  const q = await c.get('/login?' + Array(40000).fill('a=1').join('&'));
  assert.ok(q.status === 413 || q.status === 414, `query: ${q.status}`);
  // Many distinct names, under the length limits.
  const distinct = `csrf=${token}&` + Array.from({ length: 5000 }, (_, i) => `f${i}=1`).join('&');
  const d = await timed(() => c.post('/login', distinct));
  assert.equal(d.value.status, 413);
  assert.ok(d.ms < 1000, `distinct names answered in ${d.ms} ms`);
  await stillServing(pids);
});

test('PUT, DELETE, OPTIONS, PATCH are 405 before any parsing', async () => {
  const pids = pidsNow();
  const c = new Client(srv.base);
  for (const p of ['/login', '/calendar', '/calendar/booking/1', '/login/logout']) {
    for (const m of ['PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const body = m === 'PUT' || m === 'PATCH' ? 'login=x&password=y' : undefined;
      const { value: r, ms } = await timed(() => c.request(m, p, {
        headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}, body,
      }));
      assert.equal(r.status, 405, `${m} ${p}`);
      assert.ok(ms < 1000, `${m} ${p}: ${ms} ms`);
      assert.match(r.headers.allow ?? '', /GET/, `${m} ${p}: Allow`);
      assertSecurityHeaders(r.headers, `${m} ${p}`);
    }
  }
  // A PUT whose body never arrives must not make the worker wait for it.
  const f = await fcgi('login', { REQUEST_METHOD: 'PUT', CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '100000' },
    { stdin: 'login=x', eof: false, timeout: 3000 });
  assert.equal(f.timedOut, false, 'the worker answered the short PUT without waiting for its body');
  assert.equal(f.status, 405);
  await stillServing(pids);
});

test('field names with a dot or of 300 characters are 400', async () => {
  const pids = pidsNow();
  const { c, token } = await withLoginForm();
  const long = 'a'.repeat(300);
  const bodies = [
    `csrf=${token}&login=x&password=y&id.0=x`,
    `csrf=${token}&login=x&password=y&id%2E0=x`,
    `csrf=${token}&login=x&password=y&Query.csrf=x`,
    `csrf=${token}&login=x&password=y&${long}=x`,
    `csrf=${token}&login=x&password=y&${'%61'.repeat(300)}=x`,
  ];
  for (const b of bodies) {
    const r = await c.post('/login', b);
    assert.equal(r.status, 400, b.slice(70, 120));
    assertSecurityHeaders(r.headers, '400 name');
  }
  for (const q of ['id.0=x', 'Cookie.wb_session=x', `${long}=1`]) {
    const r = await c.get(`/login?${q}`);
    assert.equal(r.status, 400, `query ${q.slice(0, 40)}`);
    const cal = await c.get(`/calendar?${q}`);
    assert.equal(cal.status, 400, `calendar query ${q.slice(0, 40)}`);
  }
  // Multipart part names follow the same rule (a long one must not be cut to 64 characters and accepted).
  for (const name of ['id.0', long]) {
    const b = 'BoUnDaRy42';
    const r = await c.post('/login', multipart(b, { csrf: token, login: 'x', password: 'y', [name]: 'x' }),
      { contentType: `multipart/form-data; boundary=${b}` });
    assert.equal(r.status, 400, `multipart name ${name.slice(0, 20)}`);
  }
  await stillServing(pids);
});

test('an encoded NUL (%00) in a value is refused like a raw NUL, never silently truncated', async () => {
  const pids = pidsNow();
  // A raw NUL byte in the body is a 400 (request.c); the same byte percent-encoded must not
  // reach the validators as a shorter string.
  {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', Buffer.from(`csrf=${token}&org=1&login=NEUMANN\0x&password=neumann`));
    assert.equal(r.status, 400, 'raw NUL');
  }
  {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', `csrf=${token}&org=1&login=NEUMANN%00DROP&password=neumann`);
    assert.ok(r.status === 400 || r.status === 422, `login=NEUMANN%00DROP with NEUMANN's password: ${r.status} ${r.location ?? ''}`);
    assert.ok(!r.setCookies.some((l) => l.startsWith('wb_session=')), 'no session for a login name with a NUL in it');
  }
  await stillServing(pids);
});

test('%n%s%x in every login field and in User-Agent, Referer and Host: a normal answer, echoed literally', async () => {
  const pids = pidsNow();
  const headers = { 'User-Agent': FMT, Referer: `${srv.base}/login?x=${FMT}` };
  // Every field, the organisation too: the form comes back with messages and the login refilled.
  {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', { csrf: token, org: FMT, login: FMT, password: FMT, remember: FMT }, { headers });
    assert.equal(r.status, 422);
    assertSecurityHeaders(r.headers, '422');
    assert.match(r.body, /<input id="login" name="login" value="%n%s%x"/);
    assert.match(r.body, /class="errors"/);
    assert.doesNotMatch(r.body, /\(null\)|0x[0-9a-f]{6,}/i, 'no printf output');
  }
  // A valid organisation: the password check runs and fails; the login is still echoed literally.
  {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', { csrf: token, org: 1, login: FMT, password: FMT, remember: '1' }, { headers });
    assert.equal(r.status, 422);
    assert.match(r.body, /value="%n%s%x"/);
    assert.doesNotMatch(r.body, /\(null\)/);
  }
  // A forged csrf value is just a wrong token.
  {
    const { c } = await withLoginForm();
    const r = await c.post('/login', { csrf: FMT, org: 1, login: 'NEUMANN', password: 'neumann' }, { headers });
    assert.equal(r.status, 403);
    assertSecurityHeaders(r.headers, '403');
  }
  // In the headers of ordinary GETs, and Host too (through a raw socket, as sent).
  {
    const c = new Client(srv.base);
    const g = await c.get(`/login?expired=${encodeURIComponent(FMT)}`, { headers });
    assert.equal(g.status, 200);
    for (const host of [FMT, `${FMT}:${srv.port}`, '%s%s%s%s%s%s%s%s%s%s%n']) {
      const r = await raw(`GET /login HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${FMT}\r\nReferer: ${FMT}\r\nConnection: close\r\n\r\n`);
      assert.ok(r.status === 200 || r.status === 400, `Host ${host}: ${r.status}`);
      if (r.status === 200) {
        assertSecurityHeaders(r.headers, `Host ${host}`);
        assert.doesNotMatch(r.body, /\(null\)/);
      }
      const cal = await raw(`GET /calendar HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      if (cal.status !== 400) {
        assert.equal(cal.status, 303, `calendar with Host ${host}`);
        assert.equal(cal.headers.location, '/login');
      }
    }
    // A POST whose Host is a format string fails the same-origin check, cleanly.
    const { token } = await withLoginForm();
    const p = await c.post('/login', { csrf: token, org: 1, login: FMT, password: FMT }, { headers: { ...headers, Host: FMT } });
    assert.ok(p.status === 403 || p.status === 422 || p.status === 400, `POST with Host ${FMT}: ${p.status}`);
  }
  // The worker's own log never interpreted them either.
  assert.doesNotMatch(srv.logs(), /\(null\)/);
  await stillServing(pids);
});

test('a forged Host header never reaches a Location', async () => {
  const pids = pidsNow();
  const evil = 'evil.example';
  const locs = [];
  // Not signed in: the calendar redirects to the login page.
  for (const host of [evil, `${evil}:${srv.port}`, `${evil}:80`]) {
    const r = await raw(`GET /calendar HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-Host: ${evil}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 303, `Host ${host}`);
    locs.push(r.headers.location);
  }
  // An absolute-form request line makes nginx use that host.
  const abs = await raw(`GET http://${evil}/calendar HTTP/1.1\r\nHost: ${evil}\r\nConnection: close\r\n\r\n`);
  assert.equal(abs.status, 303);
  locs.push(abs.headers.location);
  // nginx's own redirect of "/".
  const root = await raw(`GET / HTTP/1.1\r\nHost: ${evil}\r\nConnection: close\r\n\r\n`);
  locs.push(root.headers.location);
  // A successful sign-in with a forged Host (no Origin or Referer, as some clients send): 303 to a path.
  {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', { csrf: token, org: 1, login: 'NEUMANN', password: 'neumann' },
      { headers: { Host: evil, Origin: null, 'X-Forwarded-Host': evil } });
    assert.equal(r.status, 303);
    locs.push(r.location);
    // Signed in: the login page redirects to the calendar; sign-out redirects to the login page.
    const again = await c.get('/login', { headers: { Host: evil } });
    assert.equal(again.status, 303);
    locs.push(again.location);
    const cal = await c.get('/calendar', { headers: { Host: evil } });
    const out = await c.post('/login/logout', { csrf: csrf(cal.body) }, { headers: { Host: evil, Origin: null } });
    assert.equal(out.status, 303);
    locs.push(out.location);
  }
  for (const l of locs) {
    assert.ok(l, 'a Location header');
    assert.match(l, /^\/[^/]/, `Location ${l} is a path`);
    assert.ok(!l.includes(evil), `Location ${l} does not name the forged host`);
  }
  await stillServing(pids);
});

test('CR/LF in reflected fields never reaches a response header', async () => {
  const pids = pidsNow();
  const inj = '\r\nSet-Cookie: evil=1\r\nX-Injected: 1';
  const enc = encodeURIComponent(inj);
  const check = (r, what) => {
    for (const l of r.headerLines) {
      assert.doesNotMatch(l, /^X-Injected/i, `${what}: injected header line`);
      assert.doesNotMatch(l, /evil=1/, `${what}: injected cookie`);
    }
  };
  const { c, token } = await withLoginForm();
  const cookie = c.cookieHeader();
  // The login field is reflected into the form: raw socket, so that we see the header block as sent.
  const body = `csrf=${token}&org=1&login=${enc}&password=${enc}`;
  const r = await raw(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nOrigin: ${srv.base}\r\nCookie: ${cookie}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  assert.ok(r.status === 422 || r.status === 400, `login with CR/LF: ${r.status}`);
  check(r, 'login field');
  // Query strings of pages that redirect or reflect.
  for (const p of [`/login?expired=${enc}`, `/calendar?area=${enc}`, `/calendar?date=2024-01-01${enc}`, `/calendar/booking/new?vehicle=1${enc}`]) {
    const g = await raw(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nConnection: close\r\n\r\n`);
    assert.ok(g.status >= 200 && g.status < 500, `${p}: ${g.status}`);
    check(g, p);
  }
  // Signed in: booking fields that come back in the form, and the calendar's own links.
  const login = await c.post('/login', { csrf: token, org: 1, login: 'NEUMANN', password: 'neumann' });
  assert.equal(login.status, 303);
  const form = await c.get('/calendar/booking/new?vehicle=1');
  const t = csrf(form.body);
  const b2 = `csrf=${t}&vehicle=1&start=2030-01-01T10:00${enc}&end=2030-01-01T12:00&purpose=x${enc}`;
  const p2 = await raw(`POST /calendar/booking/new HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nOrigin: ${srv.base}\r\n` +
    `Cookie: ${c.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(b2)}\r\n` +
    `Connection: close\r\n\r\n${b2}`);
  assert.equal(p2.status, 422);
  check(p2, 'booking form');
  for (const p of [`/calendar?area=1&view=week${enc}`, `/calendar/booking/1${enc}`, `/login/password?done=${enc}`]) {
    const g = await raw(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nCookie: ${c.cookieHeader()}\r\nConnection: close\r\n\r\n`);
    assert.ok(g.status !== null && g.status < 500, `${p}: ${g.status}`);
    check(g, p);
  }
  // Raw CR/LF in a request header value is refused by nginx before anything else.
  const h = await raw(`GET /login HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUser-Agent: a\rX-Injected: 1\r\nConnection: close\r\n\r\n`);
  check(h, 'raw CR in a header');
  await stillServing(pids);
});

test('urlencoded with "; charset=UTF-8" (and other spellings) parses: sign-in succeeds', async () => {
  const pids = pidsNow();
  for (const ct of ['application/x-www-form-urlencoded; charset=UTF-8', 'application/x-www-form-urlencoded;charset=utf-8',
    'Application/X-WWW-Form-Urlencoded; Charset=UTF-8']) {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', { csrf: token, org: 1, login: 'NEUMANN', password: 'neumann' }, { contentType: ct });
    assert.equal(r.status, 303, ct);
    assert.equal(r.location, '/calendar');
    assert.ok(r.setCookies.some((l) => l.startsWith('wb_session=')), ct);
    const cal = await c.get('/calendar');
    assert.equal(cal.status, 200, `${ct}: signed in`);
  }
  await stillServing(pids);
});

test('multipart: a csrf part passes the CSRF check; boundaries of different lengths in a row in one worker all parse', async () => {
  const pids = pidsNow();
  assert.equal(pids.login.length, 1, 'one login worker');
  const boundaries = ['b', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'x'.repeat(70), '---------------------------9051914041544843365972754266',
    'AaB03x', '-'.repeat(27) + '1234', 'q'.repeat(10)];
  for (const b of boundaries) {
    const { c, token } = await withLoginForm();
    const r = await c.post('/login', multipart(b, { csrf: token, org: 1, login: 'NEUMANN', password: 'neumann' }),
      { contentType: `multipart/form-data; boundary=${b}` });
    assert.equal(r.status, 303, `boundary of ${b.length} characters`);
    assert.equal(r.location, '/calendar');
    // Signed in, a multipart sign-out with the session's token passes the CSRF check too.
    const cal = await c.get('/calendar');
    assert.equal(cal.status, 200);
    const out = await c.post('/login/logout', multipart(b, { csrf: csrf(cal.body) }), { contentType: `multipart/form-data; boundary="${b}"` });
    assert.equal(out.status, 303, `multipart logout, boundary of ${b.length}`);
    assert.equal(out.location, '/login');
  }
  // Without a csrf part, or with a wrong one: 403.
  const { c, token } = await withLoginForm();
  const b = 'zzz';
  const no = await c.post('/login', multipart(b, { org: 1, login: 'NEUMANN', password: 'neumann' }), { contentType: `multipart/form-data; boundary=${b}` });
  assert.equal(no.status, 403);
  const wrong = await c.post('/login', multipart(b, { csrf: token.replace(/.$/, (x) => (x === '0' ? '1' : '0')), org: 1, login: 'NEUMANN', password: 'neumann' }),
    { contentType: `multipart/form-data; boundary=${b}` });
  assert.equal(wrong.status, 403);
  // A boundary that does not match the body is a clean 400.
  const bad = await c.post('/login', multipart('one', { csrf: token }), { contentType: 'multipart/form-data; boundary=other' });
  assert.equal(bad.status, 400);
  const none = await c.post('/login', multipart('one', { csrf: token }), { contentType: 'multipart/form-data' });
  assert.equal(none.status, 400);
  assert.deepEqual(workerPids('login'), pids.login, 'still the same worker');
  await stillServing(pids);
});
