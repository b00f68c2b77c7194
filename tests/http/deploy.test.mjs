// Real web servers in the three deployments deploy/ describes, each on a free loopback port and started
// from the deploy/ files with only the paths (and the port) filled in:
//   - nginx + spawn-fcgi + multiwatch with deploy/nginx/wagenbuch.conf and the ExecStart line of
//     deploy/systemd/wagenbuch@.service (TLS lines dropped: the test speaks plain HTTP),
//   - Apache 2.4 + mod_fcgid with deploy/apache/wagenbuch.conf (TLS lines dropped likewise),
//   - Apache 2.4 + plain CGI under mod_cgid with deploy/shared-hosting/.htaccess (AllowOverride All).
// Against each: the start-page redirect, sign in, calendar, book, conflict, cancel, the booking file
// (CSV and xlsx), an upload, the billing API with Basic auth, a PDF, 404/403 and the security headers.
// Apache and nginx do not serve as root, so as root (CI) the workers run as www-data over a copy of
// the programs and files in a world-readable temp tree.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BUILD, freePort } from './harness.mjs';
import { Client } from './client.mjs';

const MOD = '/usr/lib/apache2/modules';
const PAGES = ['login', 'calendar', 'admin', 'export', 'market', 'api'];
const asRoot = process.getuid() === 0;
const RUN_USER = asRoot ? 'www-data' : os.userInfo().username;

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}
function chownR(p) {
  if (asRoot) execFileSync('chown', ['-R', `${RUN_USER}:${RUN_USER}`, p]);
}
// A demo database as tools/server.sh makes it: the migrations, then schema/demo.sql.
function demoDb(file) {
  const env = { ...process.env, WB_DB: file, WB_SCHEMA: path.join(ROOT, 'schema') };
  execFileSync(path.join(BUILD, 'wagenbuch-admin'), ['migrate'], { env });
  execFileSync('sqlite3', ['-bail', file], { input: `BEGIN IMMEDIATE;\n${fs.readFileSync(path.join(ROOT, 'schema/demo.sql'))}\nCOMMIT;` });
  fs.rmSync(`${file}.setup-token`, { force: true });
}

// The server-wide part every Apache needs (what /etc/apache2/apache2.conf would give), in dir.
function mainConf(dir, port, modules) {
  return [
    `ServerName 127.0.0.1`,
    `Listen 127.0.0.1:${port}`,
    `PidFile ${dir}/httpd.pid`,
    `DefaultRuntimeDir ${dir}`,
    `Mutex file:${dir} default`,
    `ErrorLog ${dir}/error.log`,
    `LogLevel warn`,
    asRoot ? `User ${RUN_USER}\nGroup ${RUN_USER}` : '',
    ...['mpm_event', 'authz_core', 'alias', 'mime', 'dir', 'env', 'rewrite', 'headers', ...modules]
      .map((m) => `LoadModule ${m}_module ${MOD}/mod_${m}.so`),
    `TypesConfig /etc/mime.types`,
    `<Directory />\n\tAllowOverride None\n\tRequire all denied\n</Directory>`,
    '',
  ].join('\n');
}

