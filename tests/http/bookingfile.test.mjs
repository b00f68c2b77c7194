// HTTP tests of the booking file ("Buchungsdatei") on /export: access, preselected period, billing records created first, CSV separators, decimal marks, BOM, formula guard, file names, the xlsx holding the same rows, streaming.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';
import { berlinMonth, parseCsv, readXlsx, serialToText } from './sheets.mjs';

let srv, admin, member, admin2, tmp;

before(async () => {
  srv = await startServer({ demo: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bf-'));
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

// Local "YYYY-MM-DDTHH:MM" of a day offset from today.
function at(dayOffset, hh, mm = 0) {
  const d = new Date(Date.now() + dayOffset * 86400000);
  return `${d.toISOString().slice(0, 10)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

const WIDE = () => `from=${berlinMonth(-4)}&to=${berlinMonth(0)}`;
const currentRecords = (org = 1) => srv.sql(`SELECT count(*) AS n FROM billing b WHERE org_id = ${org} AND kind <> 'reversal'
  AND NOT EXISTS (SELECT 1 FROM billing r WHERE r.reverses = b.id)`)[0].n;

test('members get 403, signed-out visitors the login page', async () => {
  for (const p of [`/export/bookings?${WIDE()}`, `/export/bookings?${WIDE()}&format=xlsx`]) {
    assert.equal((await member.get(p)).status, 403, p);
    const r = await new Client(srv.base).get(p);
    assert.equal(r.status, 303, p);
    assert.match(r.location, /^\/login/);
  }
});

test('the export page offers the booking file with the last billing period preselected', async () => {
  const sel = (body, id) => body.match(new RegExp(`<select id="${id}"[\\s\\S]*?</select>`))[0];
  let r = await admin.get('/export');
  assert.equal(r.status, 200);
  assert.match(r.body, /Buchungsdatei/);
  assert.match(r.body, /action="\/export\/bookings"/);
  assert.match(sel(r.body, 'bf_from'), new RegExp(`<option value="${berlinMonth(-1)}" selected>`));
  assert.match(sel(r.body, 'bf_to'), new RegExp(`<option value="${berlinMonth(-1)}" selected>`));
  assert.match(sel(r.body, 'bf_sep'), /<option value="semicolon" selected>/);
  assert.match(r.body, /name="bom" value="1"/);
  assert.match(r.body, /name="format" value="xlsx"/);
  assert.match(r.body, /href="\/export\/billing"/);
  // The log form keeps its own defaults (previous and current month).
  assert.match(sel(r.body, 'from'), new RegExp(`<option value="${berlinMonth(-1)}" selected>`));

  srv.sql("UPDATE org SET billing_period = 'quarter' WHERE id = 1");
  try {
    r = await admin.get('/export');
    const m = Number(berlinMonth(0).slice(5));
    const q0 = m - ((m - 1) % 3); // first month of the current quarter
    const back = m - q0;
    assert.match(sel(r.body, 'bf_from'), new RegExp(`<option value="${berlinMonth(-back - 3)}" selected>`));
    assert.match(sel(r.body, 'bf_to'), new RegExp(`<option value="${berlinMonth(-back - 1)}" selected>`));
  } finally {
    srv.sql("UPDATE org SET billing_period = 'month' WHERE id = 1");
  }
});

test('file names carry the period', async () => {
  let r = await admin.get('/export/bookings?from=2026-10&to=2026-10');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
  assert.equal(r.headers['content-disposition'], 'attachment; filename="buchungen_2026-10.csv"');
  r = await admin.get('/export/bookings?from=2026-07&to=2026-09');
  assert.equal(r.headers['content-disposition'], 'attachment; filename="buchungen_2026-07_2026-09.csv"');
  r = await admin.get('/export/bookings?from=2026-07&to=2026-09&format=xlsx');
  assert.equal(r.headers['content-disposition'], 'attachment; filename="buchungen_2026-07_2026-09.xlsx"');
  assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.buffer.subarray(0, 2).toString(), 'PK');
  // An empty period is the header row alone.
  r = await admin.get('/export/bookings?from=2020-01&to=2020-01');
  const rows = parseCsv(r.body, ';');
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], 'Buchungsnummer');
  assert.equal(rows[0].length, 15);
});

test('missing billing records are created before the file is read', async () => {
  // An ended booking written behind the application's back: no record yet, only the trigger's queue.
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
    VALUES (1, 3, 4, unixepoch('now', 'start of day', '-3 days', '+8 hours'), unixepoch('now', 'start of day', '-3 days', '+10 hours'),
      'nachgetragen', 'active', 1, unixepoch('now', '-5 days'), unixepoch('now', '-5 days'))`);
  const [{ id }] = srv.sql("SELECT max(id) AS id FROM booking WHERE purpose = 'nachgetragen'");
  assert.equal(srv.sql(`SELECT count(*) AS n FROM billing WHERE booking_id = ${id}`)[0].n, 0);
  const r = await admin.get(`/export/bookings?${WIDE()}`);
  assert.equal(r.status, 200);
  assert.equal(srv.sql(`SELECT count(*) AS n FROM billing WHERE booking_id = ${id}`)[0].n, 1);
  const rows = parseCsv(r.body, ';');
  const row = rows.find((x) => x[0] === String(id));
  assert.ok(row, 'the new booking is in the file');
  assert.deepEqual(row.slice(1, 6), ['1004', 'HUBER', 'Hanna Huber, 030 1234567', 'Renault Zoe', 'Innenstadt']);
  assert.equal(row[8], '2,00');
  assert.equal(row[10], 'normal');
  assert.equal(row[12], 'ADMIN');
  assert.equal(row[14], '6,00');   // 2 h at 3.00 (tariff "Elektro")
  // One row per current record (normal, storno, changed-storno); reversals are not bookings.
  assert.equal(rows.length - 1, currentRecords());
  assert.ok(rows.some((x) => x[10] === 'Storno'));
});

let zoe; // the booking made through the web UI below
test('semicolon with decimal comma by default, comma with decimal point, BOM on request, formula guard', async () => {
  const r0 = await admin.submit('/calendar/booking/new', { vehicle: 3, member: 2, start: at(-6, 9), end: at(-6, 12, 30), purpose: '=HYPERLINK("http://x";"klick")' });
  assert.equal(r0.status, 303, r0.body);
  zoe = r0.location.match(/booking\/(\d+)/)[1];

  const semi = await admin.get(`/export/bookings?${WIDE()}`);
  assert.notEqual(semi.buffer[0], 0xef, 'no BOM unless asked');
  const line = semi.body.split('\r\n').find((l) => l.startsWith(`${zoe};`));
  assert.ok(line, semi.body.slice(0, 500));
  // Numbers unquoted with a decimal comma, text quoted, the formula defused with a leading apostrophe.
  assert.match(line, /;3,50;"";"normal";"'=HYPERLINK\(""http:\/\/x"";""klick""\)";"ADMIN";"\d{4}-\d\d-\d\d \d\d:\d\d";10,50$/);
  const row = parseCsv(line + '\r\n', ';')[0];
  assert.equal(row[6], at(-6, 9).replace('T', ' '));
  assert.equal(row[7], at(-6, 12, 30).replace('T', ' '));
  assert.equal(row[11], `'=HYPERLINK("http://x";"klick")`);

  const comma = await admin.get(`/export/bookings?${WIDE()}&sep=comma&bom=1`);
  assert.deepEqual([...comma.buffer.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = comma.buffer.subarray(3).toString('utf8');
  const cline = text.split('\r\n').find((l) => l.startsWith(`${zoe},`));
  assert.match(cline, /,3\.50,"","normal",.*,10\.50$/);
  assert.deepEqual(parseCsv(text, ',').length, parseCsv(semi.body, ';').length);
  assert.equal(text.split('\r\n')[0], '"Buchungsnummer","Mitgliedsnummer","Login","Teilnehmer","Fahrzeug","Bereich","Beginn","Ende","Stunden","km","Status","Zweck","Gebucht von","Gebucht am","Preis (EUR)"');
});

test('a change leaves a changed-storno row; the other organisation sees only its own', async () => {
  const e = await admin.submit(`/calendar/booking/${zoe}/edit`, { vehicle: 3, member: 2, start: at(-6, 9), end: at(-6, 11), purpose: 'kürzer' });
  assert.equal(e.status, 303, e.body);
  const rows = parseCsv((await admin.get(`/export/bookings?${WIDE()}`)).body, ';').filter((x) => x[0] === zoe);
  assert.deepEqual(rows.map((x) => x[10]).sort(), ['normal', 'Änderungsstorno']);
  assert.equal(rows.find((x) => x[10] === 'normal')[14], '6,00');
  assert.equal(rows.find((x) => x[10] === 'Änderungsstorno')[14], '2,25'); // 1.5 uncovered hours at 3.00, 50 %

  const other = parseCsv((await admin2.get(`/export/bookings?${WIDE()}`)).body, ';');
  assert.ok(other.length > 1);
  assert.equal(other.length - 1, currentRecords(2));
  for (const x of other.slice(1)) assert.ok(['Citroën C3', 'Dacia Logan MCV'].includes(x[4]), x[4]);
});

test('the xlsx download opens and holds the same rows as the CSV', async () => {
  const csv = parseCsv((await admin.get(`/export/bookings?${WIDE()}&sep=comma`)).body, ',');
  const x = await admin.get(`/export/bookings?${WIDE()}&format=xlsx`);
  assert.equal(x.status, 200);
  const { names, rows } = readXlsx(x.buffer, tmp);
  assert.ok(names.includes('xl/worksheets/sheet1.xml'));
  assert.equal(rows.length, csv.length);
  assert.deepEqual(rows[0], csv[0]);
  const dateCols = new Set([6, 7, 13]);
  for (let i = 1; i < csv.length; i++) {
    const want = csv[i];
    const got = rows[i].concat(Array(want.length - rows[i].length).fill(''));
    const norm = got.map((v, c) => (typeof v === 'number' ? (dateCols.has(c) ? serialToText(v) : v) : v));
    const exp = want.map((v, c) => ([0, 8, 9, 14].includes(c) && v !== '' ? Number(v) : v));
    assert.deepEqual(norm, exp, `row ${i}`);
  }
  const guard = rows.find((r) => String(r[11]).startsWith("'="));
  assert.ok(guard, 'the formula guard applies in xlsx too');
  // No temp file is left behind.
  const left = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('wagenbuch-'));
  assert.deepEqual(left, []);
});

test('bad input is 422 on the export page with messages and the input kept', async () => {
  for (const q of ['from=2026-13&to=2026-11', 'from=2026-10', '', 'from=2026-11&to=2026-10',
    'from=2026-10&to=2026-11&sep=tab', 'from=2026-10&to=2026-11&format=pdf', 'from=2026-10&to=2026-11&bom=yes']) {
    const r = await admin.get(`/export/bookings?${q}`);
    assert.equal(r.status, 422, q);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.match(r.body, /class="errors"/, q);
  }
  const r = await admin.get('/export/bookings?from=2026-11&to=2026-10&sep=comma&bom=1');
  assert.match(r.body, /nicht vor dem ersten/);
  assert.match(r.body, /<option value="comma" selected>/);
  assert.match(r.body, /name="bom" value="1" checked/);
  const s = await admin.get('/export/bookings?from=2026-10&to=2026-11&sep=tab');
  assert.match(s.body, /Semikolon oder Komma/);
});

test('a large organisation streams row by row', async () => {
  const n = 200000;
  const t0 = Math.floor(Date.parse('2024-01-01T00:00:00Z') / 1000);
  srv.sql(`WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ${n - 1})
    INSERT INTO billing (id, org_id, booking_id, kind, vehicle_id, member_id, start, end, price, purpose)
    SELECT 1000000000000 + i, 1, 5000000 + i, 'normal', 1 + i % 7, 2 + i % 5, ${t0} + 3600 + i * 150, ${t0} + 3600 + i * 150 + 7200, 700 + i % 300, 'Last ' || i FROM k`);
  const start = Date.now();
  const r = await admin.get('/export/bookings?from=2024-01&to=2024-12');
  const ms = Date.now() - start;
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-length'], undefined, 'streamed, not sized in advance');
  const lines = r.body.split('\r\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, n + 1);
  assert.match(lines[1], /^5000000;/);
  assert.match(lines[n], new RegExp(`^${5000000 + n - 1};`));
  console.log(`# ${n} rows in ${ms} ms`);
  const x = await admin.get('/export/bookings?from=2024-01&to=2024-01&format=xlsx');
  const { rows } = readXlsx(x.buffer, tmp);
  const [{ c }] = srv.sql(`SELECT count(*) AS c FROM billing WHERE id >= 1000000000000 AND start < ${Math.floor(Date.parse('2024-01-31T23:00:00Z') / 1000)}`);
  assert.equal(rows.length, c + 1);
});

// Issue #16: bookings whose km-priced vehicle lacks trip data are left out of the file; the export
// page says how many and why, and links the list of them.
test('the export page counts the bookings left out for missing trip data and links their list', async () => {
  const missing = () => srv.sql(`SELECT count(*) AS n FROM booking b JOIN vehicle v ON v.id = b.vehicle_id
    JOIN tariff t ON t.id = v.tariff_id WHERE b.org_id = 1 AND b.end <= unixepoch() AND b.status = 'active'
    AND t.per_km > 0 AND NOT EXISTS (SELECT 1 FROM trip WHERE booking_id = b.id)`)[0].n;
  const [{ id: vid }] = srv.sql(`SELECT v.id FROM vehicle v JOIN tariff t ON t.id = v.tariff_id
    WHERE v.org_id = 1 AND t.per_km > 0 ORDER BY v.id LIMIT 1`);
  // A booking of the preselected period (the previous month) without trip data.
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
    VALUES (1, ${vid}, 4, unixepoch('now', 'start of month', '-10 days', '+9 hours'),
      unixepoch('now', 'start of month', '-10 days', '+11 hours'), 'ohne Fahrt', 'active', 1,
      unixepoch('now', '-40 days'), unixepoch('now', '-40 days'))`);
  const [{ id }] = srv.sql("SELECT max(id) AS id FROM booking WHERE purpose = 'ohne Fahrt'");
  const total = missing();
  assert.ok(total >= 1);
  let page = await admin.get('/export');
  assert.equal(page.status, 200);
  const word = total === 1 ? 'fehlt aus diesem Grund 1 Buchung' : `fehlen aus diesem Grund ${total} Buchungen`;
  assert.ok(page.body.includes(word), page.body.match(/<div class="notice warning"[\s\S]*?<\/div>/)?.[0]);
  assert.match(page.body, /des vorgewählten Zeitraums (fehlt|fehlen) in der Buchungsdatei: Ihr Fahrzeug wird nach Kilometern abgerechnet/);
  assert.match(page.body, /<a href="\/calendar\/trips\/missing">Buchungen ohne Fahrtdaten anzeigen<\/a>/);
  assert.equal((await admin.get('/calendar/trips/missing')).status, 200);
  let file = await admin.get(`/export/bookings?${WIDE()}`);
  assert.ok(!parseCsv(file.body, ';').some((x) => x[0] === String(id)), 'left out while the trip data is missing');
  // Trip data entered: the booking is in the file and the count goes down.
  srv.sql(`INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)
    SELECT id, org_id, vehicle_id, start, 90000, 90042, 1, unixepoch() FROM booking WHERE id = ${id}`);
  file = await admin.get(`/export/bookings?${WIDE()}`);
  const row = parseCsv(file.body, ';').find((x) => x[0] === String(id));
  assert.ok(row, 'in the file once the trip data is there');
  assert.equal(row[9], '42');
  page = await admin.get('/export');
  if (total === 1) assert.ok(!page.body.includes('Buchungen ohne Fahrtdaten anzeigen'));
  else assert.ok(page.body.includes(total - 1 === 1 ? 'fehlt aus diesem Grund 1 Buchung' : `fehlen aus diesem Grund ${total - 1} Buchungen`));
});
