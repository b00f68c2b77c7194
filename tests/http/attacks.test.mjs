// Attacks: stored XSS in every free-text field (HTML and real Chromium), CSRF on every POST route, the
// session cookie's attributes, login throttling, the access matrix, and sqlmap against the forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, ROOT, BUILD } from './harness.mjs';
import { Client } from './client.mjs';

const WINDOW = 3; // login throttling window of this server, seconds
const TZ = 'Europe/Berlin';

const P = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  js: 'javascript:alert(1)',
  hover: "' onmouseover='alert(1)",
};
// ClearSilver's html escaping (Config.VarEscapeMode = html).
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const q = (s) => `'${String(s).replace(/'/g, "''")}'`; // an SQL string literal

let srv;
before(async () => {
  srv = await startServer({ demo: true, env: { WB_LOGIN_WINDOW: String(WINDOW) } });
});
after(async () => { await srv?.stop(); });

const one = (sql) => srv.sql(sql)[0];

// Local date "YYYY-MM-DD" in the organisations' zone, `days` from now.
function localDate(days) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + days * 86400e3));
}

async function signIn(login, password, org = 1) {
  const c = new Client(srv.base);
  const r = await c.login(login, password, { org });
  assert.equal(r.status, 303, `${login} signs in (${r.status})`);
  const cal = await c.get('/calendar');
  assert.equal(cal.status, 200);
  c.token = c.csrf(cal.body);
  assert.match(c.token, /^[0-9a-f]{64}$/);
  return c;
}

// Everything a denied request must leave alone: the whole database as `.dump` prints it (every table,
// WITHOUT ROWID ones too), except the idle clock of sessions (session_load may refresh last_seen of the
// requesting session), which is compared without last_seen. Two sqlite3 runs per dump.
function dump() {
  const text = execFileSync('sqlite3', ['-cmd', '.timeout 5000', srv.db, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const out = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^INSERT INTO "?(\w+)"?/);
    if (!m || m[1] === 'session') continue;
    (out[m[1]] ??= []).push(line);
  }
  for (const t of srv.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map((r) => r.name))
    out[t] ??= [];
  out.session = srv.sql('SELECT hex(token_hash) AS h, member_id, csrf, created_at, expires_at, long_lived FROM session ORDER BY h');
  return out;
}
function assertUnchanged(before, what) {
  const after = dump();
  for (const t of Object.keys(before)) {
    assert.equal(after[t]?.length, before[t].length, `${what}: row count of ${t}`);
    assert.deepEqual(after[t], before[t], `${what}: contents of ${t}`);
  }
}

