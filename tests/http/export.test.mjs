// HTTP tests of the export page's action-log viewer: access, month choice, period boundaries in the organisation's zone, order, file name, size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, member, admin2;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  member = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
  const t = (iso) => Math.floor(Date.parse(iso) / 1000);
  // Inserted out of time order on purpose; Berlin is UTC+2 until 25.10.2026, then UTC+1.
  const rows = [
    [1, t('2026-11-30T22:59:59Z'), 'L4 last second of November'],
    [1, t('2026-09-30T21:59:59Z'), 'L0 last second of September'],
    [1, t('2026-10-01T12:00:00Z'), 'L2 same second, inserted first'],
    [1, t('2026-09-30T22:00:00Z'), 'L1 first second of October'],
    [1, t('2026-10-01T12:00:00Z'), 'L3 same second, inserted second'],
    [1, t('2026-11-30T23:00:00Z'), 'L5 first second of December'],
    [2, t('2026-10-15T12:00:00Z'), 'OTHER organisation'],
  ];
  srv.sql('INSERT INTO actionlog (org_id, at, line) VALUES ' +
    rows.map(([o, at, l]) => `(${o}, ${at}, '${l}')`).join(', '));
});
after(async () => { await srv?.stop(); });

// YYYY-MM of now (plus n months) in Berlin.
function berlinMonth(n = 0) {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  let y = Number(p.find((x) => x.type === 'year').value), m = Number(p.find((x) => x.type === 'month').value) + n;
  while (m < 1) { m += 12; y--; }
  while (m > 12) { m -= 12; y++; }
  return `${y}-${String(m).padStart(2, '0')}`;
}

test('members get 403, signed-out visitors the login page', async () => {
  for (const p of ['/export', '/export/log?from=2026-10&to=2026-11', '/export/log?from=2026-10&to=2026-11&download=1']) {
    assert.equal((await member.get(p)).status, 403, p);
    const r = await new Client(srv.base).get(p);
    assert.equal(r.status, 303, p);
    assert.match(r.location, /^\/login/);
  }
});

test('the export page preselects the previous and the current month', async () => {
  const r = await admin.get('/export');
  assert.equal(r.status, 200);
  assert.match(r.body, /Auswertungen, Protokolle/);
  const sel = (name) => r.body.match(new RegExp(`<select id="${name}"[\\s\\S]*?</select>`))[0];
  assert.match(sel('from'), new RegExp(`<option value="${berlinMonth(-1)}" selected>`));
  assert.match(sel('to'), new RegExp(`<option value="${berlinMonth(0)}" selected>`));
  assert.equal((sel('from').match(/ selected/g) || []).length, 1);
  assert.match(r.body, /action="\/export\/log"/);
  assert.match(r.body, /name="download" value="1"/);
});

test('the log of October and November: lines in time order, month boundaries at Berlin midnight, own organisation only', async () => {
  const r = await admin.get('/export/log?from=2026-10&to=2026-11');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(r.headers['content-disposition'], undefined);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.body, 'L1 first second of October\nL2 same second, inserted first\nL3 same second, inserted second\nL4 last second of November\n');
  const one = await admin.get('/export/log?from=2026-09&to=2026-09');
  assert.equal(one.body, 'L0 last second of September\n');
  const dec = await admin.get('/export/log?from=2026-12&to=2026-12');
  assert.equal(dec.body, 'L5 first second of December\n');
  const empty = await admin.get('/export/log?from=2020-01&to=2020-12');
  assert.equal(empty.status, 200);
  assert.equal(empty.body, '');
  const other = await admin2.get('/export/log?from=2026-09&to=2026-12');
  assert.equal(other.body, 'OTHER organisation\n');
});

test('download=1 names the file after the period', async () => {
  const r = await admin.get('/export/log?from=2026-10&to=2026-11&download=1');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-disposition'], 'attachment; filename="protokoll_2026-10_2026-11.txt"');
  assert.match(r.body, /^L1 first second of October\n/);
  const z = await admin.get('/export/log?from=2026-10&to=2026-11&download=0');
  assert.equal(z.headers['content-disposition'], undefined);
});

