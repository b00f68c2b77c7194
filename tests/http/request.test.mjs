// "Zugang anfordern": off by default; a request is confirmed by a mailed link, appears for the
// organisation's administrators, and an accepted person sets a password and signs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client as BaseClient } from './client.mjs';
import { startSmtp, cron } from './mailkit.mjs';

class Client extends BaseClient {
  post(p, form = {}, opts = {}) {
    return super.post(p, form, { ...opts, headers: { Origin: null, ...(opts.headers ?? {}) } });
  }
}

let srv, smtp, admin;
const one = (q) => srv.sql(q)[0];

async function signIn(login, pw, org = 1) {
  const c = new Client(srv.base);
  const r = await c.login(login, pw, { org });
  if (r.status !== 303) return null;
  c.token = c.csrf((await c.get('/calendar')).body);
  return c;
}

async function settings(extra) {
  const r = await admin.post('/admin/mail', {
    csrf: admin.token, transport: 'smtp', sender: 'buchung@demo.example', smtp_host: '127.0.0.1', smtp_port: smtp.port,
    smtp_security: 'none', base_url: 'https://buchen.example.org', reminder_minutes: 0, ...extra,
  });
  assert.equal(r.status, 303);
}

async function ask(fields) {
  const c = new Client(srv.base);
  const page = await c.get('/login'); // the prelogin CSRF token (the request form has none while it is closed)
  return c.post('/login/request', { csrf: c.csrf(page.body), ...fields });
}

const mailTo = (to, prefix) => smtp.messages().filter((m) => m.rcpt_tos.includes(to) && m.subject.startsWith(prefix)).pop();
const linkOf = (m, p) => m.text.match(new RegExp(`https://buchen\\.example\\.org(${p}\\?token=[0-9a-f]{64})`))[1];

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({ demo: true });
  admin = await signIn('ADMIN', 'admin');
  await settings({});
  assert.equal((await admin.post('/admin/members/1/mail', { csrf: admin.token, email: 'verwaltung@demo.example' })).status, 303);
});
after(async () => { await srv?.stop(); await smtp?.stop(); });

test('off by default: the form says so (404) and a request is refused', async () => {
  const login = await new Client(srv.base).get('/login');
  assert.match(login.body, /href="\/login\/request">Zugang anfordern<\/a>/);
  const page = await new Client(srv.base).get('/login/request');
  assert.equal(page.status, 404);
  assert.match(page.body, /kein Zugang angefordert werden/);
  const r = await ask({ org: 1, login: 'NEU1', name: 'Neu', email: 'neu1@example.org' });
  assert.equal(r.status, 422);
  assert.equal(one('SELECT count(*) AS n FROM access_request').n, 0);
});

