// HTTP tests of transferring issued invoices to a real Tryton 6 server (tools/tryton.sh), read back over
// JSON-RPC: access and tenancy, the preview, one and all, the list "noch nicht übertragen", undo as a
// credit note, a Stornorechnung as a credit note, failures kept in German on the invoice, a retry after
// an interrupted transfer that finds the half-done invoice by its reference, and concurrent transfers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer, freePort, ROOT } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, adminB, member, admin2, tryton, trytonDir;

const ym = (d) => d.toISOString().slice(0, 7);
const now = new Date();
const PREV = ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
const count = (sql) => srv.sql(sql)[0].n;
const mapping = { receivable: '5', revenue: '6', journal: '1', payment_term: '1' };

// ---- A JSON-RPC client of the test's own, to read back what Wagenbuch booked.
let rpcSession, rpcCtx;
async function rpc(method, params) {
  const headers = { 'Content-Type': 'application/json' };
  if (rpcSession) headers.Authorization = 'Session ' + Buffer.from(rpcSession).toString('base64');
  const r = await fetch(`${tryton.url}/${tryton.db}/`, { method: 'POST', headers, body: JSON.stringify({ method, params, id: 1 }) });
  const j = await r.json();
  if (j.error) throw new Error(`${method}: ${JSON.stringify(j.error)}`);
  return j.result;
}
async function rpcLogin() {
  rpcSession = null;
  const [uid, sess] = await rpc('common.db.login', [tryton.user, { password: tryton.password }, 'de']);
  rpcSession = `${tryton.user}:${uid}:${sess}`;
  const prefs = await rpc('model.res.user.get_preferences', [true, {}]);
  rpcCtx = { company: prefs.company };
}
const dec = (d) => Number(d?.decimal ?? d);
async function trytonInvoices(ref) {
  return rpc('model.account.invoice.search_read', [[['reference', '=', ref]], 0, null, null,
    ['id', 'number', 'state', 'total_amount', 'party', 'lines', 'description', 'invoice_address'], rpcCtx]);
}
async function trytonLines(ids) {
  return rpc('model.account.invoice.line.read', [ids, ['account', 'amount', 'description', 'quantity'], rpcCtx]);
}
async function trytonParty(id) {
  return (await rpc('model.party.party.read', [[id], ['code', 'name'], rpcCtx]))[0];
}

before(async () => {
  trytonDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-tryton-'));
  const port = await freePort();
  const out = execFileSync(path.join(ROOT, 'tools/tryton.sh'), ['start', trytonDir, String(port)], { encoding: 'utf8' });
  const [url, db, user, password] = out.trim().split(/\s+/);
  tryton = { url, db, user, password };
  await rpcLogin();
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  adminB = new Client(srv.base);
  member = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await adminB.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
  // Invoices of the previous month (issue #12), one member with a postal address.
  let r = await admin.submit('/export/invoices/settings', {
    address: 'Demo-CarSharing e.V.\nMarktplatz 1\n12345 Musterstadt', iban: 'DE02 1203 0000 0000 2020 51',
    vat_mode: 'net', vat_rate: '19', number_format: '{YYYY}-{NNNN}', payment_days: '14', debtor_base: '10000',
    account_len: '4', fy_start: '1',
  });
  assert.equal(r.status, 303);
  const neumann = srv.sql("SELECT id FROM member WHERE login = 'NEUMANN' AND org_id = 1")[0].id;
  srv.sql(`INSERT INTO inv_address (member_id, org_id, address) VALUES (${neumann}, 1, 'Nina Neumann\nLindenweg 5\n12345 Musterstadt')`);
  r = await admin.submit('/export/invoices/new', { from: PREV, to: PREV }, { action: '/export/invoices/new' });
  assert.equal(r.status, 303, r.body?.slice(0, 500));
  assert.ok(count('SELECT count(*) AS n FROM invoice') >= 3);
  r = await admin.submit('/admin/accounting', { enabled: '1', url: tryton.url, dbname: tryton.db, login: tryton.user, password: tryton.password, ...mapping });
  assert.equal(r.status, 303);
});
after(async () => {
  await srv?.stop();
  if (trytonDir) execFileSync(path.join(ROOT, 'tools/tryton.sh'), ['stop', trytonDir]);
});

