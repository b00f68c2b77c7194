// The master's split billing over HTTP: GET /market/billing as PDF (read back with pdftotext) and as .xlsx,
// with the right rows and totals per subscriber; administrators only; the period checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
function parts(t) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(t * 1000))) o[p.type] = p.value;
  return o;
}
// UTC seconds of a Berlin wall-clock time.
function epoch(y, mo, d, h, mi) {
  const want = Date.UTC(y, mo - 1, d, h, mi) / 1000;
  let t = want;
  for (let i = 0; i < 3; i++) {
    const p = parts(t);
    t += want - Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000;
  }
  return t;
}
// The previous month in Berlin: the page's default period.
const now = parts(Math.floor(Date.now() / 1000));
const PY = +now.month === 1 ? +now.year - 1 : +now.year;
const PM = +now.month === 1 ? 12 : +now.month - 1;
const YM = `${PY}-${String(PM).padStart(2, '0')}`;

const DEMO_HASH = "(SELECT pw_hash FROM member WHERE login = 'BERGER')";
// Demo-CarSharing (1) is master of the Skoda Octavia Kombi (5) at 10 EUR/h; Zweite CSO (2) subscribed it at 20 %,
// Fremde CSO (93) at 33 %. Last month: BERGER 2.5 h and KRAUSE 0.25 h (Zweite), DRITT 1.75 h (Fremde), plus a
// booking of the master's own member, which is no split billing. Ids stay clear of the demo data; the requests
// filter by vehicle 5, so that the demo's own cross-organisation bookings do not count.
function fixture() {
  const b = (id, org, member, d, h, mi, minutes) => {
    const s = epoch(PY, PM, d, h, mi);
    return `(${id}, ${org}, 5, ${member}, ${s}, ${s + minutes * 60}, 'active', ${member}, ${s - 86400}, ${s - 86400})`;
  };
  return `
INSERT INTO org (id, name) VALUES (93, 'Fremde CSO');
INSERT INTO member (id, org_id, login, descr, member_no, pw_hash) VALUES
  (920, 93, 'DRITT', 'Dora Dritt', '3001', ${DEMO_HASH}), (921, 2, 'KRAUSE', 'Karla Krause', '2002', ${DEMO_HASH});
INSERT INTO area (id, org_id, name, sort) VALUES (950, 93, 'Drittstadt', 10);
INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES (990, 1, 'Marktbus', 1000, NULL, 0);
UPDATE vehicle SET tariff_id = 990 WHERE id = 5;
INSERT OR REPLACE INTO offer (vehicle_id, org_id, split_rate, portal, released_at, released_by) VALUES (5, 1, 20, 0, 0, 1);
INSERT INTO subscription (org_id, vehicle_id, local_name, area_id, split_rate, created_at, created_by) VALUES
  (2, 5, 'Bulli Demo', 4, 20, 0, 7), (93, 5, 'Bulli', 950, 33, 0, 920);
INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, status, created_by, created_at, changed_at) VALUES
  ${b(9001, 2, 8, 10, 10, 0, 150)}, ${b(9002, 2, 921, 11, 10, 0, 15)}, ${b(9003, 93, 920, 12, 9, 0, 105)},
  ${b(9004, 1, 2, 13, 9, 0, 60)};
`;
}

let srv;
before(async () => {
  srv = await startServer({ demo: true });
  srv.sql(fixture());
});
after(async () => { await srv?.stop(); });