// The route tables of the page executables, read from their sources: [{page, method, path, flags}].
function routes() {
  const out = [];
  for (const f of fs.readdirSync(path.join(ROOT, 'cgi-bin')).filter((n) => n.endsWith('.c')).sort()) {
    const page = f.slice(0, -2);
    if (!fs.existsSync(path.join(BUILD, `${page}.fcgi`))) continue;
    const src = fs.readFileSync(path.join(ROOT, 'cgi-bin', f), 'utf8');
    const table = src.match(/static const struct door_route routes\[\] = \{([\s\S]*?)\n\};/);
    if (!table) continue;
    for (const m of table[1].matchAll(/\{\s*"(GET|POST)",\s*"([^"]*)",\s*\w+,\s*([^}]*)\}/g))
      out.push({ page, method: m[1], path: m[2], flags: m[3] });
  }
  return out;
}

// ---- Attribute-level view of HTML: [{tag, attrs: [[name, value]]}] of every start tag.
function tags(html) {
  const out = [];
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/g)) {
    const attrs = [];
    for (const a of m[2].matchAll(/\s+([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
      attrs.push([a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '']);
    out.push({ tag: m[1].toLowerCase(), attrs });
  }
  return out;
}

// The payloads are inert in html: no raw markup payload, no event-handler attribute, no inline script,
// no javascript: URL; and every payload in `shown` is there in its escaped form.
function assertInert(html, where, shown = []) {
  for (const [k, p] of Object.entries(P)) {
    if (k !== 'js') assert.ok(!html.includes(p), `${where}: raw payload ${p} in the page`);
  }
  for (const t of tags(html)) {
    for (const [name, value] of t.attrs) {
      assert.ok(!name.startsWith('on'), `${where}: event handler attribute <${t.tag} ${name}=...>`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name))
        assert.doesNotMatch(value.trim(), /^javascript:/i, `${where}: javascript: URL in <${t.tag} ${name}>`);
    }
    if (t.tag === 'img') assert.ok(!t.attrs.some(([n, v]) => n === 'src' && v === 'x'), `${where}: injected <img>`);
  }
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(m[1], /\bsrc=/, `${where}: inline <script>`);
    assert.equal(m[2].trim(), '', `${where}: inline script content`);
  }
  for (const k of shown) assert.ok(html.includes(esc(P[k])), `${where}: escaped ${k} payload ${esc(P[k])} expected`);
}

// ---- (a) stored XSS

// Vehicles 1..4 (area 1) carry the payloads in name and description; members in their description;
// NEUMANN's bookings on vehicles 1..4 in their purpose.
const VEH = { 1: ['img', 'hover'], 2: ['script', 'js'], 3: ['hover', 'img'], 4: ['js', 'script'] }; // id: [name, descr]
const MEM = { NEUMANN: 'script', MEIER: 'img', HUBER: 'hover', SCHMIDT: 'js' };
const PURPOSE = { 1: 'script', 2: 'img', 3: 'js', 4: 'hover' };
const xss = { bookings: {}, pages: [] };

// Books vehicle for client on the first day from `from` with 22:00-23:00 free; returns the response.
async function bookFree(c, vehicle, purpose, from = 20) {
  for (let d = from; d < from + 30; d++) {
    const date = localDate(d);
    const r = await c.post('/calendar/booking/new', { csrf: c.token, vehicle, start: `${date}T22:00`, end: `${date}T23:00`, purpose });
    if (r.status === 303) return { r, date };
    assert.equal(r.status, 409, `booking vehicle ${vehicle}: ${r.status}`);
  }
  throw new Error(`no free evening for vehicle ${vehicle}`);
}

test('(a) stored XSS payloads in purpose, member and vehicle texts render escaped on every page (HTML)', async (t) => {
  for (const [id, [name, descr]] of Object.entries(VEH))
    srv.sql(`UPDATE vehicle SET name = ${q(`${P[name]} ${id}`)}, descr = ${q(P[descr])} WHERE id = ${id}`);
  for (const [login, k] of Object.entries(MEM)) srv.sql(`UPDATE member SET descr = ${q(P[k])} WHERE login = ${q(login)} AND org_id = 1`);

  const neumann = await signIn('NEUMANN', 'neumann');
  const admin = await signIn('ADMIN', 'admin');
  const meier = await signIn('MEIER', 'demo');
  const dates = new Set();
  for (const [v, k] of Object.entries(PURPOSE)) {
    const { r, date } = await bookFree(neumann, Number(v), P[k]);
    xss.bookings[v] = Number(r.location.match(/\/calendar\/booking\/(\d+)/)[1]);
    dates.add(date);
  }
  for (const [v, id] of Object.entries(xss.bookings))
    assert.equal(one(`SELECT purpose FROM booking WHERE id = ${id}`).purpose, P[PURPOSE[v]], 'stored as sent');

  const pages = xss.pages;
  const veh = (v) => [VEH[v][0], VEH[v][1]];
  for (const date of dates) {
    for (const view of ['week', 'day']) {
      // The grid: vehicle names and descriptions (with title tooltips), booking tooltips (login (descr) · span: purpose).
      pages.push({ who: neumann, url: `/calendar?area=1&date=${date}&view=${view}`, shown: ['script', 'img', 'js', 'hover'] });
      pages.push({ who: admin, url: `/calendar?area=1&date=${date}&view=${view}`, shown: ['script', 'img', 'js', 'hover'] });
    }
  }
  for (const [v, id] of Object.entries(xss.bookings)) {
    const shown = [...new Set([...veh(v), PURPOSE[v], MEM.NEUMANN])];
    pages.push({ who: neumann, url: `/calendar/booking/${id}`, shown });
    pages.push({ who: neumann, url: `/calendar/booking/${id}/edit`, shown: [...new Set([PURPOSE[v], 'script', 'img', 'js', 'hover'])] });
    pages.push({ who: admin, url: `/calendar/booking/${id}`, shown });
    pages.push({ who: admin, url: `/calendar/booking/${id}/edit`, shown: ['script', 'img', 'js', 'hover'] });
    pages.push({ who: meier, url: `/calendar/booking/${id}`, shown });
  }
  pages.push({ who: neumann, url: '/calendar/booking/new', shown: ['script', 'img', 'js', 'hover'] });
  pages.push({ who: admin, url: '/calendar/booking/new', shown: ['script', 'img', 'js', 'hover'] });
  pages.push({ who: neumann, url: '/calendar/mine', shown: ['script', 'img', 'js', 'hover'] });
  // Administration, where it exists.
  const adminPages = ['/admin/areas', '/admin/vehicles', '/admin/members', '/admin/vehicles/1', '/admin/vehicles/2',
    '/admin/vehicles/3', '/admin/vehicles/4', '/admin/vehicles/1/delete', '/admin/members/2', '/admin/members/3',
    '/admin/members/4', '/admin/members/5', '/admin/members/2/delete', '/export'];
  for (const url of adminPages) {
    const r = await admin.get(url);
    if (r.status === 404) {
      t.diagnostic(`${url}: 404 (not served by this build yet), not checked`);
      continue;
    }
    const shown = url === '/admin/vehicles' ? ['script', 'img', 'js', 'hover']
      : url === '/admin/members' ? ['script', 'img', 'js', 'hover']
        : url.startsWith('/admin/vehicles/') ? veh(url.split('/')[3]).slice(0, url.endsWith('/delete') ? 1 : 2)
          : url.startsWith('/admin/members/') && !url.endsWith('/delete') ? [MEM[['', '', 'NEUMANN', 'MEIER', 'HUBER', 'SCHMIDT'][Number(url.split('/')[3])]]]
            : [];
    pages.push({ who: admin, url, shown });
  }

  for (const pg of pages) {
    const r = await pg.who.get(pg.url);
    assert.equal(r.status, 200, `${pg.url}: ${r.status}`);
    assert.match(r.headers['content-type'], /^text\/html/);
    assertInert(r.body, pg.url, pg.shown);
  }

  // The conflict message: MEIER books over NEUMANN's booking with a payload purpose: 409 names NEUMANN
  // (and the description) and refills the form.
  const b1 = one(`SELECT start, end FROM booking WHERE id = ${xss.bookings[1]}`);
  const fmt = (t) => new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date(t * 1000)).replace(' ', 'T');
  const c = await meier.post('/calendar/booking/new', { csrf: meier.token, vehicle: 1, start: fmt(b1.start), end: fmt(b1.end), purpose: P.img });
  assert.equal(c.status, 409, c.body.slice(0, 300));
  assertInert(c.body, 'conflict (409)', ['script', 'img']);
  assert.ok(c.body.includes(`value="${esc(P.img)}"`), 'the purpose is refilled, escaped');
  xss.conflict = { who: meier, form: { vehicle: 1, start: fmt(b1.start), end: fmt(b1.end), purpose: P.img } };
  // Invalid input comes back too (422), with every payload refilled escaped.
  const bad = await neumann.post('/calendar/booking/new', { csrf: neumann.token, vehicle: 1, start: 'x', end: 'y', purpose: P.hover });
  assert.equal(bad.status, 422);
  assertInert(bad.body, 'invalid booking (422)', ['hover']);

  // The action log (text/plain, nosniff) carries the purpose as text only.
  const from = localDate(-40).slice(0, 7), to = localDate(60).slice(0, 7);
  const log = await admin.get(`/export/log?from=${from}&to=${to}`);
  if (log.status !== 404) {
    assert.equal(log.status, 200);
    assert.match(log.headers['content-type'], /^text\/plain/);
    assert.equal(log.headers['x-content-type-options'], 'nosniff');
  }
});

