// HTTP tests of invoices (issue #12): access and CSRF, settings with named messages, the period preview, issuing (empty
// period, member without member number, period already invoiced), the invoice and its PDF (pdftotext), members' own
// invoices, tenancy, cancellation invoices, the list and its CSV, and the DATEV and Lexware files with their previews.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, member, admin2, tmp;

before(async () => {
  srv = await startServer({ demo: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-inv-'));
  admin = new Client(srv.base);
  member = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
});
after(async () => {
  await srv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// The previous month (the organisation's usual period) as YYYY-MM, and a month with no bookings.
const ym = (d) => d.toISOString().slice(0, 7);
const now = new Date();
const PREV = ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
const OLD = ym(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 20, 15)));
const YEAR = String(now.getUTCFullYear());
const count = (sql) => srv.sql(sql)[0].n;
const tokenOf = async (c, p = '/export/invoices') => csrf((await c.get(p)).body);

const SETTINGS = {
  address: 'Demo-CarSharing e.V.\nMarktplatz 1\n12345 Musterstadt',
  iban: 'DE02 1203 0000 0000 2020 51',
  vat_mode: 'net',
  vat_rate: '19',
  number_format: '{YYYY}-{NNNN}',
  payment_days: '14',
  debtor_base: '10000',
  account_len: '4',
  fy_start: '1',
};

let firstId, firstNumber, runId, issued;

test('members get 403, signed-out visitors the login page, a POST without CSRF token is refused', async () => {
  for (const p of ['/export/invoices', '/export/invoices/new', '/export/invoices/settings', '/export/datev', '/export/lexware']) {
    assert.equal((await member.get(p)).status, 403, p);
    const r = await new Client(srv.base).get(p);
    assert.equal(r.status, 303, p);
    assert.match(r.location, /^\/login/);
  }
  const token = await tokenOf(member, '/calendar');
  assert.equal((await member.post('/export/invoices/new', { csrf: token, from: PREV, to: PREV })).status, 403);
  let r = await admin.post('/export/invoices/settings', { ...SETTINGS });
  assert.equal(r.status, 403);
  r = await admin.post('/export/invoices/new', { from: PREV, to: PREV });
  assert.equal(r.status, 403);
  assert.equal(count('SELECT count(*) AS n FROM inv_settings'), 0);
  assert.equal(count('SELECT count(*) AS n FROM invoice'), 0);
});

test('issuing without settings is 422 naming each missing setting, and writes nothing', async () => {
  const token = await tokenOf(admin);
  const r = await admin.post('/export/invoices/new', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Die Postanschrift der Organisation fehlt.'));
  assert.ok(r.body.includes('Die IBAN der Organisation fehlt.'));
  assert.equal(count('SELECT count(*) AS n FROM invoice'), 0);
  assert.equal(count('SELECT count(*) AS n FROM inv_run'), 0);
});

test('settings: bad values are 422 with messages and input kept; good ones are saved with a log line', async () => {
  const token = await tokenOf(admin, '/export/invoices/settings');
  let r = await admin.post('/export/invoices/settings', { ...SETTINGS, csrf: token, iban: 'XX12', number_format: 'RE-{YYYY}', vat_rate: 'neunzehn' });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Die IBAN ist ungültig.'));
  assert.ok(r.body.includes('Das Nummernformat braucht genau einen Zähler'));
  assert.ok(r.body.includes('Der Steuersatz ist eine Prozentzahl'));
  assert.match(r.body, /value="RE-\{YYYY\}"/);
  assert.equal(count('SELECT count(*) AS n FROM inv_settings'), 0);
  r = await admin.post('/export/invoices/settings', { ...SETTINGS, csrf: token });
  assert.equal(r.status, 303, r.body.slice(0, 1500));
  const s = srv.sql('SELECT iban, vat_mode, vat_rate FROM inv_settings WHERE org_id = 1')[0];
  assert.deepEqual(s, { iban: 'DE02120300000000202051', vat_mode: 'net', vat_rate: 1900 });
  assert.equal(count("SELECT count(*) AS n FROM actionlog WHERE org_id = 1 AND line LIKE '%ADMIN: ADMIN Rechnungseinstellungen%'"), 1);
  const page = await admin.get('/export/invoices/settings');
  assert.match(page.body, /Marktplatz 1/);
  assert.equal(count('SELECT count(*) AS n FROM inv_settings WHERE org_id = 2'), 0);
});

test('the preview: the usual period preselected, one line per member number, members lacking trip data named', async () => {
  // A booking of the period without odometer readings on a vehicle with a km price (Fiat 500, tariff Klein).
  const t = Date.UTC(Number(PREV.slice(0, 4)), Number(PREV.slice(5, 7)) - 1, 20, 9) / 1000;
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
           VALUES (1, 2, 3, ${t}, ${t + 7200}, 'ohne km', 'active', 3, ${t - 86400}, ${t - 86400})`);
  const r = await admin.get('/export/invoices/new');
  assert.equal(r.status, 200);
  assert.match(r.body, new RegExp(`<option value="${PREV}" selected>`));
  assert.ok(r.body.includes('Buchungen ohne Fahrtdaten'));
  assert.ok(r.body.includes('/calendar/trips/missing'));
  assert.match(r.body, /<td>1002<\/td><td>Nina Neumann<\/td>/);
  // Two logins with one member number are one invoice.
  srv.sql("UPDATE member SET member_no = '1002' WHERE login = 'HUBER'");
  const r2 = await admin.get(`/export/invoices/new?from=${PREV}&to=${PREV}`);
  assert.match(r2.body, /<td>1002<\/td><td>[^<]*<\/td><td>(NEUMANN, HUBER|HUBER, NEUMANN)<\/td>/);
  assert.ok(!/<td>1004<\/td>/.test(r2.body));
  assert.equal(count('SELECT count(*) AS n FROM invoice'), 0);
});

test('refusals: an empty period and a member without member number are 422, nothing issued', async () => {
  const token = await tokenOf(admin);
  let r = await admin.post('/export/invoices/new', { csrf: token, from: OLD, to: OLD });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Im gewählten Zeitraum gibt es nichts abzurechnen.'));
  srv.sql("UPDATE member SET member_no = '' WHERE login = 'WAGNER'");
  r = await admin.post('/export/invoices/new', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Mindestens ein Mitglied hat keine Mitgliedsnummer'));
  assert.ok(r.body.includes('ohne Mitgliedsnummer'));
  srv.sql("UPDATE member SET member_no = '1006' WHERE login = 'WAGNER'");
  assert.equal(count('SELECT count(*) AS n FROM invoice'), 0);
  assert.equal(count('SELECT count(*) AS n FROM inv_seq'), 0);
});

test('issuing: one invoice per member number, gap-free numbers, a log line; the same period again is 409', async () => {
  const token = await tokenOf(admin);
  const r = await admin.post('/export/invoices/new', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 303, r.body.slice(0, 2000));
  const m = r.location.match(/^\/export\/invoices\?run=(\d+)&issued=(\d+)$/);
  assert.ok(m, r.location);
  runId = Number(m[1]);
  issued = Number(m[2]);
  assert.ok(issued >= 3);
  assert.equal(count('SELECT count(*) AS n FROM invoice'), issued);
  assert.equal(count("SELECT count(DISTINCT member_no) AS n FROM invoice"), issued);
  const nums = srv.sql('SELECT number FROM invoice ORDER BY seq').map((x) => x.number);
  assert.deepEqual(nums, Array.from({ length: issued }, (_, i) => `${YEAR}-${String(i + 1).padStart(4, '0')}`));
  assert.equal(count("SELECT count(*) AS n FROM invoice WHERE net + vat <> gross"), 0);
  assert.equal(count(`SELECT count(*) AS n FROM actionlog WHERE line LIKE '%ADMIN: ADMIN Rechnungslauf ${runId} Zeitraum ${PREV}: ${issued} Rechnungen%'`), 1);
  // Every billing record of the invoices is marked once.
  assert.equal(count('SELECT count(*) AS n FROM inv_mark'), count('SELECT count(*) AS n FROM invoice_line'));
  const again = await admin.post('/export/invoices/new', { csrf: token, from: PREV, to: PREV });
  assert.equal(again.status, 409);
  assert.ok(again.body.includes('bereits abgerechnet'));
  assert.equal(count('SELECT count(*) AS n FROM invoice'), issued);
  const list = await admin.get(r.location);
  assert.equal(list.status, 200);
  assert.ok(list.body.includes(`/export/invoices/run/${runId}/pdf`));
  firstNumber = `${YEAR}-0001`;
  firstId = srv.sql(`SELECT id FROM invoice WHERE number = '${firstNumber}'`)[0].id;
});

test('the invoice page and its PDF: letterhead, address, lines, VAT, total, IBAN and due date', async () => {
  const inv = srv.sql(`SELECT * FROM invoice WHERE id = ${firstId}`)[0];
  const page = await admin.get(`/export/invoices/${firstId}`);
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(firstNumber));
  const r = await admin.get(`/export/invoices/${firstId}/pdf`);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/pdf/);
  assert.match(r.headers['content-disposition'], new RegExp(`Rechnung_${firstNumber}\\.pdf`));
  const f = path.join(tmp, 'one.pdf');
  fs.writeFileSync(f, r.buffer);
  const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
  for (const s of ['Demo-CarSharing', 'Marktplatz 1', '12345 Musterstadt', `Rechnung ${firstNumber}`, inv.name,
    'zzgl. Umsatzsteuer 19 %', 'Gesamtbetrag', 'DE02120300000000202051', 'Mitgliedsnummer', inv.member_no]) {
    assert.ok(text.includes(s), `${s} in\n${text}`);
  }
  const gross = (inv.gross / 100).toFixed(2).replace('.', ',');
  assert.ok(text.includes(gross), `${gross} in\n${text}`);
  const [y, mo, d] = inv.due_date.split('-');
  assert.ok(text.includes(`${d}.${mo}.${y}`));
  // The run's PDF holds every invoice of the run.
  const run = await admin.get(`/export/invoices/run/${runId}/pdf`);
  assert.equal(run.status, 200);
  fs.writeFileSync(path.join(tmp, 'run.pdf'), run.buffer);
  const all = execFileSync('pdftotext', [path.join(tmp, 'run.pdf'), '-'], { encoding: 'utf8' });
  assert.equal((all.match(new RegExp(`Rechnung ${YEAR}-\\d{4}`, 'g')) || []).length >= issued, true);
  assert.equal((await admin.get('/export/invoices/run/99999/pdf')).status, 404);
});

test('members see their own invoices and PDFs, not another member\'s (403); another organisation gets 404', async () => {
  const own = srv.sql("SELECT id, number FROM invoice WHERE member_no = '1002'")[0];
  const foreign = srv.sql("SELECT id FROM invoice WHERE member_no = '1003'")[0];
  const mine = await member.get('/export/invoices/mine');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.includes(own.number));
  assert.ok(!mine.body.includes(`/export/invoices/${foreign.id}"`));
  assert.equal((await member.get(`/export/invoices/${own.id}`)).status, 200);
  const pdf = await member.get(`/export/invoices/${own.id}/pdf`);
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers['content-type'], /^application\/pdf/);
  assert.equal((await member.get(`/export/invoices/${foreign.id}`)).status, 403);
  assert.equal((await member.get(`/export/invoices/${foreign.id}/pdf`)).status, 403);
  assert.equal((await admin2.get(`/export/invoices/${own.id}`)).status, 404);
  assert.equal((await admin2.get(`/export/invoices/${own.id}/pdf`)).status, 404);
  assert.equal((await admin2.get(`/export/invoices/run/${runId}/pdf`)).status, 404);
  const list2 = await admin2.get('/export/invoices');
  assert.ok(!list2.body.includes(own.number));
  const token = await tokenOf(admin2);
  assert.equal((await admin2.post(`/export/invoices/${own.id}/cancel`, { csrf: token })).status, 404);
  const mtoken = await tokenOf(member, '/calendar');
  assert.equal((await member.post(`/export/invoices/${own.id}/cancel`, { csrf: mtoken })).status, 403);
  assert.equal(count('SELECT count(*) AS n FROM invoice WHERE cancels IS NOT NULL'), 0);
  const page = await (new Client(srv.base)).get('/calendar/mine');
  assert.equal(page.status, 303);
  assert.ok((await member.get('/calendar/mine')).body.includes('/export/invoices/mine'));
});

let cancelId;
test('cancellation: a Stornorechnung with its own number referencing the original; twice is 409', async () => {
  const token = await tokenOf(admin);
  assert.equal((await admin.post(`/export/invoices/${firstId}/cancel`, {})).status, 403);
  const r = await admin.post(`/export/invoices/${firstId}/cancel`, { csrf: token });
  assert.equal(r.status, 303);
  const m = r.location.match(/^\/export\/invoices\/(\d+)\?cancelled=1$/);
  assert.ok(m, r.location);
  cancelId = Number(m[1]);
  const c = srv.sql(`SELECT * FROM invoice WHERE id = ${cancelId}`)[0];
  const o = srv.sql(`SELECT * FROM invoice WHERE id = ${firstId}`)[0];
  assert.equal(c.cancels, firstId);
  assert.equal(c.number, `${YEAR}-${String(issued + 1).padStart(4, '0')}`);
  assert.equal(c.gross, -o.gross);
  assert.equal(count(`SELECT count(*) AS n FROM inv_mark WHERE invoice_id = ${firstId}`), 0);
  assert.equal(count(`SELECT count(*) AS n FROM actionlog WHERE line LIKE '%ADMIN Stornorechnung ${c.number} zu Rechnung ${firstNumber}'`), 1);
  const page = await admin.get(r.location);
  assert.ok(page.body.includes('Stornorechnung'));
  assert.ok(page.body.includes(firstNumber));
  assert.equal((await admin.post(`/export/invoices/${firstId}/cancel`, { csrf: token })).status, 409);
  assert.equal((await admin.post(`/export/invoices/${cancelId}/cancel`, { csrf: token })).status, 409);
  assert.equal((await admin.post('/export/invoices/99999/cancel', { csrf: token })).status, 404);
  // The list filters by state, and its CSV has both.
  const cancelled = await admin.get('/export/invoices?state=cancelled');
  assert.ok(cancelled.body.includes(`>${firstNumber}<`));
  assert.ok(!cancelled.body.includes(`>${c.number}<`));
  const csv = await admin.get(`/export/invoices?period=${PREV}&format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.ok(csv.body.includes(firstNumber));
  assert.ok(csv.body.includes(c.number));
  assert.ok(csv.body.split('\n')[0].includes('Rechnungsnummer'));
  assert.equal((await admin.get('/export/invoices?state=bogus')).status, 422);
});

test('DATEV: the preview shows every row and its mapping; missing numbers and unmapped tariffs block the download', async () => {
  let r = await admin.get(`/export/datev?from=${PREV}&to=${PREV}`);
  assert.equal(r.status, 200);
  assert.ok(r.body.includes('Die DATEV-Beraternummer fehlt.'));
  assert.ok(r.body.includes('hat kein Erlöskonto'));
  assert.match(r.body, /disabled>Datei herunterladen/);
  let token = csrf(r.body);
  r = await admin.post('/export/datev', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 422);
  assert.equal(count('SELECT count(*) AS n FROM inv_handover'), 0);
  token = await tokenOf(admin, '/export/invoices/settings');
  assert.equal((await admin.post('/export/invoices/settings', { ...SETTINGS, csrf: token, berater: '29098', mandant: '55003' })).status, 303);
  const tariffs = srv.sql("SELECT DISTINCT tariff AS t FROM invoice_line").map((x) => x.t);
  for (const t of tariffs) {
    assert.equal((await admin.post('/export/invoices/accounts', { csrf: token, tariff: t, account: '8400' })).status, 303, t);
  }
  // A debtor base that makes the accounts too long for the Sachkontenlänge blocks the file too.
  assert.equal((await admin.post('/export/invoices/settings', { ...SETTINGS, csrf: token, berater: '29098', mandant: '55003', debtor_base: '100000' })).status, 303);
  r = await admin.get(`/export/datev?from=${PREV}&to=${PREV}`);
  assert.ok(r.body.includes('Debitorenkonto 101002 passt nicht zur Sachkontenlänge'));
  assert.match(r.body, /disabled>Datei herunterladen/);
  assert.equal((await admin.post('/export/invoices/settings', { ...SETTINGS, csrf: token, berater: '29098', mandant: '55003' })).status, 303);
  r = await admin.get(`/export/datev?from=${PREV}&to=${PREV}`);
  assert.equal(r.status, 200);
  assert.ok(!r.body.includes('hat kein Erlöskonto'));
  assert.ok(!r.body.includes('passt nicht'));
  assert.ok(!/disabled>Datei herunterladen/.test(r.body));
  assert.ok(r.body.includes('Konto 10000 + Mitgliedsnummer 1002'));
  assert.ok(r.body.includes('Gegenkonto 8400'));
  assert.ok(r.body.includes('BU 3'));
  const rows = (r.body.match(/<tr><td>\d{4}-\d{4}/g) || []).length;
  assert.equal(rows, issued + 1);
});

test('DATEV download: EXTF file in Windows-1252 with CRLF, marks hand-over; a second download offers only the rest', async () => {
  const token = await tokenOf(admin, `/export/datev?from=${PREV}&to=${PREV}`);
  let r = await admin.post('/export/datev', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 200, r.body.replace(/<head>[\s\S]*?<\/header>/, "").slice(0, 3000));
  assert.match(r.headers['content-disposition'], new RegExp(`EXTF_Buchungsstapel_${PREV}\\.csv`));
  const text = r.buffer.toString('latin1');
  const lines = text.split('\r\n');
  assert.match(lines[0], /^"EXTF";700;21;"Buchungsstapel";13;\d{17};;"RE";"";"";29098;55003;\d{8};4;\d{8};\d{8};"Rechnungen /);
  assert.ok(lines[1].startsWith('Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen'));
  assert.ok(r.buffer.includes(Buffer.from([0xfc])), 'ü of Schlüssel as Windows-1252');
  assert.equal(lines.filter((l) => /^\d+,\d\d;"[SH]";"EUR";;;;1\d{4};8400;"3";\d{4};"\d{4}-\d{4}"/.test(l)).length, issued + 1);
  assert.ok(lines.some((l) => /;"H";/.test(l)), 'the cancellation is a credit');
  assert.equal(count("SELECT count(*) AS n FROM inv_handover WHERE target = 'datev'"), issued + 1);
  assert.equal(count(`SELECT count(*) AS n FROM actionlog WHERE line LIKE '%ADMIN Übergabe DATEV: ${issued + 1} Rechnungen in EXTF_Buchungsstapel_${PREV}.csv'`), 1);
  r = await admin.post('/export/datev', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Keine Rechnungen zu übergeben.'));
  const list = await admin.get('/export/invoices?state=transferred');
  assert.ok(list.body.includes(`EXTF_Buchungsstapel_${PREV}.csv`));
  r = await admin.post('/export/datev', { csrf: token, from: PREV, to: PREV, all: '1' });
  assert.equal(r.status, 200, (r.body.match(/role="alert">[\s\S]*?<\/div>/) || [''])[0]);
  assert.equal(count("SELECT count(*) AS n FROM inv_handover WHERE target = 'datev'"), 2 * (issued + 1));
});

test('Lexware: field names first, one line per invoice, document date the day after the period', async () => {
  const r0 = await admin.get(`/export/lexware?from=${PREV}&to=${PREV}`);
  assert.equal(r0.status, 200);
  const token = csrf(r0.body);
  const r = await admin.post('/export/lexware', { csrf: token, from: PREV, to: PREV });
  assert.equal(r.status, 200, r.body.slice(0, 2000));
  assert.match(r.headers['content-disposition'], new RegExp(`rechnungen_${PREV}\\.txt`));
  const lines = r.buffer.toString('latin1').split('\r\n').filter(Boolean);
  assert.equal(lines[0], '"Belegdatum";"Belegnummer";"Buchungstext";"Buchungsbetrag";"Sollkonto";"Habenkonto";"Steuerschlüssel";"Währung"');
  assert.equal(lines.length, issued + 2);
  const y = Number(PREV.slice(0, 4)), m = Number(PREV.slice(5, 7));
  const after = m === 12 ? `01.01.${y + 1}` : `01.${String(m + 1).padStart(2, '0')}.${y}`;
  assert.ok(lines.slice(1).every((l) => l.startsWith(`"${after}";`)), lines.join('\n'));
  assert.ok(lines.some((l) => /;8400;1\d{4};"3";"EUR"$/.test(l)), 'the cancellation swaps the accounts');
  assert.equal(count("SELECT count(*) AS n FROM inv_handover WHERE target = 'lexware'"), issued + 1);
});

test('members\' postal addresses: edited by administrators, 404 across organisations, shown on later invoices', async () => {
  const f = await admin.get('/admin/members/2/address');
  assert.equal(f.status, 200);
  const token = csrf(f.body);
  const r = await admin.post('/admin/members/2/address', { csrf: token, address: 'Lindenweg 5\n12345 Musterstadt' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql('SELECT address FROM inv_address WHERE member_id = 2')[0].address, 'Lindenweg 5\n12345 Musterstadt');
  assert.equal((await admin2.get('/admin/members/2/address')).status, 404);
  const t2 = await tokenOf(admin2, '/admin/members');
  assert.equal((await admin2.post('/admin/members/2/address', { csrf: t2, address: 'x' })).status, 404);
  assert.equal((await member.get('/admin/members/2/address')).status, 403);
  assert.equal(srv.sql('SELECT address FROM inv_address WHERE member_id = 2')[0].address, 'Lindenweg 5\n12345 Musterstadt');
  // The cancelled invoice's bookings are invoiced again in the next run, now with the address, and in the small-
  // business mode of § 19 UStG: no VAT, the note instead.
  const ts = await tokenOf(admin, '/export/invoices/settings');
  assert.equal((await admin.post('/export/invoices/settings', { ...SETTINGS, csrf: ts, vat_mode: 'none', berater: '29098', mandant: '55003' })).status, 303);
  const cur = ym(now);
  const tk = await tokenOf(admin);
  const rr = await admin.post('/export/invoices/new', { csrf: tk, from: cur, to: cur });
  assert.equal(rr.status, 303, rr.body.slice(0, 1000));
  const inv = srv.sql("SELECT id, address, vat, net, gross, vat_mode FROM invoice WHERE member_no = '1002' ORDER BY id DESC LIMIT 1")[0];
  assert.equal(inv.address, 'Lindenweg 5\n12345 Musterstadt');
  assert.equal(inv.vat_mode, 'none');
  assert.equal(inv.vat, 0);
  assert.equal(inv.net, inv.gross);
  // The re-invoiced bookings are the cancelled ones: none of them is invoiced twice while its invoice stands.
  assert.equal(count(`SELECT count(*) AS n FROM (SELECT l.billing_id FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
    WHERE i.cancels IS NULL AND NOT EXISTS (SELECT 1 FROM invoice c WHERE c.cancels = i.id) GROUP BY l.billing_id HAVING count(*) > 1)`), 0);
  const pdf = await admin.get(`/export/invoices/${inv.id}/pdf`);
  fs.writeFileSync(path.join(tmp, 'p19.pdf'), pdf.buffer);
  const text = execFileSync('pdftotext', ['-layout', path.join(tmp, 'p19.pdf'), '-'], { encoding: 'utf8' });
  assert.ok(text.includes('Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.'), text);
  assert.ok(!text.includes('Umsatzsteuer 19'));
  assert.ok(text.includes('Lindenweg 5'));
});

test('DATEV: an invoice over tariffs with two revenue accounts is one row per account, the parts summing to its total', async () => {
  let token = await tokenOf(admin, '/export/invoices/settings');
  const tariffs = srv.sql("SELECT DISTINCT l.tariff AS t FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.period = '" + PREV + "'").map((x) => x.t);
  assert.ok(tariffs.length >= 2, tariffs.join());
  assert.equal((await admin.post('/export/invoices/accounts', { csrf: token, tariff: tariffs[0], account: '8401' })).status, 303);
  const r = await admin.get(`/export/datev?from=${PREV}&to=${PREV}&all=1`);
  assert.equal(r.status, 200);
  const rows = [...r.body.matchAll(/<tr><td>(\d{4}-\d{4})[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td class="num">(-?[\d.]+,\d\d)(?:&nbsp;| )?€?<\/td><td>([SH])<\/td><td>\d+<\/td><td>(\d+)<\/td>/g)]
    .map((m) => ({ number: m[1], cents: Math.round(Number(m[2].replace(/\./g, '').replace(',', '.')) * 100) * (m[3] === 'H' ? -1 : 1), account: m[4] }));
  assert.ok(rows.some((x) => x.account === '8401'));
  assert.ok(rows.some((x) => x.account === '8400'));
  const invs = srv.sql(`SELECT number, gross FROM invoice WHERE period = '${PREV}'`);
  let split = 0;
  for (const inv of invs) {
    const mine = rows.filter((x) => x.number === inv.number);
    if (mine.length > 1) split++;
    assert.equal(mine.reduce((s, x) => s + x.cents, 0), inv.gross, inv.number);
    assert.equal(new Set(mine.map((x) => x.account)).size, mine.length, 'one row per account');
  }
  assert.ok(split > 0);
});
