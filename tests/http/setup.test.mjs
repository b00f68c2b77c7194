// The one-time web set-up (/login/setup) of an installation without organisations: the token file
// beside the database, wrong token, weak password and other bad input (422, nothing written), success,
// and the form gone for good afterwards (404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

let srv, tokenFile;
before(async () => {
  srv = await startServer({ demo: false });
  tokenFile = `${srv.db}.setup-token`;
});
after(async () => { await srv?.stop(); });

const orgs = () => srv.sql('SELECT count(*) AS n FROM org')[0].n;
const members = () => srv.sql('SELECT count(*) AS n FROM member')[0].n;
const good = (token) => ({ token, name: 'Carsharing am See', tz: 'Europe/Zurich', lang: 'de', login: 'verwaltung',
  password: 'Segelboot-im-Nebel-3', password2: 'Segelboot-im-Nebel-3' });

test('an empty installation: the login page links to the set-up, which writes the token file (0600)', async () => {
  const c = new Client(srv.base);
  const login = await c.get('/login');
  assert.equal(login.status, 200);
  assert.ok(login.body.includes('href="/login/setup"'), 'link to the set-up');
  assert.ok(!fs.existsSync(tokenFile));
  const page = await c.get('/login/setup');
  assert.equal(page.status, 200);
  assert.ok(page.body.includes('Einrichtungsschlüssel'));
  assert.ok(page.body.includes('wagenbuch.db.setup-token'));
  assert.ok(!page.body.includes(srv.varDir), 'no server directories shown');
  assert.equal(fs.statSync(tokenFile).mode & 0o777, 0o600);
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  assert.match(token, /^[0-9a-f]{64}$/);
  // A second visit keeps the token.
  await c.get('/login/setup');
  assert.equal(fs.readFileSync(tokenFile, 'utf8').trim(), token);
});

test('wrong or missing token: 422, the input kept (never the passwords or the token), nothing written', async () => {
  const c = new Client(srv.base);
  const real = fs.readFileSync(tokenFile, 'utf8').trim();
  const wrong = real.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a'));
  for (const token of [wrong, '', real.slice(0, 63), `${real}0`]) {
    const r = await c.submit('/login/setup', good(token));
    assert.equal(r.status, 422, `token ${token}`);
    assert.ok(r.body.includes(token === '' ? 'Bitte korrigieren' : 'Der Einrichtungsschlüssel stimmt nicht.'), token);
    assert.ok(r.body.includes('value="Carsharing am See"'));
    assert.ok(!r.body.includes('Segelboot-im-Nebel-3'));
    if (token) assert.ok(!r.body.includes(token));
  }
  assert.equal(orgs(), 0);
  assert.equal(members(), 0);
  assert.ok(fs.existsSync(tokenFile));
});

test('an expired token (older than 7 days) is refused, and the next visit writes a new one', async () => {
  const c = new Client(srv.base);
  const old = fs.readFileSync(tokenFile, 'utf8').trim();
  const eightDays = Date.now() / 1000 - 8 * 86400;
  fs.utimesSync(tokenFile, eightDays, eightDays);
  const r = await c.submit('/login/setup', good(old)); // the GET of submit replaces the expired file
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Der Einrichtungsschlüssel stimmt nicht.'));
  const fresh = fs.readFileSync(tokenFile, 'utf8').trim();
  assert.match(fresh, /^[0-9a-f]{64}$/);
  assert.notEqual(fresh, old);
  assert.equal(fs.statSync(tokenFile).mode & 0o777, 0o600);
  // An expired file is refused on POST even without a visit in between.
  fs.utimesSync(tokenFile, eightDays, eightDays);
  const login = await c.get('/login');
  const direct = await c.post('/login/setup', { ...good(fresh), csrf: c.csrf(login.body) });
  assert.equal(direct.status, 422);
  assert.equal(orgs(), 0);
  const now = Date.now() / 1000;
  fs.utimesSync(tokenFile, now, now);
});

