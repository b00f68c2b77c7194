// HTTP tests of the "Buchhaltung" page against a real Tryton 6 server (tools/tryton.sh): settings with the
// sealed password, "Verbindung testen" with each failure in its own words, access and tenancy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, freePort, ROOT } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, member, admin2, tryton, trytonDir;

before(async () => {
  trytonDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-tryton-'));
  const port = await freePort();
  const out = execFileSync(path.join(ROOT, 'tools/tryton.sh'), ['start', trytonDir, String(port)], { encoding: 'utf8' });
  const [url, db, user, password] = out.trim().split(/\s+/);
  tryton = { url, db, user, password };
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  member = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
});
after(async () => {
  await srv?.stop();
  if (trytonDir) execFileSync(path.join(ROOT, 'tools/tryton.sh'), ['stop', trytonDir]);
});

const row = (org = 1) => srv.sql(`SELECT * FROM accounting WHERE org_id = ${org}`)[0];
const lastLog = (org = 1) => srv.sql(`SELECT line FROM actionlog WHERE org_id = ${org} ORDER BY id DESC LIMIT 1`)[0]?.line ?? '';

// The receivable/revenue account ids and the revenue journal the test server's chart has.
const mapping = { receivable: '5', revenue: '6', journal: '1', payment_term: '1' };

async function save(c, fields) {
  return c.submit('/admin/accounting', { enabled: '1', url: tryton.url, dbname: tryton.db, login: tryton.user, ...mapping, ...fields });
}

// Runs "Verbindung testen" and returns the message the page then shows.
async function testConnection(c = admin) {
  const page = await c.get('/admin/accounting');
  const r = await c.post('/admin/accounting/test', { csrf: csrf(page.body) });
  assert.equal(r.status, 303);
  const shown = await c.get('/admin/accounting');
  const m = shown.body.match(/<span class="test-message">([^<]*)<\/span>/);
  assert.ok(m, 'the page shows the outcome of the test');
  return m[1];
}

test('members get 403 on the page and on its actions', async () => {
  assert.equal((await member.get('/admin/accounting')).status, 403);
  const page = await member.get('/calendar');
  assert.equal((await member.post('/admin/accounting/test', { csrf: csrf(page.body) })).status, 403);
  assert.equal((await member.post('/admin/accounting', { csrf: csrf(page.body), enabled: '0' })).status, 403);
});

test('switched on, every needed field is required (422, input kept), and nothing is written', async () => {
  const r = await admin.submit('/admin/accounting', { enabled: '1', url: 'ftp://x', dbname: 'buchhaltung' });
  assert.equal(r.status, 422);
  assert.match(r.body, /mit http:\/\/ oder https:\/\//);
  assert.match(r.body, /value="buchhaltung"/);
  assert.match(r.body, /Für die eingeschaltete Verbindung erforderlich/);
  assert.equal(row(), undefined);
});

test('the password is stored sealed, never shown again and never logged', async () => {
  const r = await save(admin, { password: tryton.password });
  assert.equal(r.status, 303);
  const stored = row();
  assert.equal(stored.enabled, 1);
  assert.ok(stored.password_sealed.startsWith('s1:'), 'sealed form');
  assert.ok(!stored.password_sealed.includes(tryton.password));
  const page = await admin.get('/admin/accounting');
  assert.ok(!page.body.includes(tryton.password));
  assert.match(page.body, /Ein Passwort ist gespeichert/);
  const log = srv.sql("SELECT group_concat(line, '\n') AS l FROM actionlog")[0].l;
  assert.ok(!log.includes(tryton.password), 'the log never holds the password');
  assert.match(lastLog(), /ADMIN accounting settings changed: .*password replaced/);
  // Saving again without a password keeps the stored one.
  assert.equal((await save(admin, { password: '' })).status, 303);
  assert.equal(row().password_sealed, stored.password_sealed);
  // The key is not in the database, but in a file beside it with mode 0600.
  const key = path.join(srv.varDir, 'sealed.key');
  assert.equal(fs.statSync(key).mode & 0o777, 0o600);
});

test('"Verbindung testen" succeeds against the real server and writes an ADMIN line', async () => {
  assert.equal((await save(admin, { password: tryton.password })).status, 303);
  assert.match(await testConnection(), /Verbindung in Ordnung/);
  assert.match(lastLog(), /ADMIN accounting connection test: ok/);
});

test('wrong password, wrong database, unreachable server, missing rights and unknown accounts each say so', async () => {
  await save(admin, { password: 'falsch-falsch' });
  assert.match(await testConnection(), /Benutzer oder Passwort falsch/);

  await save(admin, { password: tryton.password, dbname: 'gibtesnicht' });
  assert.match(await testConnection(), /kennt aber die Datenbank „gibtesnicht“ nicht/);

  const dead = await freePort();
  await save(admin, { url: `http://127.0.0.1:${dead}` });
  assert.match(await testConnection(), new RegExp(`nicht erreichbar \\(http://127\\.0\\.0\\.1:${dead}`));

  await save(admin, { login: tryton.user + '_weak' });
  assert.match(await testConnection(), /darf keine Rechnungen oder Kunden anlegen \(account\.invoice\)/);

  await save(admin, { journal: '999' });
  assert.match(await testConnection(), /nicht gibt: journal: 999/);
  assert.match(lastLog(), /ADMIN accounting connection test: missing journal: 999/);
  const log = srv.sql("SELECT group_concat(line, '\n') AS l FROM actionlog")[0].l;
  assert.ok(!log.includes(tryton.password));
});

test('CSRF: a POST without the token changes nothing', async () => {
  const before = JSON.stringify(row());
  assert.equal((await admin.post('/admin/accounting', { enabled: '0' })).status, 403);
  assert.equal((await admin.post('/admin/accounting/test', {})).status, 403);
  assert.equal(JSON.stringify(row()), before);
});

test('another organisation sees nothing of these settings and tests its own', async () => {
  assert.equal((await save(admin, { password: tryton.password })).status, 303);
  const r = await admin2.get('/admin/accounting');
  assert.equal(r.status, 200);
  assert.ok(!r.body.includes(tryton.url) && !r.body.includes(tryton.user), 'no trace of org 1');
  assert.match(r.body, /Noch kein Passwort gespeichert/);
  assert.match(await testConnection(admin2), /noch nicht vollständig eingerichtet/);
  assert.equal(row(2).test_status, 'incomplete');
  assert.equal(row(1).test_status !== 'incomplete', true);
});