const invoices = () => srv.sql('SELECT id, number, member_no, name, gross FROM invoice WHERE org_id = 1 ORDER BY seq');
const xfer = (id) => srv.sql(`SELECT * FROM acct_transfer WHERE invoice_id = ${id}`)[0];
const token = async (c = admin) => csrf((await c.get('/admin/accounting')).body);

test('members get 403, another organisation 404, a POST without CSRF token changes nothing', async () => {
  const [inv] = invoices();
  for (const p of ['/admin/accounting/invoices', '/admin/accounting/invoices?open=1', `/admin/accounting/invoices/${inv.id}`])
    assert.equal((await member.get(p)).status, 403, p);
  const mt = csrf((await member.get('/calendar')).body);
  assert.equal((await member.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: mt })).status, 403);
  assert.equal((await member.post('/admin/accounting/invoices/transfer', { csrf: mt })).status, 403);
  const t2 = await token(admin2);
  assert.equal((await admin2.get(`/admin/accounting/invoices/${inv.id}`)).status, 404);
  assert.equal((await admin2.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: t2 })).status, 404);
  assert.equal((await admin2.post(`/admin/accounting/invoices/${inv.id}/undo`, { csrf: t2 })).status, 404);
  const list2 = await admin2.get('/admin/accounting/invoices?open=1');
  assert.equal(list2.status, 200);
  assert.ok(!list2.body.includes(inv.number), 'no trace of org 1');
  // Org 2 transferring "all" books nothing of org 1.
  assert.equal((await admin2.post('/admin/accounting/invoices/transfer', { csrf: t2 })).status, 422);
  assert.equal((await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, {})).status, 403);
  assert.equal((await admin.post('/admin/accounting/invoices/transfer', {})).status, 403);
  assert.equal((await admin.post(`/admin/accounting/invoices/${inv.id}/undo`, {})).status, 403);
  assert.equal((await admin.post('/admin/accounting/revenue', { tariff: 'Klein', account: '9' })).status, 403);
  assert.equal((await member.post('/admin/accounting/revenue', { csrf: mt, tariff: 'Klein', account: '9' })).status, 403);
  assert.equal(count('SELECT count(*) AS n FROM acct_revenue'), 0);
  assert.equal(count('SELECT count(*) AS n FROM acct_transfer'), 0);
  assert.equal((await trytonInvoices(inv.number)).length, 0);
});

