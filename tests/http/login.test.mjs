// Sign in, sign out, password change, login throttling and CSRF of the login page, against nginx + FastCGI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './harness.mjs';
import { Client as BaseClient } from './client.mjs';

// Posts without an Origin header unless a test names one, so that each test checks its own rule;
// the same-origin Origin/Referer check has its own test below.
class Client extends BaseClient {
  post(path, form = {}, opts = {}) {
    return super.post(path, form, { ...opts, headers: { Origin: null, ...(opts.headers ?? {}) } });
  }
}

// The throttling window of the workers, shortened so that the test can wait it out.
const WINDOW = 4;
const ORG1 = 1; // Demo-CarSharing
const ORG2 = 2; // Zweite CSO
const FAILED = 'Anmeldung fehlgeschlagen: Organisation, Benutzername oder Passwort stimmen nicht.';
const CSRF_MSG = 'Das Formular ist abgelaufen oder stammt nicht von dieser Seite.';

let srv;
before(async () => {
  srv = await startServer({ demo: true, env: { WB_LOGIN_WINDOW: String(WINDOW) } });
});
after(async () => { await srv?.stop(); });

const one = (q) => srv.sql(q)[0];
const n = (q) => Object.values(one(q))[0];
const sessions = (login) => n(`SELECT count(*) FROM session s JOIN member m ON m.id = s.member_id WHERE m.login = '${login}'`);
const attempts = (login) => srv.sql(`SELECT org_id, login, addr, ok FROM login_attempt WHERE login = '${login}' ORDER BY id`);

// The whole <div class="errors" ...> block of a page.
function errorsBlock(html) {
  const m = html.match(/<div class="errors"[^>]*>[\s\S]*?<\/div>/);
  return m ? m[0] : '';
}

// Signs in a fresh client; asserts success.
async function signedIn(login, password, org = ORG1) {
  const c = new Client(srv.base);
  const r = await c.login(login, password, { org });
  assert.equal(r.status, 303, `${login} should sign in: ${r.body}`);
  return c;
}

test('the login form lists both organisations and sets the prelogin CSRF cookie', async () => {
  const c = new Client(srv.base);
  const r = await c.get('/login');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html; charset=utf-8/);
  assert.match(r.body, /<form method="post" action="\/login" class="form">/);
  assert.match(r.body, /<select id="org" name="org" required>/);
  assert.match(r.body, /<option value="1">Demo-CarSharing<\/option>/);
  assert.match(r.body, /<option value="2">Zweite CSO<\/option>/);
  const token = c.csrf(r.body);
  assert.match(token, /^[0-9a-f]{64}$/);
  const pre = r.setCookies.find((s) => s.startsWith('wb_pre='));
  assert.ok(pre, 'wb_pre cookie set');
  assert.equal(pre, `wb_pre=${token}; Path=/; HttpOnly; SameSite=Lax`);
  // Security headers on every page.
  assert.equal(r.headers['x-frame-options'], 'DENY');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['referrer-policy'], 'same-origin');
  assert.match(r.headers['content-security-policy'], /default-src 'self'/);
  assert.equal(r.headers['cache-control'], 'no-store');
});

