// "Passwort vergessen": the same answer for unknown accounts, a mailed single-use link valid one hour
// and stored only as a hash, a new password that ends the member's sessions, and throttling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
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

async function signIn(login, pw) {
  const c = new Client(srv.base);
  const r = await c.login(login, pw, { org: 1 });
  if (r.status !== 303) return null;
  c.token = c.csrf((await c.get('/calendar')).body);
  return c;
}

// Asks for a reset link as an anonymous visitor; returns the response.
async function ask(who, { org = 1, addr } = {}) {
  const c = new Client(srv.base);
  const page = await c.get('/login/reset');
  assert.equal(page.status, 200);
  return c.post('/login/reset', { csrf: c.csrf(page.body), org, who }, { headers: addr ? { 'X-Test': addr } : {} });
}

// The link in the newest reset mail to addr.
function linkIn(msgs, to) {
  const m = msgs.filter((x) => x.rcpt_tos.includes(to) && x.subject.startsWith('Passwort zurücksetzen')).pop();
  assert.ok(m, `a reset mail to ${to}`);
  const link = m.text.match(/https:\/\/buchen\.example\.org(\/login\/reset\/new\?token=[0-9a-f]{64})/);
  assert.ok(link, m.text);
  return link[1];
}

const strip = (html) => html.replace(/name="csrf" value="[0-9a-f]+"/g, '');

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({ demo: true });
  admin = await signIn('ADMIN', 'admin');
  const r = await admin.post('/admin/mail', {
    csrf: admin.token, transport: 'smtp', sender: 'buchung@demo.example', smtp_host: '127.0.0.1', smtp_port: smtp.port,
    smtp_security: 'none', base_url: 'https://buchen.example.org/', reminder_minutes: 0,
  });
  assert.equal(r.status, 303);
  for (const [id, mail] of [[2, 'nina.neumann@example.org'], [3, 'michael.meier@example.org']]) {
    assert.equal((await admin.post(`/admin/members/${id}/mail`, { csrf: admin.token, email: mail })).status, 303);
  }
});
after(async () => { await srv?.stop(); await smtp?.stop(); });

test('the login page links to "Passwort vergessen"', async () => {
  const page = await new Client(srv.base).get('/login');
  assert.match(page.body, /href="\/login\/reset">Passwort vergessen\?<\/a>/);
});

test('same answer, same order of time, for an existing and an unknown account; only the real one gets mail', async () => {
  const before = smtp.messages().length;
  const t0 = process.hrtime.bigint();
  const known = await ask('neumann');
  const t1 = process.hrtime.bigint();
  const unknown = await ask('NIEMAND');
  const t2 = process.hrtime.bigint();
  const noMail = await ask('HUBER'); // exists, but has no address
  assert.equal(known.status, 200);
  assert.equal(unknown.status, 200);
  assert.equal(noMail.status, 200);
  assert.equal(strip(known.body), strip(unknown.body));
  assert.equal(strip(known.body), strip(noMail.body));
  assert.match(known.body, /Wenn es dieses Konto mit einer E-Mail-Adresse gibt/);
  const ka = Number(t1 - t0) / 1e6, ub = Number(t2 - t1) / 1e6;
  assert.ok(ka < 1000 && ub < 1000 && ka / ub < 10 && ub / ka < 10, `${ka} ms vs ${ub} ms`);
  await cron(srv);
  const got = smtp.messages().slice(before);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].rcpt_tos, ['nina.neumann@example.org']);
  assert.match(got[0].text, /NEUMANN/);
  // By address too, in any case.
  await ask('Michael.Meier@Example.org');
  await cron(srv);
  assert.ok(linkIn(smtp.messages(), 'michael.meier@example.org'));
  // The token is stored only as a hash; the mailed link is not kept once sent.
  const link = linkIn(smtp.messages(), 'nina.neumann@example.org');
  const token = link.split('=')[1];
  const sha = crypto.createHash('sha256').update(Buffer.from(token, 'hex')).digest('hex').toUpperCase();
  assert.equal(one(`SELECT count(*) AS n FROM token WHERE hex(hash) = '${sha}' AND kind = 'reset'`).n, 1);
  assert.equal(one(`SELECT count(*) AS n FROM token WHERE hex(hash) = '${token.toUpperCase()}'`).n, 0);
  assert.equal(one(`SELECT count(*) AS n FROM outbox WHERE link LIKE '%${token}%'`).n, 0);
});