test('bad months are 422 on the export page with the input kept', async () => {
  for (const q of ['from=2026-13&to=2026-11', 'from=2026-1&to=2026-11', 'from=2026-10', 'to=2026-10', '',
    'from=2026-11&to=2026-10', 'from=2026-10&to=2026-11&download=yes', 'from=2026-10-01&to=2026-11']) {
    const r = await admin.get(`/export/log?${q}`);
    assert.equal(r.status, 422, q);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.match(r.body, /class="errors"/);
  }
  const r = await admin.get('/export/log?from=2026-11&to=2026-10');
  assert.match(r.body, /nicht vor dem ersten/);
});

test("administrators' changes appear in the current month's log in the DESIGN.md format", async () => {
  const page = await admin.get('/admin/areas');
  const p = await admin.post('/admin/areas/new', { name: 'Protokolltest', sort: 3, csrf: csrf(page.body) });
  assert.equal(p.status, 303);
  const r = await admin.get(`/export/log?from=${berlinMonth(0)}&to=${berlinMonth(0)}`);
  const lines = r.body.trimEnd().split('\n').filter((l) => l.includes('Protokolltest'));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^\d\d\.\d\d\.\d\d \d\d:\d\d:\d\d ADMIN: ADMIN area \d+ created: name "Protokolltest", sort 3$/);
});

test('a year of a large organisation streams quickly and in order', async () => {
  const n = 300000;
  const t0 = Math.floor(Date.parse('2025-01-01T00:00:00Z') / 1000);
  // Spread over 2025 in reverse id order, so that the order has to come from the index, not the ids.
  srv.sql(`WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ${n - 1})
    INSERT INTO actionlog (org_id, at, line) SELECT 1, ${t0} + 3600 + (${n} - 1 - i) * 100,
    printf('%07d x CREATE 1234 VW-GOLF 01.01.25 10:00--01.01.25 12:00 NEUMANN, created by HUBER at 01.01.25 09:00:00: Einkauf', ${n} - 1 - i) FROM k`);
  const start = Date.now();
  const r = await admin.get('/export/log?from=2025-01&to=2025-12&download=1');
  const ms = Date.now() - start;
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-disposition'], 'attachment; filename="protokoll_2025-01_2025-12.txt"');
  assert.equal(r.headers['content-length'], undefined, 'streamed, not sized in advance');
  const lines = r.body.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, n);
  for (let i = 0; i < n; i += 9973) assert.ok(lines[i].startsWith(String(i).padStart(7, '0')), `line ${i}`);
  assert.ok(lines[n - 1].startsWith(String(n - 1).padStart(7, '0')));
  assert.ok(ms < 5000, `took ${ms} ms`);
  console.log(`# ${n} lines in ${ms} ms`);
});

// The one billing-period helper (base/period): with quarterly billing the booking file and a new
// billing export preselect the previous quarter, with monthly billing the previous month.
test('the preselected billing period follows the organisation: previous month or previous quarter', async () => {
  const cur = berlinMonth(0);
  const m = Number(cur.slice(5, 7));
  const q0 = -((m - 1) % 3); // months back to the current quarter's first month
  const lastDay = (ym) => { const [y, mo] = ym.split('-').map(Number); return new Date(Date.UTC(y, mo, 0)).getUTCDate(); };
  const check = async (from, to) => {
    const page = await admin.get('/export');
    const sel = (id) => page.body.match(new RegExp(`<select id="${id}"[\\s\\S]*?</select>`))[0];
    assert.match(sel('bf_from'), new RegExp(`<option value="${from}" selected>`));
    assert.match(sel('bf_to'), new RegExp(`<option value="${to}" selected>`));
    const form = await admin.get('/export/billing/new');
    assert.match(form.body, new RegExp(`name="start" type="date" value="${from}-01"`));
    assert.match(form.body, new RegExp(`name="end" type="date" value="${to}-${lastDay(to)}"`));
  };
  await check(berlinMonth(-1), berlinMonth(-1));
  srv.sql("UPDATE org SET billing_period = 'quarter' WHERE id = 1");
  try {
    await check(berlinMonth(q0 - 3), berlinMonth(q0 - 1));
  } finally {
    srv.sql("UPDATE org SET billing_period = 'month' WHERE id = 1");
  }
});