test('(a) the same pages in Chromium: no dialog fires, no handler or injected element in the DOM', async (t) => {
  if (!xss.pages.length) return t.skip('the HTML test did not get far enough to seed the payloads');
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return t.skip('playwright-core is not installed in tests/node_modules');
  }
  if (!fs.existsSync('/usr/bin/chromium')) return t.skip('/usr/bin/chromium is not installed');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  try {
    const contexts = new Map();
    const dialogs = [];
    for (const pg of xss.pages) {
      if (!contexts.has(pg.who)) {
        const ctx = await browser.newContext();
        await ctx.addCookies([...pg.who.cookies].map(([name, value]) => ({ name, value, url: srv.base })));
        const page = await ctx.newPage();
        page.on('dialog', async (d) => { dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`); await d.dismiss(); });
        contexts.set(pg.who, { ctx, page });
      }
      const { page } = contexts.get(pg.who);
      const r = await page.goto(srv.base + pg.url, { waitUntil: 'load' });
      assert.equal(r.status(), 200, pg.url);
      // Hover over everything that could carry a mouse handler, then look at the DOM.
      for (const sel of ['.vn', 'a.bk', 'td', 'dd', 'option', 'input']) {
        const els = await page.$$(sel);
        for (const el of els.slice(0, 12)) await el.hover({ timeout: 1000, force: true }).catch(() => {});
      }
      const bad = await page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll('*')) {
          for (const a of el.attributes) if (a.name.startsWith('on')) out.push(`${el.tagName} ${a.name}`);
          if (el.tagName === 'SCRIPT' && (!el.src || el.textContent.trim())) out.push('inline SCRIPT');
          if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') out.push('IMG src=x');
          for (const n of ['href', 'src', 'action', 'formaction']) {
            const v = el.getAttribute(n);
            if (v && /^\s*javascript:/i.test(v)) out.push(`${el.tagName} ${n}=${v}`);
          }
        }
        return out;
      });
      assert.deepEqual(bad, [], `${pg.url}: injected DOM`);
    }
    // The conflict page, posted from the form in the browser.
    const meierCtx = contexts.get(xss.conflict.who);
    if (meierCtx) {
      const { page } = meierCtx;
      await page.goto(`${srv.base}/calendar/booking/new?vehicle=1`);
      await page.fill('#start', xss.conflict.form.start);
      await page.fill('#end', xss.conflict.form.end);
      await page.fill('#purpose', xss.conflict.form.purpose);
      const [resp] = await Promise.all([page.waitForNavigation(), page.press('#purpose', 'Enter')]);
      assert.equal(resp.status(), 409);
      assert.equal(await page.inputValue('#purpose'), P.img, 'the payload is refilled as text');
    }
    await sleep(300);
    assert.deepEqual(dialogs, [], 'no dialog fired');
  } finally {
    await browser.close();
  }
});

// ---- (b) CSRF on every POST route

// Form fields that would make each route write, were the CSRF check missing.
function fieldsFor(rt) {
  const d = localDate(50);
  return {
    org: 1, login: rt.page === 'login' ? 'NEUMANN' : 'CSRFTEST', password: rt.page === 'login' ? 'neumann' : 'Geheim-12345',
    old: 'neumann', new: 'Geheim-12345', vehicle: 3, start: `${d}T10:00`, end: `${d}T11:00`, purpose: 'csrf',
    name: 'CSRF Test', descr: 'csrf', area: 1, sort: 5, member_no: '9999', is_admin: 1, locked: 1,
    tz: 'UTC', cancel_hours: 1, billing_period: 'quarter', grid_minutes: 30, lang: 'en', kind: 'members',
    from: localDate(-30).slice(0, 7), to: localDate(30).slice(0, 7), confirm: 1, upload: 1,
  };
}

test('(b) every POST route without a csrf field or with a wrong one answers 403 and writes nothing', async () => {
  const neumann = await signIn('NEUMANN', 'neumann');
  const admin = await signIn('ADMIN', 'admin');
  const anon = new Client(srv.base);
  const form = await anon.get('/login');
  const anonToken = anon.csrf(form.body);
  const own = one("SELECT b.id FROM booking b JOIN member m ON m.id = b.member_id WHERE m.login = 'NEUMANN' AND b.status = 'active' AND b.start > unixepoch() + 3*86400 ORDER BY b.start LIMIT 1").id;
  const ids = { booking: own, areas: 1, vehicles: 3, members: 3 };
  const posts = routes().filter((r) => r.method === 'POST');
  assert.ok(posts.length >= 6, `POST routes found: ${posts.map((r) => r.page + r.path).join(' ')}`);
  const seen = [];
  for (const rt of posts) {
    const url = `/${rt.page}${rt.path.replace(/(\w+)\/#/g, (m, kind) => `${kind}/${ids[kind] ?? 1}`)}`;
    const who = /NEEDS_ADMIN/.test(rt.flags) ? admin : /NEEDS_LOGIN/.test(rt.flags) ? neumann : anon;
    const right = who === anon ? anonToken : who.token;
    const other = who === admin ? neumann.token : who === neumann ? admin.token : 'ab'.repeat(32);
    const flipped = right.slice(0, -1) + (right.endsWith('0') ? '1' : '0');
    const fields = fieldsFor(rt);
    const variants = [
      ['no csrf', { ...fields }],
      ['empty csrf', { ...fields, csrf: '' }],
      ['another session\'s csrf', { ...fields, csrf: other }],
      ['one digit changed', { ...fields, csrf: flipped }],
      ['upper-case', { ...fields, csrf: right.toUpperCase() }],
      ['repeated field, both wrong', { ...fields, csrf: [other, flipped] }],
    ];
    for (const [what, body] of variants) {
      const before = dump();
      const r = await who.post(url, body);
      assert.equal(r.status, 403, `POST ${url} with ${what}: ${r.status}`);
      assert.ok(!r.setCookies.some((s) => s.startsWith('wb_session=')), `POST ${url} with ${what}: no session cookie`);
      assertUnchanged(before, `POST ${url} with ${what}`);
    }
    // A cross-site form post carrying the right token is refused by the Origin check alone.
    const before = dump();
    const x = await who.post(url, { ...fields, csrf: right }, { headers: { Origin: 'http://evil.example' } });
    assert.equal(x.status, 403, `POST ${url} from another origin: ${x.status}`);
    assertUnchanged(before, `POST ${url} from another origin`);
    seen.push(url);
  }
  for (const must of ['/login', '/login/logout', '/login/password', '/calendar/booking/new', `/calendar/booking/${own}/edit`, `/calendar/booking/${own}/delete`])
    assert.ok(seen.includes(must), `${must} covered (${seen.join(' ')})`);
  // The sessions still work: nothing was logged out.
  assert.equal((await neumann.get('/calendar')).status, 200);
  assert.equal((await admin.get('/calendar')).status, 200);
});

// ---- (c) the session cookie

// Runs build/login.fcgi as plain CGI against the server's database; returns {status, setCookies, body}.
function cgiLogin({ method = 'GET', body, cookie, env = {} } = {}) {
  const e = {
    PATH: '/usr/bin:/bin', GATEWAY_INTERFACE: 'CGI/1.1', SERVER_PROTOCOL: 'HTTP/1.1', SERVER_NAME: 'wb.example',
    SERVER_PORT: '443', HTTP_HOST: 'wb.example', REMOTE_ADDR: '192.0.2.9', REQUEST_METHOD: method,
    SCRIPT_NAME: '/login', PATH_INFO: '', QUERY_STRING: '', WB_DB: srv.db, WB_SCHEMA: path.join(ROOT, 'schema'),
    WB_TEMPLATES: path.join(ROOT, 'templates'), ...env,
  };
  if (cookie) e.HTTP_COOKIE = cookie;
  if (body !== undefined) {
    e.CONTENT_TYPE = 'application/x-www-form-urlencoded';
    e.CONTENT_LENGTH = String(Buffer.byteLength(body));
  }
  const r = spawnSync(path.join(BUILD, 'login.fcgi'), [], { env: e, input: body ?? '', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr?.toString());
  const raw = r.stdout.toString('utf8');
  const sep = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, sep).split('\r\n');
  return {
    status: Number(head.find((l) => l.startsWith('Status:'))?.split(' ')[1]),
    setCookies: head.filter((l) => /^Set-Cookie:/i.test(l)).map((l) => l.slice(l.indexOf(':') + 1).trim()),
    body: raw.slice(sep + 4),
  };
}

test('(c) session cookie: HttpOnly, SameSite=Lax, Path, no Secure over http; Secure when HTTPS=on', async () => {
  const c = new Client(srv.base);
  const form = await c.get('/login');
  const pre = form.setCookies.find((s) => s.startsWith('wb_pre='));
  assert.match(pre, /; Path=\/; HttpOnly; SameSite=Lax$/);
  const r = await c.login('HUBER', 'demo', { org: 1 });
  assert.equal(r.status, 303);
  const sc = r.setCookies.find((s) => s.startsWith('wb_session='));
  assert.ok(sc);
  const attrs = sc.split(';').slice(1).map((a) => a.trim());
  assert.ok(attrs.includes('HttpOnly'), sc);
  assert.ok(attrs.includes('SameSite=Lax'), sc);
  assert.ok(attrs.includes('Path=/'), sc);
  assert.ok(!attrs.some((a) => /^secure$/i.test(a)), `no Secure over plain http: ${sc}`);
  assert.ok(!attrs.some((a) => /^domain=/i.test(a)), `no Domain: ${sc}`);
  // Logout expires it with the same attributes.
  const out = await c.post('/login/logout', { csrf: c.csrf((await c.get('/calendar')).body) });
  assert.equal(out.status, 303);
  const del = out.setCookies.find((s) => s.startsWith('wb_session='));
  assert.match(del, /^wb_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);

  // Over HTTPS (plain CGI with HTTPS=on): the prelogin and session cookies are Secure.
  const g = cgiLogin({ env: { HTTPS: 'on' } });
  assert.equal(g.status, 200);
  const gp = g.setCookies.find((s) => s.startsWith('wb_pre='));
  assert.match(gp, /; HttpOnly; SameSite=Lax; Secure$/);
  const token = gp.match(/^wb_pre=([0-9a-f]{64})/)[1];
  const body = new URLSearchParams({ org: '1', login: 'HUBER', password: 'demo', csrf: token }).toString();
  const p = cgiLogin({ method: 'POST', body, cookie: `wb_pre=${token}`, env: { HTTPS: 'on', HTTP_ORIGIN: 'https://wb.example' } });
  assert.equal(p.status, 303, p.body.slice(0, 300));
  const ps = p.setCookies.find((s) => s.startsWith('wb_session='));
  assert.match(ps, /^wb_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  // A long-lived session ("stay logged in") keeps the attributes and adds Max-Age.
  const p2 = cgiLogin({ method: 'POST', body: `${body}&remember=1`, cookie: `wb_pre=${token}`, env: { HTTPS: 'on' } });
  assert.equal(p2.status, 303);
  assert.match(p2.setCookies.find((s) => s.startsWith('wb_session=')), /; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
  // Under an install path the cookie is scoped to it.
  const sub = cgiLogin({ env: { SCRIPT_NAME: '/carsharing/login.cgi' } });
  assert.match(sub.setCookies.find((s) => s.startsWith('wb_pre=')), /; Path=\/carsharing; HttpOnly; SameSite=Lax$/);
});

// ---- (d) login throttling

test(`(d) login throttling engages after repeated failures and releases after its window (${WINDOW} s)`, async () => {
  const tries = [];
  for (let i = 0; i < 5; i++) {
    const r = await new Client(srv.base).login('WAGNER', 'falsch', { org: 1 });
    tries.push(r.status);
  }
  assert.deepEqual(tries, [422, 422, 422, 422, 422]);
  const t0 = Date.now();
  // Now even the right password is refused, without a session.
  const c = new Client(srv.base);
  const blocked = await c.login('WAGNER', 'demo', { org: 1 });
  assert.equal(blocked.status, 429, `throttled: ${blocked.status}`);
  assert.ok(!blocked.setCookies.some((s) => s.startsWith('wb_session=')));
  assert.equal(one("SELECT count(*) AS n FROM session s JOIN member m ON m.id = s.member_id WHERE m.login = 'WAGNER'").n, 0);
  // Another login from the same address is not affected by WAGNER's failures.
  assert.equal((await new Client(srv.base).login('SCHMIDT', 'demo', { org: 1 })).status, 303);
  // After the window it releases.
  await sleep(Math.max(0, (WINDOW + 1.2) * 1000 - (Date.now() - t0)));
  const ok = await new Client(srv.base).login('WAGNER', 'demo', { org: 1 });
  assert.equal(ok.status, 303, `released after the window: ${ok.status}`);
});

// ---- (e) the access matrix

// The body of a response without what legitimately differs between two requests: nothing, for now.
const bodyOf = (r) => r.body;

test("(e) a member cannot edit or delete another member's booking (403), and nothing is written", async () => {
  const neumann = await signIn('NEUMANN', 'neumann');
  const theirs = srv.sql("SELECT b.id FROM booking b JOIN member m ON m.id = b.member_id WHERE m.login = 'MEIER' AND b.org_id = 1 AND b.status = 'active' ORDER BY b.start DESC LIMIT 3").map((r) => r.id);
  assert.ok(theirs.length >= 1);
  const d = localDate(70);
  for (const id of theirs) {
    const before = dump();
    assert.equal((await neumann.get(`/calendar/booking/${id}/edit`)).status, 403, `edit form ${id}`);
    assert.equal((await neumann.post(`/calendar/booking/${id}/edit`, { csrf: neumann.token, vehicle: 3, start: `${d}T10:00`, end: `${d}T11:00`, purpose: 'mine now' })).status, 403, `change ${id}`);
    assert.equal((await neumann.post(`/calendar/booking/${id}/delete`, { csrf: neumann.token })).status, 403, `delete ${id}`);
    assertUnchanged(before, `NEUMANN on MEIER's booking ${id}`);
  }
});

test("(e) a member gets 403 on every admin and export route, GET and POST, and nothing is written", async () => {
  const neumann = await signIn('NEUMANN', 'neumann');
  const admRoutes = routes().filter((r) => /NEEDS_ADMIN/.test(r.flags));
  assert.ok(admRoutes.length >= 1);
  for (const rt of admRoutes) {
    const url = `/${rt.page}${rt.path.replace(/#/g, '1')}`;
    const before = dump();
    const r = rt.method === 'GET' ? await neumann.get(url) : await neumann.post(url, { ...fieldsFor(rt), csrf: neumann.token });
    assert.equal(r.status, 403, `${rt.method} ${url}: ${r.status}`);
    assertUnchanged(before, `NEUMANN ${rt.method} ${url}`);
  }
});

test("(e) an administrator gets the same 404 for another organisation's objects as for missing ones, and nothing is written", async () => {
  const admin = await signIn('ADMIN', 'admin');
  const foreign = {
    booking: srv.sql("SELECT id FROM booking WHERE org_id = 2 AND status = 'active' ORDER BY id LIMIT 2").map((r) => r.id),
    areas: srv.sql('SELECT id FROM area WHERE org_id = 2').map((r) => r.id),
    vehicles: srv.sql('SELECT id FROM vehicle WHERE org_id = 2').map((r) => r.id),
    members: srv.sql('SELECT id FROM member WHERE org_id = 2').map((r) => r.id),
  };
  const missing = 987654;
  const d = localDate(80);
  const checks = [];
  // Every route with an id, from the route tables, GET and POST.
  for (const rt of routes().filter((r) => r.path.includes('#'))) {
    const kind = rt.path.match(/(\w+)\/#/)?.[1];
    if (!foreign[kind]) continue;
    for (const id of foreign[kind]) checks.push({ rt, id, kind });
  }
  assert.ok(checks.length >= 8, `checks: ${checks.length}`);
  for (const { rt, id } of checks) {
    const url = (n) => `/${rt.page}${rt.path.replace('#', String(n))}`;
    const send = (n) => rt.method === 'GET' ? admin.get(url(n))
      : admin.post(url(n), { ...fieldsFor(rt), vehicle: 1, start: `${d}T10:00`, end: `${d}T11:00`, csrf: admin.token });
    const before = dump();
    const a = await send(id);
    const b = await send(missing);
    assertUnchanged(before, `ADMIN ${rt.method} ${url(id)}`);
    assert.equal(a.status, 404, `${rt.method} ${url(id)} (org 2): ${a.status}`);
    assert.equal(b.status, a.status, `${rt.method} ${url(missing)}: same status`);
    assert.equal(bodyOf(a), bodyOf(b), `${rt.method} ${url(id)}: same body as a missing object`);
  }
  // The calendar of another organisation's area, likewise.
  for (const area of foreign.areas) {
    const a = await admin.get(`/calendar?area=${area}`);
    const b = await admin.get(`/calendar?area=${missing}`);
    assert.equal(a.status, 404);
    assert.equal(b.status, 404);
    assert.equal(bodyOf(a), bodyOf(b), `calendar?area=${area}: same body as a missing area`);
  }
});

// ---- sqlmap

test('sqlmap finds no injection in the login form, the booking form or the export parameters', { timeout: 240000 }, async (t) => {
  const which = spawnSync('sh', ['-c', 'command -v sqlmap']);
  if (which.status !== 0) return t.skip('sqlmap is not installed (Debian package sqlmap)');
  if (process.env.WB_SKIP_SQLMAP) return t.skip('WB_SKIP_SQLMAP is set');
  // Its own server: sqlmap's failed sign-ins throttle the address, and it writes bookings.
  const s = await startServer({ demo: true, env: { WB_LOGIN_WINDOW: '1' } });
  try {
    const r = spawnSync(path.join(ROOT, 'tests/attack/sqlmap.sh'), [s.base, '120'], { encoding: 'utf8', timeout: 200000 });
    const out = `${r.stdout}${r.stderr}`;
    t.diagnostic(out.split('\n').filter((l) => /^----|=>|^sqlmap:|answers:/.test(l.trim())).join('\n'));
    assert.equal(r.status, 0, out);
    assert.match(out, /sqlmap: clean/);
    assert.doesNotMatch(out, /INJECTION REPORTED|is vulnerable|identified the following injection point/);
  } finally {
    await s.stop();
  }
});