async function startApache(dir, conf) {
  const file = path.join(dir, 'httpd.conf');
  fs.writeFileSync(file, conf);
  execFileSync('apache2', ['-t', '-f', file], { stdio: 'pipe' });
  const proc = spawn('apache2', ['-f', file, '-DFOREGROUND'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const port = Number(conf.match(/^Listen 127\.0\.0\.1:(\d+)$/m)[1]);
  for (let i = 0; i < 100; i++) {
    try {
      await new Client(`http://127.0.0.1:${port}`).get('/static/nonexistent');
      return proc;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill('SIGTERM');
  throw new Error(`apache did not start:\n${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
}
async function stopApache(proc) {
  if (!proc || proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM'); // graceful stop of this one server (its pid), children included
  await Promise.race([done, new Promise((r) => setTimeout(r, 10000))]);
}

// ---- Deployment 0: nginx with deploy/nginx/wagenbuch.conf, workers as deploy/systemd/wagenbuch@.service starts them.
async function nginxSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-nginx-'));
  fs.chmodSync(dir, 0o755);
  const lib = path.join(dir, 'usr/lib/wagenbuch'), share = path.join(dir, 'usr/share/wagenbuch'), data = path.join(dir, 'var/lib/wagenbuch');
  fs.mkdirSync(lib, { recursive: true });
  fs.mkdirSync(path.join(data, 'run'), { recursive: true });
  for (const p of PAGES) fs.copyFileSync(path.join(BUILD, `${p}.fcgi`), path.join(lib, `${p}.fcgi`));
  for (const d of ['htdocs', 'templates', 'schema']) copyDir(path.join(ROOT, d), path.join(share, d));
  demoDb(path.join(data, 'wagenbuch.db'));
  chownR(data);
  const fill = (t) => t.replaceAll('/usr/lib/wagenbuch', lib).replaceAll('/usr/share/wagenbuch', share).replaceAll('/var/lib/wagenbuch', data);
  // The workers: the unit's ExecStart line, its %i filled in, as the unit's user (here RUN_USER).
  const unit = fs.readFileSync(path.join(ROOT, 'deploy/systemd/wagenbuch@.service'), 'utf8');
  const exec = unit.match(/^ExecStart=(.*)$/m)[1];
  const envs = Object.fromEntries([...unit.matchAll(/^Environment=(\w+)=(.*)$/gm)].map((m) => [m[1], fill(m[2])]));
  const pids = [];
  for (const page of PAGES) {
    const argv = fill(exec).replaceAll('%i', page).split(/\s+/);
    assert.equal(argv[1], '-n', 'spawn-fcgi in the foreground, as systemd runs it');
    const extra = asRoot ? ['-u', RUN_USER, '-g', RUN_USER, '-U', RUN_USER, '-G', RUN_USER] : [];
    const p = spawn(argv[0], [...argv.slice(1, 2), ...extra, ...argv.slice(2)], { env: { ...process.env, ...envs }, stdio: ['ignore', 'ignore', 'inherit'] });
    pids.push(p);
  }
  const port = await freePort();
  let site = fill(fs.readFileSync(path.join(ROOT, 'deploy/nginx/wagenbuch.conf'), 'utf8'));
  // Only paths and the port change: the port-80 redirect server and the TLS lines are left out; the
  // file's own note on HTTP_HOST applies (a fastcgi_params without it, and $host:$server_port).
  site = site.replace(/server \{[^{}]*return 301[^{}]*\}/, '')
    .replace(/^\s*listen 443 ssl http2;$/m, `\tlisten 127.0.0.1:${port};`)
    .replace(/^\s*listen \[::\]:443 ssl http2;$/m, '')
    .replace(/^\s*(ssl_\w+|add_header Strict-Transport-Security) .*$/gm, '')
    .replaceAll('include /etc/nginx/fastcgi_params;', `include ${dir}/fastcgi_params;\n\t\tfastcgi_param HTTP_HOST $host:$server_port;`);
  fs.writeFileSync(path.join(dir, 'fastcgi_params'),
    fs.readFileSync('/etc/nginx/fastcgi_params', 'utf8').split('\n').filter((l) => !/^\s*fastcgi_param\s+HTTP_HOST\s/.test(l)).join('\n'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  chownR(path.join(dir, 'tmp'));
  const conf = [asRoot ? `user ${RUN_USER};` : '', `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log warn;`, 'daemon off;', 'worker_processes 1;',
    'events {}', 'http {', '\tinclude /etc/nginx/mime.types;', '\taccess_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `\t${t}_temp_path ${dir}/tmp/${t};`),
    site, '}', ''].join('\n');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  for (let i = 0; i < 100 && !PAGES.every((p) => fs.existsSync(path.join(data, 'run', `${p}.sock`))); i++)
    await new Promise((r) => setTimeout(r, 50));
  execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
  const proc = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    try {
      await new Client(`http://127.0.0.1:${port}`).get('/static/nonexistent');
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { dir, proc, workers: pids, base: `http://127.0.0.1:${port}`, url: (page, rest = '') => `/${page}${rest}`, db: path.join(data, 'wagenbuch.db') };
}

// ---- Deployment 1: mod_fcgid with deploy/apache/wagenbuch.conf.
async function fcgidSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-apache-fcgid-'));
  fs.chmodSync(dir, 0o755);
  const lib = path.join(dir, 'usr/lib/wagenbuch'), share = path.join(dir, 'usr/share/wagenbuch'), data = path.join(dir, 'var/lib/wagenbuch');
  fs.mkdirSync(lib, { recursive: true });
  fs.mkdirSync(data, { recursive: true });
  for (const p of PAGES) fs.copyFileSync(path.join(BUILD, `${p}.fcgi`), path.join(lib, `${p}.fcgi`));
  for (const d of ['htdocs', 'templates', 'schema']) copyDir(path.join(ROOT, d), path.join(share, d));
  demoDb(path.join(data, 'wagenbuch.db'));
  chownR(data);
  fs.mkdirSync(path.join(dir, 'fcgid'));
  chownR(path.join(dir, 'fcgid'));
  const port = await freePort();
  let site = fs.readFileSync(path.join(ROOT, 'deploy/apache/wagenbuch.conf'), 'utf8');
  // Only paths and the port change; TLS (certificates) and the port-80 redirect host are left out.
  site = site.replaceAll('/usr/lib/wagenbuch', lib).replaceAll('/usr/share/wagenbuch', share).replaceAll('/var/lib/wagenbuch', data)
    .replace('<VirtualHost *:443>', `<VirtualHost 127.0.0.1:${port}>`)
    .replace(/^\s*SSL\w+ .*$/gm, '')
    .replace(/<VirtualHost \*:80>[\s\S]*?<\/VirtualHost>/, '');
  assert.ok(!site.includes('/usr/') || site.includes(dir));
  const conf = mainConf(dir, port, ['fcgid']) +
    `FcgidIPCDir ${dir}/fcgid\nFcgidProcessTableFile ${dir}/fcgid/shm\n` + site;
  const proc = await startApache(dir, conf);
  return { dir, proc, base: `http://127.0.0.1:${port}`, url: (page, rest = '') => `/${page}${rest}`, db: path.join(data, 'wagenbuch.db') };
}

// ---- Deployment 2: plain CGI with deploy/shared-hosting/.htaccess, laid out as deploy/README.md says.
async function cgiSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-apache-cgi-'));
  fs.chmodSync(dir, 0o755);
  const home = path.join(dir, 'home/USER');
  const pub = path.join(home, 'public_html');
  fs.mkdirSync(path.join(pub, 'cgi-bin'), { recursive: true });
  for (const p of PAGES) {
    fs.copyFileSync(path.join(BUILD, `${p}.fcgi`), path.join(pub, 'cgi-bin', `${p}.cgi`));
    fs.chmodSync(path.join(pub, 'cgi-bin', `${p}.cgi`), 0o755);
  }
  copyDir(path.join(ROOT, 'htdocs'), path.join(pub, 'static'));
  for (const d of ['templates', 'schema']) copyDir(path.join(ROOT, d), path.join(home, 'wagenbuch', d));
  fs.mkdirSync(path.join(home, 'wagenbuch-data'), { mode: 0o700 });
  demoDb(path.join(home, 'wagenbuch-data/wagenbuch.db'));
  chownR(path.join(home, 'wagenbuch-data'));
  const ht = fs.readFileSync(path.join(ROOT, 'deploy/shared-hosting/.htaccess'), 'utf8');
  fs.writeFileSync(path.join(pub, '.htaccess'), ht.replaceAll('/home/USER', home));
  // The cgi-bin/.htaccess lines the comment at the end of deploy/shared-hosting/.htaccess names.
  const sub = [...ht.matchAll(/^#\s+((?:Options \+ExecCGI|AddHandler cgi-script \.cgi|CGIPassAuth On))\s*$/gm)].map((m) => m[1]);
  assert.deepEqual(sub, ['Options +ExecCGI', 'AddHandler cgi-script .cgi', 'CGIPassAuth On']);
  fs.writeFileSync(path.join(pub, 'cgi-bin/.htaccess'), sub.join('\n') + '\n');
  const port = await freePort();
  const conf = mainConf(dir, port, ['cgid']) + [
    `ScriptSock ${dir}/cgid.sock`,
    `DocumentRoot ${pub}`,
    `<Directory ${pub}>`, '\tAllowOverride All', '\tRequire all granted', '</Directory>', ''].join('\n');
  const proc = await startApache(dir, conf);
  return { dir, proc, base: `http://127.0.0.1:${port}`, url: (page, rest = '') => `/cgi-bin/${page}.cgi${rest}`, db: path.join(home, 'wagenbuch-data/wagenbuch.db') };
}

const FMT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
function day(days, hhmm) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(Date.now() + days * 86400000))) o[p.type] = p.value;
  return `${o.year}-${o.month}-${o.day}T${hhmm}`;
}
const basic = (name, token) => 'Basic ' + Buffer.from(`${name}:${token}`).toString('base64');

function securityHeaders(r, what) {
  assert.match(r.headers['content-security-policy'] ?? '', /default-src 'self'/, what);
  assert.equal(r.headers['x-frame-options'], 'DENY', what);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(r.headers['referrer-policy'], 'same-origin', what);
}

// The representative HTTP flow, the same for every deployment.
function flow(name, setup) {
  describe(name, () => {
    let s;
    before(async () => { s = await setup(); });
    after(async () => {
      await stopApache(s?.proc);
      for (const w of s?.workers ?? []) await stopApache(w);
      if (s) fs.rmSync(s.dir, { recursive: true, force: true });
    });
    const signIn = async (login, pw) => {
      const c = new Client(s.base);
      const r = await c.submit(s.url('login'), { org: 1, login, password: pw });
      assert.equal(r.status, 303, `${login}: ${r.status} ${r.body.slice(0, 300)}`);
      // An administrator of an organisation in a mini-market chooses the portal first.
      assert.equal(r.location, login === 'ADMIN' ? s.url('market', '/portal') : s.url('calendar'));
      return c;
    };

    test('the start page redirects to the calendar by URL, never by file-system path', async () => {
      const r = await new Client(s.base).get('/');
      assert.equal(r.status, 302);
      const loc = new URL(r.location, s.base);
      assert.equal(loc.pathname, s.url('calendar'));
      assert.ok(!r.location.includes(s.dir), r.location);
      const page = await new Client(s.base).get(loc.pathname);
      assert.ok([200, 303].includes(page.status), `${page.status}`);
    });

    test('sign in, calendar, book, conflict, cancel', async () => {
      const c = await signIn('NEUMANN', 'neumann');
      const cal = await c.get(s.url('calendar'));
      assert.equal(cal.status, 200);
      securityHeaders(cal, 'calendar');
      assert.ok(cal.body.includes(`href="${s.url('calendar', '/mine')}"`), 'links follow SCRIPT_NAME');
      // The page's stylesheet and script are where the deployment serves its static files.
      const assets = [...cal.body.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(assets.length >= 2, cal.body.slice(0, 600));
      for (const a of assets) {
        const st = await c.get(a);
        assert.equal(st.status, 200, a);
        assert.match(st.headers['content-type'], /^(text\/css|text\/javascript|application\/javascript)/, a);
      }
      const token = c.csrf(cal.body);
      const f = { csrf: token, vehicle: 4, start: day(60, '09:00'), end: day(60, '11:00'), purpose: 'über Apache' };
      const b = await c.post(s.url('calendar', '/booking/new'), f);
      assert.equal(b.status, 303, b.body.slice(0, 300));
      const id = Number(b.location.match(/\/booking\/(\d+)\?created=1$/)[1]);
      assert.ok(b.location.startsWith(s.url('calendar')));
      const clash = await c.post(s.url('calendar', '/booking/new'), { ...f, start: day(60, '10:00'), end: day(60, '12:00') });
      assert.equal(clash.status, 409);
      const human = (v) => `${v.slice(8, 10)}.${v.slice(5, 7)}.${v.slice(0, 4)} ${v.slice(11)}`;
      assert.ok(clash.body.includes(`${human(f.start)} – ${human(f.end)}`), 'names the conflicting time');
      const view = await c.get(s.url('calendar', `/booking/${id}`));
      assert.equal(view.status, 200);
      assert.ok(view.body.includes('über Apache'));
      const del = await c.post(s.url('calendar', `/booking/${id}/delete`), { csrf: token });
      assert.equal(del.status, 303);
      assert.equal((await c.get(s.url('calendar', `/booking/${id}`))).status, 404);
      const again = await c.post(s.url('calendar', '/booking/new'), { ...f, start: day(60, '10:00'), end: day(60, '12:00') });
      assert.equal(again.status, 303, 'the cancelled booking no longer blocks');
      const lines = execFileSync('sqlite3', [s.db, "SELECT line FROM actionlog WHERE line LIKE '%über Apache'"], { encoding: 'utf8' });
      assert.match(lines, new RegExp(`CREATE ${id} [\\s\\S]*DELETE ${id} `));
    });

    test('403 for a member on an administrator page, 404 for a missing booking, both as pages with the headers', async () => {
      const c = await signIn('NEUMANN', 'neumann');
      const forb = await c.get(s.url('admin', '/members'));
      assert.equal(forb.status, 403);
      securityHeaders(forb, '403');
      const missing = await c.get(s.url('calendar', '/booking/99999999'));
      assert.equal(missing.status, 404);
      assert.match(missing.headers['content-type'], /^text\/html/);
      securityHeaders(missing, '404');
      const anon = await new Client(s.base).get(s.url('admin', '/members'));
      assert.ok([303, 302].includes(anon.status), 'anonymous users are sent to sign in');
    });

    test('booking file as CSV and xlsx, split-billing PDF, as the administrator', async () => {
      const a = await signIn('ADMIN', 'admin');
      const ym = day(0, '00:00').slice(0, 7);
      const csv = await a.get(s.url('export', `/bookings?from=${ym}&to=${ym}`));
      assert.equal(csv.status, 200);
      assert.match(csv.headers['content-type'], /^text\/csv/);
      assert.match(csv.headers['content-disposition'], /attachment; filename="[^"]+\.csv"/);
      assert.ok(csv.body.split('\n').length > 2, 'rows');
      const x = await a.get(s.url('export', `/bookings?from=${ym}&to=${ym}&format=xlsx`));
      assert.equal(x.status, 200);
      assert.equal(x.buffer.subarray(0, 2).toString(), 'PK');
      const pdf = await a.get(s.url('market', '/billing?format=pdf'));
      assert.equal(pdf.status, 200, pdf.body.slice(0, 300));
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.buffer.subarray(0, 5).toString(), '%PDF-');
    });

    test('an upload (members CSV, multipart): preview, then confirm writes the new member', async () => {
      const a = await signIn('ADMIN', 'admin');
      const tok = a.csrf((await a.get(s.url('calendar'))).body);
      const boundary = '----WbApache' + Math.random().toString(16).slice(2);
      const csv = 'login;descr;member_no\r\nUPLOAD-TEST;Hochgeladen über Apache;4711\r\n';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${tok}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmembers\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="liste.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`),
        Buffer.from(`--${boundary}--\r\n`)]);
      const r = await a.post(s.url('admin', '/import'), body, { contentType: `multipart/form-data; boundary=${boundary}` });
      assert.equal(r.status, 200, r.body.slice(0, 500));
      assert.match(r.body, /class="n-new">1 /);
      assert.match(r.body, /class="n-errors">0 /);
      const id = Number(r.body.match(/action="[^"]*\/import\/(\d+)"/)[1]);
      const ok = await a.post(s.url('admin', `/import/${id}`), { csrf: tok });
      assert.equal(ok.status, 303);
      const row = execFileSync('sqlite3', [s.db, "SELECT descr || '|' || member_no FROM member WHERE login = 'UPLOAD-TEST'"], { encoding: 'utf8' });
      assert.equal(row.trim(), 'Hochgeladen über Apache|4711');
    });

    test('billing API with Basic auth: the header reaches the program', async () => {
      const c = new Client(s.base);
      const u = s.url('api', '/v1/billing/getBillings/usergroup/1/datalimit/5');
      const no = await c.get(u);
      assert.equal(no.status, 401);
      assert.match(no.headers['www-authenticate'] ?? '', /^Basic realm="/);
      assert.equal((await c.get(u, { headers: { Authorization: basic('BILLING', 'wrong') } })).status, 401);
      const ok = await c.get(u, { headers: { Authorization: basic('BILLING', 'billing') } });
      assert.equal(ok.status, 200, ok.body.slice(0, 300));
      assert.match(ok.headers['content-type'], /xml/);
      assert.match(ok.body, /^<\?xml/);
    });

    test('the database and the templates are never served', async () => {
      const c = new Client(s.base);
      for (const p of ['/wagenbuch.db', '/static/../wagenbuch-data/wagenbuch.db', '/templates/login.cs', '/schema/001_init.sql']) {
        const r = await c.get(p);
        assert.ok([403, 404].includes(r.status), `${p}: ${r.status}`);
      }
    });
  });
}

flow('nginx + spawn-fcgi + multiwatch (deploy/nginx/wagenbuch.conf, deploy/systemd)', nginxSetup);
flow('Apache 2.4 + mod_fcgid (deploy/apache/wagenbuch.conf)', fcgidSetup);
flow('Apache 2.4 + plain CGI (deploy/shared-hosting/.htaccess)', cgiSetup);