const PW = { ADMIN: 'admin', NEUMANN: 'neumann', ADMIN2: 'admin2' };
const ORG = { ADMIN: 1, NEUMANN: 1, ADMIN2: 2 };
async function as(name) {
  const c = new Client(srv.base);
  assert.equal((await c.login(name, PW[name], { org: ORG[name] })).status, 303);
  return c;
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-split-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
function pdfText(buffer) {
  const f = path.join(tmp, `f${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(f, buffer);
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
}

test('the PDF (default) opens in pdftotext with the rows, the totals per subscriber and the grand total', async () => {
  const admin = await as('ADMIN');
  const r = await admin.get('/market/billing?vehicle=5');
  assert.equal(r.status, 200, r.body.slice(0, 500));
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.equal(r.headers['content-disposition'], `attachment; filename="Master-Abrechnung-${YM}_${YM}.pdf"`);
  assert.equal(r.buffer.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(r.buffer);
  assert.match(text, /Master-Abrechnung – Demo-CarSharing/);
  assert.ok(text.includes(`${String(PM).padStart(2, '0')}/${PY}`), 'the period');
  const line = (id) => text.split('\n').find((l) => l.includes(` ${id} `)) ?? '';
  assert.match(line(9001), /Zweite CSO\s+2001\s+9001\s+Skoda Octavia Kombi\s+.*\s25,00\s+20\s+5,00\s*$/);
  assert.match(line(9002), /Zweite CSO\s+2002\s+9002\s.*\s2,50\s+20\s+0,50\s*$/);
  assert.match(line(9003), /Fremde CSO\s+3001\s+9003\s.*\s17,50\s+33\s+5,78\s*$/);   // 577.5 cents -> 578
  assert.equal(line(9004), '', "the master's own booking is no split billing");
  assert.match(text, /Summe Zweite CSO \(2\)\s+27,50\s+5,50/);
  assert.match(text, /Summe Fremde CSO \(1\)\s+17,50\s+5,78/);
  assert.match(text, /Gesamtsumme\s+\(3\)\s+45,00\s+11,28/);
  // Grouped: Fremde before Zweite (by name), each group's rows before its total.
  assert.ok(text.indexOf('9003') < text.indexOf('Summe Fremde') && text.indexOf('Summe Fremde') < text.indexOf('9001'));
});

test('filters: subscriber organisation and vehicle', async () => {
  const admin = await as('ADMIN');
  const t = pdfText((await admin.get(`/market/billing?from=${YM}&to=${YM}&vehicle=5&org=93`)).buffer);
  assert.ok(t.includes('9003') && !t.includes('9001'));
  assert.match(t, /Gesamtsumme\s+\(1\)\s+17,50\s+5,78/);
  const none = pdfText((await admin.get(`/market/billing?from=${YM}&vehicle=1`)).buffer);
  assert.ok(none.includes('Keine Buchungen durch andere Organisationen'));
});

test('the .xlsx, grouped by subscriber with totals', async () => {
  const admin = await as('ADMIN');
  const r = await admin.get(`/market/billing?from=${YM}&to=${YM}&vehicle=5&format=xlsx`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.headers['content-disposition'], `attachment; filename="Master-Abrechnung-${YM}_${YM}.xlsx"`);
  assert.equal(r.buffer.subarray(0, 2).toString(), 'PK');
  const f = path.join(tmp, 'x.xlsx');
  fs.writeFileSync(f, r.buffer);
  const sheet = execFileSync('unzip', ['-p', f, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  const strings = (() => {
    try { return execFileSync('unzip', ['-p', f, 'xl/sharedStrings.xml'], { encoding: 'utf8' }); } catch { return ''; }
  })();
  const all = sheet + strings;
  for (const s of ['Zweite CSO', 'Fremde CSO', 'Summe Zweite CSO', 'Summe Fremde CSO', 'Gesamtsumme', 'Skoda Octavia Kombi']) {
    assert.ok(all.includes(s), s);
  }
  assert.ok(all.indexOf('Summe Fremde CSO') < all.indexOf('Summe Zweite CSO'));
  assert.ok(/>5\.78?</.test(sheet) || sheet.includes('5.78'), 'split fee of DRITT as a number');
});

test('administrators only; another master sees only its own; a bad period is refused', async () => {
  const neu = await as('NEUMANN');
  assert.equal((await neu.get('/market/billing')).status, 403);
  const admin2 = await as('ADMIN2');
  const r = await admin2.get(`/market/billing?from=${YM}&vehicle=5`);
  assert.equal(r.status, 200);
  const t = pdfText(r.buffer);
  assert.ok(t.includes('Zweite CSO') && !t.includes('9001') && t.includes('Keine Buchungen'));
  const admin = await as('ADMIN');
  for (const q of ['from=2026-13', 'from=2026-05&to=2026-04', 'from=2024-01&to=2026-01', 'format=doc', 'org=x']) {
    assert.equal((await admin.get(`/market/billing?${q}`)).status, 400, q);
  }
  assert.equal((await admin.request('HEAD', `/market/billing?from=${YM}`)).status, 200);
});
