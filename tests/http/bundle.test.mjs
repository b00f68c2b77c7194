// `make bundle`: the shared-hosting tarball runs on a host with nothing of Debian's libraries. The test
// unpacks it into an empty tree that holds only the bundle, the dynamic loader and glibc (libc, libm),
// chroots there and runs the programs as plain CGI with CGI environment variables: real pages, a
// sign-in, the billing API, a PDF and an xlsx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './harness.mjs';

// What a host has of glibc and nothing more: the loader, libc, libm and libresolv (libcurl's resolver
// needs it; it is part of glibc on every host).
const GLIBC = ['/lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libm.so.6',
  '/lib/x86_64-linux-gnu/libresolv.so.2'];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bundle-'));
const HOME = '/home/USER';
const host = (p) => path.join(root, p);
let tarball;
// The loader finds $ORIGIN through /proc/self/exe, which every host has: mount /proc in the chroot
// (as root); where mounting is not allowed, LD_ORIGIN_PATH tells the loader the same directory.
let procMounted = false;
after(() => {
  if (procMounted) spawnSync('umount', [host('/proc')]);
  if (!procMounted || !fs.existsSync(host('/proc/self'))) fs.rmSync(root, { recursive: true, force: true });
});

before(() => {
  // The bundle is never a sanitizer build: SAN= overrides the SAN=1 a `make test SAN=1` passes down.
  const r = spawnSync('make', ['-s', '-C', ROOT, 'bundle', 'SAN='], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const m = r.stdout.match(/^bundle: (\S+\.tar\.gz) \(needs glibc ([\d.]+)/m);
  assert.ok(m, r.stdout);
  tarball = m[1].startsWith('/') ? m[1] : path.join(ROOT, m[1]);
  // The oldest glibc Debian 12's toolchain can target (crt1.o and libcrypto need 2.34).
  const [maj, min] = m[2].split('.').map(Number);
  assert.ok(maj === 2 && min <= 34, `needs glibc ${m[2]}`);
  fs.mkdirSync(host(HOME), { recursive: true });
  execFileSync('tar', ['-C', host(HOME), '--strip-components=1', '-xzf', tarball]);
  for (const f of GLIBC) {
    fs.mkdirSync(host(path.dirname(f)), { recursive: true });
    fs.copyFileSync(fs.realpathSync(f), host(f));
    fs.chmodSync(host(f), 0o755);
  }
  // Every host has an empty /tmp (the PDF and xlsx are written through temp files).
  fs.mkdirSync(host('/tmp'), { mode: 0o1777 });
  fs.chmodSync(host('/tmp'), 0o1777);
  fs.mkdirSync(host('/proc'));
  procMounted = spawnSync('mount', ['-t', 'proc', 'proc', host('/proc')]).status === 0;
});

// Runs one CGI request in the chroot. -> {status, headers (lower-case, Set-Cookie as array), body (Buffer), stderr}
function cgi(page, { method = 'GET', pathInfo = '', query = '', cookie = '', body = '', contentType = '', headers = {} } = {}) {
  const env = {
    WB_DB: `${HOME}/wagenbuch-data/wagenbuch.db`, WB_TEMPLATES: `${HOME}/wagenbuch/templates`, WB_SCHEMA: `${HOME}/wagenbuch/schema`,
    GATEWAY_INTERFACE: 'CGI/1.1', REQUEST_METHOD: method, SCRIPT_NAME: `/cgi-bin/${page}.cgi`, PATH_INFO: pathInfo,
    QUERY_STRING: query, SERVER_NAME: 'localhost', SERVER_PORT: '80', SERVER_PROTOCOL: 'HTTP/1.1', HTTP_HOST: 'localhost',
    REMOTE_ADDR: '127.0.0.1', REQUEST_URI: `/cgi-bin/${page}.cgi${pathInfo}${query ? `?${query}` : ''}`, ...headers,
  };
  if (cookie) env.HTTP_COOKIE = cookie;
  if (!procMounted) env.LD_ORIGIN_PATH = `${HOME}/public_html/cgi-bin`;
  if (method === 'POST') {
    env.CONTENT_LENGTH = String(Buffer.byteLength(body));
    env.CONTENT_TYPE = contentType || 'application/x-www-form-urlencoded';
  }
  const r = spawnSync('/usr/sbin/chroot', [root, `${HOME}/public_html/cgi-bin/${page}.cgi`], { env, input: body, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${page}${pathInfo}: exit ${r.status} ${r.stderr}`);
  const out = r.stdout;
  const sep = out.indexOf('\r\n\r\n') >= 0 ? out.indexOf('\r\n\r\n') : out.indexOf('\n\n');
  const headText = out.subarray(0, sep).toString('latin1');
  const res = { headers: { 'set-cookie': [] }, body: out.subarray(sep + (out[sep] === 13 ? 4 : 2)), stderr: r.stderr.toString() };
  for (const line of headText.split(/\r?\n/)) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).toLowerCase(), v = line.slice(i + 1).trim();
    if (k === 'set-cookie') res.headers['set-cookie'].push(v.split(';')[0]);
    else res.headers[k] = v;
  }
  res.status = Number((res.headers.status ?? '200').split(' ')[0]);
  return res;
}

test('the chroot holds nothing but the bundle, the loader and glibc; programs carry their run path', () => {
  const all = execFileSync('find', [root, '-path', host('/proc'), '-prune', '-o', '-type', 'f', '-not', '-path', `${host(HOME)}/*`, '-print'], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(all, GLIBC.map(host).sort());
  const progs = fs.readdirSync(host(`${HOME}/public_html/cgi-bin`)).filter((f) => f.endsWith('.cgi')).sort();
  assert.deepEqual(progs, ['admin.cgi', 'api.cgi', 'calendar.cgi', 'export.cgi', 'login.cgi', 'market.cgi']);
  for (const p of progs) {
    const d = execFileSync('readelf', ['-d', host(`${HOME}/public_html/cgi-bin/${p}`)], { encoding: 'utf8' });
    const needed = [...d.matchAll(/\(NEEDED\).*\[(.+)\]/g)].map((m) => m[1]);
    for (const n of needed) assert.ok(/^(libc|libm|libxlsxwriter|libcurl|libjansson|libical)\.so/.test(n), `${p} needs ${n}`);
    assert.match(d, /\(RPATH\).*\[\$ORIGIN\/\.\.\/\.\.\/wagenbuch\/lib\]/, p);
  }
  const install = fs.readFileSync(host(`${HOME}/INSTALL.txt`), 'utf8');
  assert.match(install, /glibc 2\.34 or newer/);
  const libdir = host(`${HOME}/wagenbuch/lib`);
  for (const f of [...progs.map((p) => host(`${HOME}/public_html/cgi-bin/${p}`)), ...fs.readdirSync(libdir).map((l) => path.join(libdir, l))]) {
    const versions = [...execFileSync('objdump', ['-T', f], { encoding: 'utf8' }).matchAll(/GLIBC_2\.(\d+)/g)].map((x) => Number(x[1]));
    assert.ok(Math.max(...versions) <= 34, `${f} needs GLIBC_2.${Math.max(...versions)}`);
  }
  for (const f of ['public_html/.htaccess', 'public_html/cgi-bin/.htaccess', 'public_html/static/css/wagenbuch.css',
    'wagenbuch/templates/login.cs', 'wagenbuch/schema/001_init.sql'])
    assert.ok(fs.existsSync(host(`${HOME}/${f}`)), f);
  assert.ok(!fs.existsSync(host(`${HOME}/wagenbuch/schema/demo.sql`)), 'no demo data in the bundle');
});

test('as plain CGI in the chroot: pages, sign-in, calendar, billing API, a PDF and an xlsx', () => {
  const first = cgi('login');
  assert.equal(first.status, 200, first.stderr);
  assert.match(first.body.toString(), /href="\/cgi-bin\/login\.cgi\/setup"/);
  // Demo data for the flow (the chroot's own database, created by the first request).
  execFileSync('sqlite3', ['-bail', host(`${HOME}/wagenbuch-data/wagenbuch.db`)], { input: `BEGIN IMMEDIATE;\n${fs.readFileSync(path.join(ROOT, 'schema/demo.sql'))}\nCOMMIT;` });
  const form = cgi('login');
  const pre = form.headers['set-cookie'].join('; ');
  const csrf = form.body.toString().match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const login = cgi('login', { method: 'POST', cookie: pre, body: `org=1&login=ADMIN&password=admin&csrf=${csrf}` });
  assert.equal(login.status, 303, login.body.toString() + login.stderr);
  // ADMIN's organisation is in a mini-market: the portal choice comes first.
  assert.equal(login.headers.location, '/cgi-bin/market.cgi/portal');
  const session = login.headers['set-cookie'].join('; ');
  const cal = cgi('calendar', { cookie: session });
  assert.equal(cal.status, 200, cal.stderr);
  assert.match(cal.body.toString(), /<table|class="grid|calendar/);
  // With the bundle's .htaccess (WB_STATIC_URL) the pages link public_html/static/.
  const ht = fs.readFileSync(host(`${HOME}/public_html/.htaccess`), 'utf8');
  const staticUrl = ht.match(/^SetEnv WB_STATIC_URL (\S+)$/m)[1];
  const cal2 = cgi('calendar', { cookie: session, headers: { WB_STATIC_URL: staticUrl } });
  const css = cal2.body.toString().match(/<link rel="stylesheet" href="([^"]+)"/)[1];
  assert.ok(css.startsWith(`${staticUrl}/`), css);
  assert.ok(fs.existsSync(host(`${HOME}/public_html/${css.slice(1)}`)), css);
  assert.equal(cgi('admin', { pathInfo: '/members', cookie: session }).status, 200);
  assert.equal(cgi('calendar', { pathInfo: '/booking/99999999', cookie: session }).status, 404);
  const api = cgi('api', { pathInfo: '/v1/billing/getBillings/usergroup/1/datalimit/5',
    headers: { HTTP_AUTHORIZATION: 'Basic ' + Buffer.from('BILLING:billing').toString('base64') } });
  assert.equal(api.status, 200, api.stderr);
  assert.match(api.body.toString(), /^<\?xml/);
  const pdf = cgi('market', { pathInfo: '/billing', query: 'format=pdf', cookie: session });
  assert.equal(pdf.status, 200, pdf.stderr);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  const pf = path.join(root, 'b.pdf');
  fs.writeFileSync(pf, pdf.body);
  assert.match(execFileSync('pdftotext', [pf, '-'], { encoding: 'utf8' }), /Master-Abrechnung/, 'the PDF has its text');
  const ym = new Date().toISOString().slice(0, 7);
  const xlsx = cgi('export', { pathInfo: '/bookings', query: `from=${ym}&to=${ym}&format=xlsx`, cookie: session });
  assert.equal(xlsx.status, 200, xlsx.stderr);
  assert.equal(xlsx.body.subarray(0, 2).toString(), 'PK');
  const f = path.join(root, 'b.xlsx');
  fs.writeFileSync(f, xlsx.body);
  assert.match(execFileSync('unzip', ['-l', f], { encoding: 'utf8' }), /xl\/worksheets\/sheet1\.xml/);
});