test('the preview names the party to be created, the lines, accounts and the total; nothing is written', async () => {
  const inv = invoices().find((i) => i.member_no === '1002');
  const r = await admin.get(`/admin/accounting/invoices/${inv.id}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /<span class="party-create">wird angelegt \(Lindenweg 5, 12345 Musterstadt\)<\/span>/);
  assert.match(r.body, new RegExp(`Carsharing ${PREV}, Tarif `));
  assert.match(r.body, /Umsatzsteuer/);
  assert.match(r.body, /<td>6 \(Standard-Erlöskonto\)<\/td>/);
  const gross = (inv.gross / 100).toFixed(2).replace('.', ',');
  assert.ok(r.body.includes(`<th class="num total">${gross}`), `total ${gross}`);
  assert.equal(count('SELECT count(*) AS n FROM acct_transfer'), 0);
  const list = await admin.get('/admin/accounting/invoices?open=1');
  assert.equal(list.status, 200);
  for (const i of invoices()) assert.ok(list.body.includes(`data-number="${i.number}"`), i.number);
});

test('transfer one: posted in Tryton with the party, lines and total; recorded with its number; twice is 409', async () => {
  const inv = invoices().find((i) => i.member_no === '1002');
  // The first tariff gets an account of its own: the line is booked there.
  const tariff = srv.sql(`SELECT tariff FROM invoice_line WHERE invoice_id = ${inv.id} ORDER BY tariff LIMIT 1`)[0].tariff;
  const rs = await admin.post('/admin/accounting/revenue', { csrf: await token(), tariff, account: '6' });
  assert.equal(rs.status, 303);
  assert.equal(count(`SELECT count(*) AS n FROM acct_revenue WHERE org_id = 1 AND account = 6`), 1);
  const settings = await admin.get('/admin/accounting');
  assert.ok(settings.body.includes(`<td>${tariff}</td><td class="rev-account">6</td>`), 'the mapping is shown');
  assert.match(srv.sql("SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 1")[0].line,
    new RegExp(`ADMIN accounting revenue account of tariff ${tariff}: 6`));
  assert.equal((await admin.post('/admin/accounting/revenue', { csrf: await token(), tariff, account: '-3' })).status, 422);
  assert.equal((await admin2.get('/admin/accounting')).body.includes(`<td class="rev-account">6</td>`), false);
  const r = await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: await token() });
  assert.equal(r.status, 303, r.body?.slice(0, 800));
  assert.match(r.location, /\?transferred=1$/);
  const x = xfer(inv.id);
  assert.equal(x.state, 'done', JSON.stringify(x));
  const [t] = await trytonInvoices(inv.number);
  assert.equal(t.state, 'posted');
  assert.equal(t.number, x.tryton_number);
  assert.equal(t.id, x.tryton_id);
  assert.equal(dec(t.total_amount), inv.gross / 100);
  const party = await trytonParty(t.party);
  assert.equal(party.code, '1002');
  assert.equal(party.name, inv.name);
  const lines = await trytonLines(t.lines);
  const sum = Math.round(lines.reduce((s, l) => s + dec(l.amount) * 100, 0));
  assert.equal(sum, inv.gross);
  assert.ok(lines.every((l) => l.account === 6));
  assert.ok(lines.some((l) => l.description.includes(`Tarif ${tariff}`)));
  assert.match(srv.sql("SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 1")[0].line,
    new RegExp(`ADMIN accounting transfer: invoice ${inv.number} ok, Tryton invoice ${t.number}`));
  const log = srv.sql("SELECT group_concat(line, '\n') AS l FROM actionlog")[0].l;
  assert.ok(!log.includes(tryton.password));
  const page = await admin.get(`/admin/accounting/invoices/${inv.id}`);
  assert.ok(page.body.includes(`<span class="tryton-number">${t.number}</span>`));
  assert.match(page.body, /<span class="party-found">/);
  const again = await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: await token() });
  assert.equal(again.status, 409);
  assert.match(again.body, /bereits übertragen/);
  assert.equal((await trytonInvoices(inv.number)).length, 1);
});

test('an unreachable server: the failure is kept in German on the invoice, nothing recorded as done', async () => {
  const inv = invoices().find((i) => i.member_no !== '1002');
  const dead = await freePort();
  assert.equal((await admin.submit('/admin/accounting', { enabled: '1', url: `http://127.0.0.1:${dead}`, dbname: tryton.db, login: tryton.user, ...mapping })).status, 303);
  const r = await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: await token() });
  assert.equal(r.status, 303);
  assert.match(r.location, /\?failed=1$/);
  assert.equal(xfer(inv.id).state, 'failed');
  assert.equal(xfer(inv.id).error_kind, 'unreachable');
  const page = await admin.get(r.location);
  assert.match(page.body, new RegExp(`Übertragung fehlgeschlagen: Der Server ist nicht erreichbar \\(http://127\\.0\\.0\\.1:${dead}`));
  assert.ok(!page.body.includes('{"'), 'no raw JSON');
  const list = await admin.get('/admin/accounting/invoices?open=1');
  assert.ok(list.body.includes(`data-number="${inv.number}"`), 'a failed one is still open');
  assert.match(srv.sql("SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 1")[0].line, /accounting transfer: invoice .* failed: unreachable/);
  assert.equal((await admin.submit('/admin/accounting', { enabled: '1', url: tryton.url, dbname: tryton.db, login: tryton.user, ...mapping })).status, 303);
  // "Alle offenen übertragen" below retries it.
  assert.equal((await trytonInvoices(inv.number)).length, 0);
});