test('the link sets a new password once, ends the member\'s sessions, and the old password stops working', async () => {
  const neu = await signIn('NEUMANN', 'neumann');
  assert.ok(neu);
  const before = smtp.messages().length;
  await ask('NEUMANN');
  await cron(srv);
  assert.equal(smtp.messages().length, before + 1);
  const link = linkIn(smtp.messages(), 'nina.neumann@example.org');
  const c = new Client(srv.base);
  const form = await c.get(link);
  assert.equal(form.status, 200);
  assert.match(form.body, /<strong class="login">NEUMANN<\/strong>/);
  const token = link.split('=')[1];
  const short = await c.post('/login/reset/new', { csrf: c.csrf(form.body), token, new: 'kurz', new2: 'kurz' });
  assert.equal(short.status, 422);
  const mism = await c.post('/login/reset/new', { csrf: c.csrf(form.body), token, new: 'neues-passwort-1', new2: 'anderes-passwort' });
  assert.equal(mism.status, 422);
  const ok = await c.post('/login/reset/new', { csrf: c.csrf(form.body), token, new: 'neues-passwort-1', new2: 'neues-passwort-1' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/login?reset=1');
  // the old session is gone
  const cal = await neu.get('/calendar');
  assert.equal(cal.status, 303);
  assert.equal(await signIn('NEUMANN', 'neumann'), null);
  assert.ok(await signIn('NEUMANN', 'neues-passwort-1'));
  // single use
  assert.equal((await new Client(srv.base).get(link)).status, 404);
  const again = await c.post('/login/reset/new', { csrf: c.csrf(form.body), token, new: 'drittes-passwort', new2: 'drittes-passwort' });
  assert.equal(again.status, 404);
  assert.ok(await signIn('NEUMANN', 'neues-passwort-1'));
  assert.ok(srv.sql("SELECT line FROM actionlog WHERE line LIKE '%NEUMANN: ADMIN PASSWORD RESET BY MAIL LINK%'").length === 1);
});

test('expiry after an hour, a newer link replaces the older one, a malformed or unknown token is 404', async () => {
  const before = smtp.messages().length;
  await ask('MEIER');
  await cron(srv);
  const first = linkIn(smtp.messages().slice(before), 'michael.meier@example.org');
  await ask('MEIER');
  await cron(srv);
  const second = linkIn(smtp.messages().slice(before), 'michael.meier@example.org');
  assert.notEqual(first, second);
  assert.equal((await new Client(srv.base).get(first)).status, 404);
  assert.equal((await new Client(srv.base).get(second)).status, 200);
  const exp = one("SELECT expires_at - created_at AS ttl FROM token WHERE kind = 'reset' AND member_id = 3 AND used_at IS NULL");
  assert.equal(exp.ttl, 3600);
  srv.sql("UPDATE token SET expires_at = unixepoch() - 1 WHERE kind = 'reset' AND member_id = 3");
  const gone = await new Client(srv.base).get(second);
  assert.equal(gone.status, 404);
  assert.match(gone.body, /ungültig, abgelaufen oder wurde schon benutzt/);
  assert.equal((await new Client(srv.base).get('/login/reset/new?token=zz')).status, 404);
  assert.equal((await new Client(srv.base).get(`/login/reset/new?token=${'0'.repeat(64)}`)).status, 404);
});

test('throttled like the login: after 5 requests for one name, 429 with Retry-After, for unknown names too', async () => {
  for (const who of ['WAGNER', 'GIBTSNICHT']) {
    for (let i = 0; i < 5; i++) assert.equal((await ask(who)).status, 200, `${who} #${i + 1}`);
    const r = await ask(who);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers['retry-after']) > 0);
  }
  // Another name is still answered.
  assert.equal((await ask('SCHMIDT')).status, 200);
});

test('bad input: missing name is 422 with the form; without CSRF 403', async () => {
  const r = await ask('');
  assert.equal(r.status, 422);
  assert.match(r.body, /Dieses Feld muss ausgefüllt werden/);
  const c = new Client(srv.base);
  const x = await c.post('/login/reset', { org: 1, who: 'NEUMANN' });
  assert.equal(x.status, 403);
});