test('weak passwords, a mismatch, a bad login, zone or language: 422 with the message, nothing written', async () => {
  const c = new Client(srv.base);
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  const cases = [
    [{ password: 'kurz', password2: 'kurz' }, 'Das Passwort ist zu kurz'],
    [{ password: 'verwaltung12', password2: 'verwaltung12' }, 'Das Passwort darf den Anmeldenamen nicht enthalten.'],
    [{ password: 'abcdefghijk', password2: 'abcdefghijk' }, 'Das Passwort ist zu einfach'],
    [{ password: 'Passwort123!', password2: 'Passwort123!' }, 'Dieses Passwort ist zu bekannt.'],
    [{ password2: 'Segelboot-im-Nebel-4' }, 'Die beiden Passwörter sind verschieden.'],
    [{ login: 'Frau Müller' }, 'Der Anmeldename darf nur'],
    [{ tz: 'Europe/Atlantis' }, 'Unbekannte Zeitzone'],
    [{ tz: '../../../etc/passwd' }, 'Unbekannte Zeitzone'],
    [{ lang: 'fr' }, 'Bitte Deutsch oder Englisch wählen.'],
    [{ name: '' }, 'Bitte korrigieren'],
  ];
  for (const [change, msg] of cases) {
    const r = await c.submit('/login/setup', { ...good(token), ...change });
    assert.equal(r.status, 422, JSON.stringify(change));
    assert.ok(r.body.includes(msg), `${JSON.stringify(change)}: ${msg}`);
  }
  // In English when asked for.
  const en = await c.submit('/login/setup', { ...good(token), lang: 'en', password: 'short', password2: 'short' });
  assert.equal(en.status, 422);
  assert.ok(en.body.includes('The password is too short'));
  // Without the form's CSRF token the POST is refused before anything is checked.
  const nocsrf = await c.post('/login/setup', good(token));
  assert.equal(nocsrf.status, 403);
  assert.equal(orgs(), 0);
  assert.equal(members(), 0);
});

test('success: organisation, area and administrator created, token file removed, sign-in works; then the form is gone (404)', async () => {
  const c = new Client(srv.base);
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  const r = await c.submit('/login/setup', { ...good(`  ${token} `) });
  assert.equal(r.status, 303, r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]);
  assert.equal(r.location, '/login?setup=1');
  assert.ok(!fs.existsSync(tokenFile), 'the token is single use');
  const [org] = srv.sql('SELECT id, name, tz, lang FROM org');
  assert.deepEqual([org.name, org.tz, org.lang], ['Carsharing am See', 'Europe/Zurich', 'de']);
  const [m] = srv.sql('SELECT login, is_admin, pw_hash FROM member');
  assert.deepEqual([m.login, m.is_admin], ['VERWALTUNG', 1]);
  assert.match(m.pw_hash, /^\$argon2id\$/);
  assert.equal(srv.sql('SELECT count(*) AS n FROM area')[0].n, 1);
  assert.match(srv.sql('SELECT line FROM actionlog')[0].line, /SETUP: ADMIN organisation \d+ created: name "Carsharing am See"/);
  const page = await c.get(r.location);
  assert.ok(page.body.includes('Die Organisation ist eingerichtet.'));
  assert.ok(!page.body.includes('href="/login/setup"'));
  assert.equal((await c.login('verwaltung', 'Segelboot-im-Nebel-3')).status, 303);
  assert.equal((await c.get('/admin/members')).status, 200);

  const d = new Client(srv.base);
  assert.equal((await d.get('/login/setup')).status, 404);
  assert.ok(!fs.existsSync(tokenFile), 'a visit after the set-up writes no new token');
  const login = await d.get('/login');
  const again = await d.post('/login/setup', { ...good(token), name: 'Zweite', csrf: d.csrf(login.body) });
  assert.equal(again.status, 404);
  assert.equal(orgs(), 1);
});