// A proxy in front of the real server that passes every call on, but for the methods in cut lets Tryton
// do the work and then drops the connection without an answer: a server dying (or a timeout) mid-way.
async function cuttingProxy(cut) {
  const seen = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    let method = '';
    try { method = JSON.parse(body).method; } catch { /* not ours */ }
    seen.push(method);
    const up = await fetch(tryton.url + req.url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(req.headers.authorization ? { Authorization: req.headers.authorization } : {}) }, body });
    const text = await up.text();
    if (cut.has(method)) { req.socket.destroy(); return; }
    res.writeHead(up.status, { 'Content-Type': 'application/json' });
    res.end(text);
  });
  const port = await freePort();
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((ok) => server.close(ok)) };
}

test('the connection dies after Tryton created (or posted) the invoice: the retry finds it and books nothing twice', async () => {
  for (const cutAt of ['model.account.invoice.create', 'model.account.invoice.post']) {
    const inv = invoices().find((i) => !xfer(i.id));
    assert.ok(inv, 'an open invoice is left');
    const proxy = await cuttingProxy(new Set([cutAt]));
    try {
      assert.equal((await admin.submit('/admin/accounting', { enabled: '1', url: proxy.url, dbname: tryton.db, login: tryton.user, ...mapping })).status, 303);
      const r = await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: await token() });
      assert.equal(r.status, 303);
      assert.match(r.location, /\?failed=1$/, cutAt);
      assert.ok(proxy.seen.includes(cutAt), `${cutAt} reached Tryton`);
      assert.equal(xfer(inv.id).state, 'failed', 'not recorded as done without a confirmation');
      const page = await admin.get(r.location);
      assert.match(page.body, /Übertragung fehlgeschlagen: Der Server ist nicht erreichbar/);
      const half = await trytonInvoices(inv.number);
      assert.equal(half.length, 1, 'Tryton did create it');
      assert.equal(half[0].state, cutAt.endsWith('create') ? 'draft' : 'posted');
      if (cutAt.endsWith('create')) {
        // As if the process itself had died before recording anything: its claim with a lease run out.
        srv.sql(`UPDATE acct_transfer SET state = 'pending', lease_until = ${Math.floor(Date.now() / 1000) - 5},
                 error_kind = 'interrupted', error_detail = '' WHERE invoice_id = ${inv.id}`);
        const list = await admin.get('/admin/accounting/invoices?open=1');
        assert.match(list.body, new RegExp(`data-number="${inv.number}"[^]*?Die Übertragung wurde unterbrochen`));
      }
      // The retry over a working connection.
      assert.equal((await admin.submit('/admin/accounting', { enabled: '1', url: tryton.url, dbname: tryton.db, login: tryton.user, ...mapping })).status, 303);
      const r2 = await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: await token() });
      assert.equal(r2.status, 303);
      assert.match(r2.location, /\?transferred=1$/);
      const after = await trytonInvoices(inv.number);
      assert.equal(after.length, 1, 'no second invoice');
      assert.equal(after[0].id, half[0].id);
      assert.equal(after[0].state, 'posted');
      assert.equal(dec(after[0].total_amount), inv.gross / 100);
      assert.equal(xfer(inv.id).state, 'done');
      assert.equal(xfer(inv.id).tryton_number, after[0].number);
    } finally {
      await proxy.close();
    }
  }
});

test('concurrent transfers of one invoice give one Tryton invoice; a live claim is 409', async () => {
  const inv = invoices().find((i) => !xfer(i.id));
  assert.ok(inv, 'an open invoice is left');
  const [ta, tb] = [await token(admin), await token(adminB)];
  // A claim whose lease still runs blocks everyone else, and nothing goes to Tryton.
  srv.sql(`INSERT INTO acct_transfer (invoice_id, org_id, state, lease_until, token, changed_at)
           VALUES (${inv.id}, 1, 'pending', ${Math.floor(Date.now() / 1000) + 600}, 5, 0)`);
  const b = await admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: ta });
  assert.equal(b.status, 409);
  assert.match(b.body, /wird gerade übertragen/);
  assert.equal((await trytonInvoices(inv.number)).length, 0);
  srv.sql(`DELETE FROM acct_transfer WHERE invoice_id = ${inv.id}`);
  const rs = await Promise.all([
    admin.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: ta }),
    adminB.post(`/admin/accounting/invoices/${inv.id}/transfer`, { csrf: tb }),
  ]);
  assert.deepEqual(rs.map((x) => x.status).sort(), [303, 409]);
  assert.equal((await trytonInvoices(inv.number)).length, 1);
  assert.equal(xfer(inv.id).state, 'done');
  assert.equal(count(`SELECT count(*) AS n FROM actionlog WHERE line LIKE '%accounting transfer: invoice ${inv.number} ok%'`), 1);
});