test('request, confirm by mail, accept, set the password, sign in', async () => {
  await settings({ requests_enabled: '1' });
  const bad = await ask({ org: 1, login: 'Jörg Müller', name: '', email: 'kein-at' });
  assert.equal(bad.status, 422);
  assert.match(bad.body, /<strong class="suggest">JOERG-MUELLER<\/strong>/);
  assert.match(bad.body, /gültige E-Mail-Adresse/);
  const taken = await ask({ org: 1, login: 'neumann', name: 'Nina', email: 'n@example.org' });
  assert.equal(taken.status, 422);
  assert.match(taken.body, /schon vergeben/);
  const r = await ask({ org: 1, login: 'anne-mueller', name: 'Änne Müller', email: 'aenne@example.org' });
  assert.equal(r.status, 200);
  assert.match(r.body, /Bitte bestätigen Sie Ihre Adresse/);
  // Not visible to the administrators before the address is confirmed.
  assert.doesNotMatch((await admin.get('/admin/requests')).body, /ANNE-MUELLER/);
  const again = await ask({ org: 1, login: 'Anne-Mueller', name: 'Doppelt', email: 'x@example.org' });
  assert.equal(again.status, 422, 'a pending request holds its login name');
  await cron(srv);
  const m = mailTo('aenne@example.org', 'Zugang anfordern');
  assert.ok(m);
  assert.match(m.text, /Demo-CarSharing/);
  const confirm = linkOf(m, '/login/confirm');
  const c = await new Client(srv.base).get(confirm);
  assert.equal(c.status, 200);
  assert.match(c.body, /Ihre Adresse ist bestätigt/);
  assert.equal((await new Client(srv.base).get(confirm)).status, 404, 'single use');
  await cron(srv);
  const told = mailTo('verwaltung@demo.example', 'Neue Zugangsanfrage');
  assert.ok(told, 'the administrators are told');
  assert.match(told.subject, /ANNE-MUELLER/);
  const list = await admin.get('/admin/requests');
  assert.match(list.body, /ANNE-MUELLER/);
  assert.match(list.body, /Änne Müller/);
  const id = one("SELECT id FROM access_request WHERE login = 'ANNE-MUELLER'").id;
  // Another organisation's administrator cannot decide it; a member cannot either.
  const admin2 = await signIn('ADMIN2', 'admin2', 2);
  assert.equal((await admin2.post(`/admin/requests/${id}/accept`, { csrf: admin2.token })).status, 404);
  const neu = await signIn('NEUMANN', 'neumann');
  assert.equal((await neu.post(`/admin/requests/${id}/accept`, { csrf: neu.token })).status, 403);
  const acc = await admin.post(`/admin/requests/${id}/accept`, { csrf: admin.token });
  assert.equal(acc.status, 303);
  const mem = one("SELECT m.id, m.descr, m.pw_hash, mm.email FROM member m JOIN member_mail mm ON mm.member_id = m.id WHERE m.org_id = 1 AND m.login = 'ANNE-MUELLER'");
  assert.deepEqual([mem.descr, mem.pw_hash, mem.email], ['Änne Müller', '', 'aenne@example.org']);
  assert.equal((await admin.post(`/admin/requests/${id}/accept`, { csrf: admin.token })).status, 404, 'decided once');
  assert.equal(srv.sql("SELECT 1 FROM actionlog WHERE line LIKE '%ANNE-MUELLER created (access request%'").length, 1);
  await cron(srv);
  const ok = mailTo('aenne@example.org', 'Ihr Zugang zu Demo-CarSharing');
  assert.ok(ok);
  assert.match(ok.text, /ANNE-MUELLER/);
  const set = linkOf(ok, '/login/reset/new');
  const v = new Client(srv.base);
  const form = await v.get(set);
  assert.equal(form.status, 200);
  const done = await v.post('/login/reset/new', { csrf: v.csrf(form.body), token: set.split('=')[1], new: 'mein-passwort', new2: 'mein-passwort' });
  assert.equal(done.status, 303);
  const in_ = await signIn('anne-mueller', 'mein-passwort');
  assert.ok(in_, 'the accepted member signs in');
});

test('decline: the person is told, the request leaves the list, the login name is free again', async () => {
  const r = await ask({ org: 1, login: 'ABGELEHNT', name: 'Bernd', email: 'bernd@example.org' });
  assert.equal(r.status, 200);
  await cron(srv);
  const confirm = linkOf(mailTo('bernd@example.org', 'Zugang anfordern'), '/login/confirm');
  assert.equal((await new Client(srv.base).get(confirm)).status, 200);
  const id = one("SELECT id FROM access_request WHERE login = 'ABGELEHNT'").id;
  const d = await admin.post(`/admin/requests/${id}/decline`, { csrf: admin.token });
  assert.equal(d.status, 303);
  assert.doesNotMatch((await admin.get('/admin/requests')).body, /ABGELEHNT/);
  assert.equal(one("SELECT count(*) AS n FROM member WHERE login = 'ABGELEHNT'").n, 0);
  await cron(srv);
  assert.ok(mailTo('bernd@example.org', 'Ihre Anfrage bei Demo-CarSharing'));
  assert.equal((await ask({ org: 1, login: 'abgelehnt', name: 'Bernd', email: 'bernd@example.org' })).status, 200);
});

test('unconfirmed requests expire after a day (wb-cron); their link then is 404', async () => {
  await cron(srv);
  const m = mailTo('bernd@example.org', 'Zugang anfordern');
  const link = linkOf(m, '/login/confirm');
  srv.sql("UPDATE access_request SET created_at = created_at - 90000 WHERE login = 'ABGELEHNT' AND status = 'unconfirmed'");
  srv.sql("UPDATE token SET expires_at = unixepoch() - 86401 WHERE kind = 'request'");
  await cron(srv);
  assert.equal(one("SELECT count(*) AS n FROM access_request WHERE status = 'unconfirmed'").n, 0);
  assert.equal(one("SELECT count(*) AS n FROM token WHERE kind = 'request'").n, 0);
  assert.equal((await new Client(srv.base).get(link)).status, 404);
});