test('successful sign-in: 303 to /calendar, HttpOnly SameSite=Lax session cookie, session row, attempt row', async () => {
  const c = new Client(srv.base);
  const before = sessions('NEUMANN');
  const r = await c.login('NEUMANN', 'neumann', { org: ORG1 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/calendar');
  const sc = r.setCookies.find((s) => s.startsWith('wb_session='));
  assert.ok(sc, `wb_session cookie in ${JSON.stringify(r.setCookies)}`);
  assert.match(sc, /^wb_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax$/);
  // Without "stay logged in" it is a browser-session cookie.
  assert.doesNotMatch(sc, /Max-Age|Expires/i);
  // The prelogin cookie is cleared.
  assert.ok(r.setCookies.some((s) => /^wb_pre=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/.test(s)));
  assert.equal(sessions('NEUMANN'), before + 1);
  // Only a hash of the token is stored.
  const token = sc.slice('wb_session='.length, 'wb_session='.length + 64);
  assert.equal(n(`SELECT count(*) FROM session WHERE token_hash = '${token}' OR hex(token_hash) = upper('${token}')`), 0);
  const row = one(`SELECT s.long_lived, s.expires_at - s.created_at AS life FROM session s JOIN member m ON m.id = s.member_id
                   WHERE m.login = 'NEUMANN' ORDER BY s.created_at DESC LIMIT 1`);
  assert.deepEqual(row, { long_lived: 0, life: 12 * 3600 });
  const last = attempts('NEUMANN').at(-1);
  assert.deepEqual(last, { org_id: 1, login: 'NEUMANN', addr: '127.0.0.1', ok: 1 });

  const cal = await c.get('/calendar');
  assert.equal(cal.status, 200);
  assert.match(cal.body, /<span class="login">NEUMANN<\/span> · Demo-CarSharing/);
  // Signed in, the login page sends you on.
  const again = await c.get('/login');
  assert.equal(again.status, 303);
  assert.equal(again.location, '/calendar');
});

test('"stay logged in" gives a long-lived session and a persistent cookie', async () => {
  const c = new Client(srv.base);
  const r = await c.submit('/login', { org: ORG1, login: 'wagner', password: 'demo', remember: '1' });
  assert.equal(r.status, 303);
  const sc = r.setCookies.find((s) => s.startsWith('wb_session='));
  assert.match(sc, /^wb_session=[0-9a-f]{64}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
  const row = one(`SELECT s.long_lived, s.expires_at - s.created_at AS life FROM session s JOIN member m ON m.id = s.member_id
                   WHERE m.login = 'WAGNER' ORDER BY s.created_at DESC LIMIT 1`);
  assert.deepEqual(row, { long_lived: 1, life: 30 * 24 * 3600 });
});

test('login names are case-insensitive', async () => {
  for (const name of ['neumann', 'NeUmAnN', 'Neumann']) {
    const c = new Client(srv.base);
    const r = await c.login(name, 'neumann', { org: ORG1 });
    assert.equal(r.status, 303, name);
    assert.equal(r.location, '/calendar');
    assert.equal((await c.get('/calendar')).status, 200);
  }
  // The attempt is recorded under the upper-case name.
  assert.equal(n("SELECT count(*) FROM login_attempt WHERE login <> upper(login)"), 0);
  // The password is not case-insensitive.
  const r = await new Client(srv.base).login('NEUMANN', 'NEUMANN', { org: ORG1 });
  assert.equal(r.status, 422);
});

test('wrong password, unknown login and wrong organisation all get the same 422 message', async () => {
  const cases = [
    ['wrong password', { org: ORG1, login: 'HUBER', password: 'falsch' }],
    ['unknown login', { org: ORG1, login: 'NIEMAND', password: 'demo' }],
    ['wrong organisation', { org: ORG2, login: 'HUBER', password: 'demo' }],
    ['empty password', { org: ORG1, login: 'HUBER', password: '' }],
  ];
  const blocks = [];
  for (const [what, f] of cases) {
    const c = new Client(srv.base);
    const sBefore = n('SELECT count(*) FROM session');
    const r = await c.submit('/login', f);
    assert.equal(r.status, 422, what);
    assert.ok(!r.setCookies.some((s) => s.startsWith('wb_session=')), `${what}: no session cookie`);
    assert.equal(n('SELECT count(*) FROM session'), sBefore, `${what}: no session row`);
    // The form is back, with the login kept and the password not echoed.
    assert.match(r.body, /<form method="post" action="\/login"/);
    assert.match(r.body, new RegExp(`<input id="login" name="login" value="${f.login}"`), what);
    if (f.password) assert.ok(!r.body.includes(f.password), `${what}: password not echoed`);
    if (what !== 'empty password') {
      assert.ok(r.body.includes(FAILED), `${what}: message`);
      blocks.push(errorsBlock(r.body));
    }
  }
  // One message that does not tell which part was wrong.
  assert.equal(new Set(blocks).size, 1, blocks.join('\n'));
  assert.deepEqual(attempts('HUBER').map((a) => [a.org_id, a.ok]), [[1, 0], [2, 0]]);
  assert.deepEqual(attempts('NIEMAND').map((a) => [a.org_id, a.ok]), [[1, 0]]);
});

test('an organisation must be chosen when the install has several', async () => {
  const r = await new Client(srv.base).submit('/login', { login: 'NEUMANN', password: 'neumann' });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Dieses Feld muss ausgefüllt werden.'));
  assert.ok(!r.setCookies.some((s) => s.startsWith('wb_session=')));
});

test('a locked member cannot sign in, and an open session of theirs ends', async () => {
  const c = await signedIn('HUBER', 'demo');
  assert.equal((await c.get('/calendar')).status, 200);
  srv.sql("UPDATE member SET locked = 1 WHERE login = 'HUBER'");
  try {
    const r = await new Client(srv.base).login('HUBER', 'demo', { org: ORG1 });
    assert.equal(r.status, 422);
    assert.ok(r.body.includes(FAILED));
    assert.ok(!r.setCookies.some((s) => s.startsWith('wb_session=')));
    assert.equal(attempts('HUBER').at(-1).ok, 0);
    const g = await c.get('/calendar');
    assert.equal(g.status, 303);
    assert.equal(g.location, '/login?expired=1');
    assert.equal(sessions('HUBER'), 0);
  } finally {
    srv.sql("UPDATE member SET locked = 0 WHERE login = 'HUBER'");
  }
});

test('a login POST without or with a wrong CSRF token is 403 and records nothing', async () => {
  const c = new Client(srv.base);
  const page = await c.get('/login');
  const token = c.csrf(page.body);
  const before = n('SELECT count(*) FROM login_attempt');
  const sBefore = n('SELECT count(*) FROM session');
  const cases = [
    ['no token', { org: ORG1, login: 'NEUMANN', password: 'neumann' }, {}],
    ['wrong token', { org: ORG1, login: 'NEUMANN', password: 'neumann', csrf: 'a'.repeat(64) }, {}],
    ['short token', { org: ORG1, login: 'NEUMANN', password: 'neumann', csrf: token.slice(0, 63) }, {}],
    ['foreign Origin', { org: ORG1, login: 'NEUMANN', password: 'neumann', csrf: token }, { Origin: 'http://evil.example' }],
    ['foreign Referer', { org: ORG1, login: 'NEUMANN', password: 'neumann', csrf: token },
      { Origin: null, Referer: 'http://evil.example/login' }],
  ];
  for (const [what, form, headers] of cases) {
    const r = await c.post('/login', form, { headers });
    assert.equal(r.status, 403, what);
    assert.ok(r.body.includes(CSRF_MSG), what);
    assert.ok(!r.setCookies.some((s) => s.startsWith('wb_session=')), what);
  }
  // Without the prelogin cookie the token alone is not enough.
  const bare = new Client(srv.base);
  const r = await bare.post('/login', { org: ORG1, login: 'NEUMANN', password: 'neumann', csrf: token });
  assert.equal(r.status, 403);
  assert.equal(n('SELECT count(*) FROM login_attempt'), before);
  assert.equal(n('SELECT count(*) FROM session'), sBefore);
  // The same client with the right token and no Origin/Referer at all signs in.
  const ok = await c.post('/login', { org: ORG1, login: 'NEUMANN', password: 'neumann', csrf: token });
  assert.equal(ok.status, 303);
});

test('a same-origin Origin or Referer (as browsers send on every POST) is accepted', async () => {
  // nginx here passes HTTP_HOST without the port (Debian's fastcgi_params: HTTP_HOST $host),
  // while Origin carries it: the check must still see this server as the same origin.
  for (const headers of [{ Origin: srv.base }, { Referer: `${srv.base}/login` }]) {
    const c = new Client(srv.base);
    const r = await c.submit('/login', { org: ORG1, login: 'NEUMANN', password: 'neumann' }, { headers });
    assert.equal(r.status, 303, `${JSON.stringify(headers)}: ${r.status}`);
    const cal = await c.get('/calendar');
    const out = await c.post('/login/logout', { csrf: c.csrf(cal.body) }, { headers });
    assert.equal(out.status, 303, `logout with ${JSON.stringify(headers)}`);
  }
  // A different port on the same host is another origin.
  const c = new Client(srv.base);
  const r = await c.submit('/login', { org: ORG1, login: 'NEUMANN', password: 'neumann' },
    { headers: { Origin: `http://127.0.0.1:${srv.port === 1 ? 2 : srv.port - 1}` } });
  assert.equal(r.status, 403);
});

test('five failures throttle the login name: 429 with Retry-After, even for the right password, until the window ends', async () => {
  const c = new Client(srv.base);
  const t0 = Date.now();
  for (let i = 0; i < 5; i++) {
    const r = await c.login('SCHMIDT', `falsch${i}`, { org: ORG1 });
    assert.equal(r.status, 422, `failure ${i + 1}`);
  }
  assert.ok(Date.now() - t0 < (WINDOW - 1) * 1000, 'five failures fit in the window (else the test proves nothing)');
  const r = await c.login('SCHMIDT', 'demo', { org: ORG1 });
  assert.equal(r.status, 429);
  const ra = Number(r.headers['retry-after']);
  assert.ok(Number.isInteger(ra) && ra >= 1 && ra <= WINDOW,
    `Retry-After ${r.headers['retry-after']} within WB_LOGIN_WINDOW=${WINDOW} (is the env passed to the workers?)`);
  assert.ok(r.body.includes('Zu viele fehlgeschlagene Anmeldungen.'));
  assert.ok(!r.setCookies.some((s) => s.startsWith('wb_session=')));
  assert.deepEqual(attempts('SCHMIDT').map((a) => a.ok), [0, 0, 0, 0, 0, 2]);
  // Another login name from the same address is not affected.
  assert.equal((await new Client(srv.base).login('WAGNER', 'demo', { org: ORG1 })).status, 303);
  await sleep((ra + 1) * 1000);
  const later = await c.login('SCHMIDT', 'demo', { org: ORG1 });
  assert.equal(later.status, 303);
  assert.equal(attempts('SCHMIDT').at(-1).ok, 1);
});

test('sign out: POST /login/logout deletes the session row and the old cookie stops working', async () => {
  const c = await signedIn('MEIER', 'demo');
  const cal = await c.get('/calendar');
  assert.equal(cal.status, 200);
  const token = c.csrf(cal.body);
  const cookie = c.cookies.get('wb_session');
  assert.equal(sessions('MEIER'), 1);
  // Without the token: refused, still signed in.
  const bad = await c.post('/login/logout', {});
  assert.equal(bad.status, 403);
  assert.equal(sessions('MEIER'), 1);
  assert.equal((await c.get('/calendar')).status, 200);

  const r = await c.post('/login/logout', { csrf: token });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  assert.ok(r.setCookies.some((s) => /^wb_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/.test(s)), r.setCookies.join('\n'));
  assert.equal(sessions('MEIER'), 0);
  // The old cookie, replayed, is worthless.
  const replay = new Client(srv.base);
  replay.cookies.set('wb_session', cookie);
  const g = await replay.get('/calendar');
  assert.equal(g.status, 303);
  assert.equal(g.location, '/login?expired=1');
  const p = await replay.post('/calendar/booking/new', { csrf: token, vehicle: 1, start: '2030-01-01T10:00', end: '2030-01-01T11:00' });
  assert.equal(p.status, 403);
  assert.equal(n("SELECT count(*) FROM booking WHERE start >= unixepoch('2029-12-31')"), 0);
  const exp = await replay.get('/login?expired=1');
  assert.equal(exp.status, 200);
  assert.ok(exp.body.includes('Ihre Sitzung ist abgelaufen.'));
});

test('pages that need a session send anonymous visitors to the login page', async () => {
  const c = new Client(srv.base);
  for (const p of ['/calendar', '/calendar/mine', '/calendar/booking/1', '/login/password']) {
    const r = await c.get(p);
    assert.equal(r.status, 303, p);
    assert.equal(r.location, '/login', p);
  }
  const r = await c.post('/login/password', { old: 'x', new: 'yyyyyyyy', new2: 'yyyyyyyy' });
  assert.equal(r.status, 403);
});

test('password change: old password required, at least 8 characters, both new ones equal', async () => {
  const c = await signedIn('SCHMIDT', 'demo');
  const other = await signedIn('SCHMIDT', 'demo'); // a second session of the same member
  const form = await c.get('/login/password');
  assert.equal(form.status, 200);
  assert.match(form.body, /<form method="post" action="\/login\/password" class="form">/);
  const csrf = c.csrf(form.body);
  const hash0 = one("SELECT pw_hash FROM member WHERE login = 'SCHMIDT'").pw_hash;
  const failsBefore = attempts('SCHMIDT').filter((a) => a.ok === 0).length;

  const bad = [
    ['old wrong', { old: 'falsch', new: 'neuespasswort', new2: 'neuespasswort' }, 'Das bisherige Passwort ist falsch.'],
    ['old missing', { new: 'neuespasswort', new2: 'neuespasswort' }, 'Dieses Feld muss ausgefüllt werden.'],
    ['too short', { old: 'demo', new: 'kurz123', new2: 'kurz123' }, 'Das neue Passwort muss mindestens 8 Zeichen lang sein.'],
    ['mismatch', { old: 'demo', new: 'neuespasswort', new2: 'neuespasswort2' }, 'Die beiden neuen Passwörter stimmen nicht überein.'],
  ];
  for (const [what, f, msg] of bad) {
    const r = await c.post('/login/password', { ...f, csrf });
    assert.equal(r.status, 422, what);
    assert.ok(r.body.includes(msg), `${what}: ${msg}`);
    // Passwords are never echoed into the form.
    for (const v of Object.values(f)) assert.ok(!r.body.includes(`value="${v}"`), `${what}: echoed ${v}`);
  }
  assert.equal(one("SELECT pw_hash FROM member WHERE login = 'SCHMIDT'").pw_hash, hash0);
  // A wrong old password counts as a failed attempt.
  assert.equal(attempts('SCHMIDT').filter((a) => a.ok === 0).length, failsBefore + 1);
  // Eight characters (counted as characters, not bytes) are enough.
  const r = await c.post('/login/password', { old: 'demo', new: 'äöüäöüäö', new2: 'äöüäöüäö', csrf });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login/password?done=1');
  const done = await c.get(r.location);
  assert.equal(done.status, 200);
  assert.ok(done.body.includes('Ihr Passwort wurde geändert.'));
  const hash1 = one("SELECT pw_hash FROM member WHERE login = 'SCHMIDT'").pw_hash;
  assert.notEqual(hash1, hash0);
  assert.match(hash1, /^\$argon2id\$/);
  // The other session is signed out; this one stays.
  assert.equal(sessions('SCHMIDT'), 1);
  assert.equal((await other.get('/calendar')).status, 303);
  assert.equal((await c.get('/calendar')).status, 200);
  // The new password works, the old one does not.
  assert.equal((await new Client(srv.base).login('SCHMIDT', 'demo', { org: ORG1 })).status, 422);
  assert.equal((await new Client(srv.base).login('schmidt', 'äöüäöüäö', { org: ORG1 })).status, 303);
});

test('the password form is throttled like the login: guessing the old password stops at 429, even for the right one', async () => {
  const c = await signedIn('MEIER', 'demo');
  const form = await c.get('/login/password');
  const csrf = c.csrf(form.body);
  const hash0 = one("SELECT pw_hash FROM member WHERE login = 'MEIER'").pw_hash;
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    const r = await c.post('/login/password', { old: `geraten${i}`, new: 'neuespasswort', new2: 'neuespasswort', csrf });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [422, 422, 422, 422, 422]);
  assert.equal(statuses[5], 429);
  // While throttled, the right old password changes nothing either; the answer says when to retry.
  const r = await c.post('/login/password', { old: 'demo', new: 'neuespasswort', new2: 'neuespasswort', csrf });
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers['retry-after']) >= 1);
  assert.equal(one("SELECT pw_hash FROM member WHERE login = 'MEIER'").pw_hash, hash0);
  // The sign-in for that name is throttled by the same count.
  assert.equal((await new Client(srv.base).login('MEIER', 'demo', { org: ORG1 })).status, 429);
  // After the window the right old password works again.
  await new Promise((res) => setTimeout(res, (WINDOW + 1) * 1000));
  const ok = await c.post('/login/password', { old: 'demo', new: 'neuespasswort', new2: 'neuespasswort', csrf });
  assert.equal(ok.status, 303);
});