test('transfer all open ones of the period, then "noch nicht übertragen" is empty', async () => {
  const open = invoices().filter((i) => !xfer(i.id) || xfer(i.id).state === 'failed').length;
  assert.ok(open >= 1, 'open invoices are left for this test');
  const r = await admin.post('/admin/accounting/invoices/transfer', { csrf: await token(), period: PREV });
  assert.equal(r.status, 303);
  assert.match(r.location, new RegExp(`period=${PREV}&done=${open}&failed=0$`));
  for (const i of invoices()) {
    assert.equal(xfer(i.id)?.state, 'done', i.number);
    const t = await trytonInvoices(i.number);
    assert.equal(t.length, 1, i.number);
    assert.equal(dec(t[0].total_amount), i.gross / 100);
  }
  const list = await admin.get('/admin/accounting/invoices?open=1');
  assert.match(list.body, /Keine Rechnungen\./);
});

test('undo books a credit note referencing the original; a Stornorechnung transfers as a credit note', async () => {
  const inv = invoices()[0];
  const t = await token();
  const r = await admin.post(`/admin/accounting/invoices/${inv.id}/undo`, { csrf: t });
  assert.equal(r.status, 303, r.body?.slice(0, 500));
  const x = xfer(inv.id);
  assert.equal(x.state, 'undone');
  const [credit] = await trytonInvoices(`${inv.number}-STORNO`);
  assert.equal(credit.state, 'posted');
  assert.equal(credit.number, x.undo_number);
  assert.equal(dec(credit.total_amount), -inv.gross / 100);
  assert.match(credit.description, new RegExp(`Storno zu Rechnung ${inv.number}`));
  assert.equal((await trytonInvoices(inv.number))[0].state, 'posted', 'the original stays');
  assert.equal((await admin.post(`/admin/accounting/invoices/${inv.id}/undo`, { csrf: t })).status, 409);
  assert.equal((await trytonInvoices(`${inv.number}-STORNO`)).length, 1);
  assert.match(srv.sql("SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 1")[0].line, /accounting undo: invoice .* ok, credit note/);
  // A Wagenbuch cancellation invoice of another one.
  const orig = invoices()[1];
  const c = await admin.post(`/export/invoices/${orig.id}/cancel`, { csrf: csrf((await admin.get('/export/invoices')).body) });
  assert.equal(c.status, 303);
  const storno = srv.sql(`SELECT id, number, gross FROM invoice WHERE cancels = ${orig.id}`)[0];
  const page = await admin.get(`/admin/accounting/invoices/${storno.id}`);
  assert.match(page.body, /Stornorechnung, wird als Gutschrift gebucht/);
  const s = await admin.post(`/admin/accounting/invoices/${storno.id}/transfer`, { csrf: t });
  assert.equal(s.status, 303);
  const [ts] = await trytonInvoices(storno.number);
  assert.equal(ts.state, 'posted');
  assert.equal(dec(ts.total_amount), storno.gross / 100);
  assert.ok(storno.gross < 0);
  assert.match(ts.description, new RegExp(`Stornorechnung ${storno.number} zu Rechnung ${orig.number}`));
});

test('import of customers: a preview with created, linked, changed and conflicts; then one transaction', async () => {
  // The transfers created parties 1002..1006 with the invoices' names; 1003 is renamed there.
  const [p1003] = await rpc('model.party.party.search', [[['code', '=', '1003']], 0, null, null, rpcCtx]);
  assert.ok(p1003, 'the transfer created party 1003');
  await rpc('model.party.party.write', [[p1003], { name: 'Michael Meyer' }, rpcCtx]);
  for (const [code, name] of [['7001', 'Jörg D’hondt'], ['7003', '***'], ['7004', 'Admin'], ['7005', 'Jörg Dhondt']]) {
    await rpc('model.party.party.create', [[{ name, code }], rpcCtx]);
  }
  assert.equal((await member.get('/admin/accounting/import')).status, 403);
  const mt = csrf((await member.get('/calendar')).body);
  assert.equal((await member.post('/admin/accounting/import', { csrf: mt })).status, 403);
  const o2 = await admin2.get('/admin/accounting/import');
  assert.equal(o2.status, 422, 'org 2 has no connection of its own');
  assert.ok(!o2.body.includes('Michael Meyer'));
  const members = count('SELECT count(*) AS n FROM member');
  const r = await admin.get('/admin/accounting/import');
  assert.equal(r.status, 200);
  const what = (code) => r.body.match(new RegExp(`data-code="${code}"><td>[^<]*</td><td>[^<]*</td>\\s*<td class="what">([^]*?)</td>`))?.[1] ?? '';
  assert.match(what('1003'), /Beschreibung wird geändert \(bisher „Michael Meier, 0160 9876543“\)/);
  assert.match(what('1004'), /^wird verknüpft$/);
  assert.match(what('7001'), /wird angelegt als <span class="login">JOERG-DHONDT<\/span>/);
  assert.match(what('7003'), /kein Login ableiten/);
  assert.match(what('7004'), /Login ist schon vergeben: <span class="login">ADMIN<\/span>/);
  assert.match(what('7005'), /Login ist schon vergeben: <span class="login">JOERG-DHONDT<\/span>/);
  assert.match(r.body, /werden nicht übernommen/);
  assert.ok(!r.body.includes('DEMO-CARSHARING'), 'the company\'s own party is no customer');
  assert.equal(count('SELECT count(*) AS n FROM member'), members, 'the preview writes nothing');
  assert.equal(count('SELECT count(*) AS n FROM acct_party'), 0);
  assert.equal((await admin.post('/admin/accounting/import', {})).status, 403);
  assert.equal(count('SELECT count(*) AS n FROM acct_party'), 0);

  const a = await admin.post('/admin/accounting/import', { csrf: csrf(r.body) });
  assert.equal(a.status, 303);
  assert.match(a.location, /created=1&linked=\d+&changed=1&conflicts=3$/);
  const j = srv.sql("SELECT * FROM member WHERE login = 'JOERG-DHONDT'")[0];
  assert.equal(j.org_id, 1);
  assert.equal(j.member_no, '7001');
  assert.equal(j.descr, 'Jörg D’hondt');
  assert.equal(j.pw_hash, '', 'no password until an administrator sets one');
  assert.equal(count("SELECT count(*) AS n FROM member WHERE member_no IN ('7003', '7004', '7005')"), 0);
  assert.equal(srv.sql("SELECT descr FROM member WHERE login = 'MEIER'")[0].descr, 'Michael Meyer');
  assert.equal(srv.sql("SELECT descr FROM member WHERE login = 'HUBER'")[0].descr, 'Hanna Huber, 030 1234567');
  assert.equal(count(`SELECT count(*) AS n FROM acct_party WHERE member_id = ${j.id} AND code = '7001'`), 1);
  assert.equal(count("SELECT count(*) AS n FROM acct_party p JOIN member m ON m.id = p.member_id WHERE m.login IN ('MEIER', 'HUBER')"), 2);
  assert.match(srv.sql("SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 1")[0].line,
    /ADMIN accounting import: 1 created, \d+ linked, 1 changed, 0 unchanged, 3 conflicts/);
  assert.equal(count("SELECT count(*) AS n FROM actionlog WHERE line LIKE '%member % JOERG-DHONDT created (import from accounting, party 7001)%'"), 1);
  // The new member cannot sign in without a password.
  const c = new Client(srv.base);
  assert.notEqual((await c.login('JOERG-DHONDT', '', { org: 1 })).status, 303);
  // Again: nothing left to do for them.
  const again = await admin.get('/admin/accounting/import');
  assert.match(again.body, /data-code="7001"><td>[^<]*<\/td><td>[^<]*<\/td>\s*<td class="what">bereits verknüpft/);
});
