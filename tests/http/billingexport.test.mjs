// HTTP tests of the billing exports ("Verrechnungsexport"): create (with marking and provider filter), overview and sorting, manual rows with named messages, row edits and deletions, CSV and xlsx downloads, delete and restore, CSRF, access and tenancy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';
import { parseCsv, readXlsx, serialToText } from './sheets.mjs';

let srv, admin, member, admin2, tmp;

before(async () => {
  srv = await startServer({ demo: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bx-'));
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

// YYYY-MM-DD of today plus n days (UTC date; fine for periods of whole months).
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const WIDE = { start: day(-120), end: day(1) };

async function create(fields) {
  const r = await admin.submit('/export/billing/new', fields);
  assert.equal(r.status, 303, r.body.slice(0, 2000));
  const m = r.location.match(/^\/export\/billing\/(\d+)\?created=(\d+)$/);
  assert.ok(m, r.location);
  return { id: Number(m[1]), n: Number(m[2]) };
}

const tokenOf = async (c, p = '/export') => csrf((await c.get(p)).body);

let A, B; // exports of the first tests, used further down

test('members get 403, signed-out visitors the login page', async () => {
  for (const p of ['/export/billing', '/export/billing/new', '/export/billing/1', '/export/billing/1/download', '/export/billing/row/1']) {
    assert.equal((await member.get(p)).status, 403, p);
    const r = await new Client(srv.base).get(p);
    assert.equal(r.status, 303, p);
    assert.match(r.location, /^\/login/);
  }
  const token = await tokenOf(member, '/calendar');
  const r = await member.post('/export/billing/new', { csrf: token, title: 'x', start: WIDE.start, end: WIDE.end });
  assert.equal(r.status, 403);
  assert.equal(srv.sql('SELECT count(*) AS n FROM billing_export')[0].n, 0);
});

test('the create form: last billing period preselected, reset button, every missing field named, input kept', async () => {
  const f = await admin.get('/export/billing/new');
  assert.equal(f.status, 200);
  assert.match(f.body, /name="start" type="date" value="\d{4}-\d\d-01"/);
  assert.match(f.body, /name="end" type="date" value="\d{4}-\d\d-(28|29|30|31)"/);
  assert.match(f.body, /name="mark" value="1" checked/);
  assert.match(f.body, /href="\/export\/billing\/new" role="button">Zurücksetzen</);
  assert.match(f.body, /name="provider"/);
  assert.match(f.body, /name="teaser"/);

  const token = csrf(f.body);
  let r = await admin.post('/export/billing/new', { csrf: token, teaser: 'Mein <Teaser>', provider: 'Demo' });
  assert.equal(r.status, 422);
  for (const msg of ['Der Titel fehlt.', 'Der Beginn fehlt.', 'Das Ende fehlt.']) assert.ok(r.body.includes(msg), msg);
  assert.match(r.body, />Mein &lt;Teaser&gt;<\/textarea>/);
  assert.match(r.body, /name="provider" maxlength="200" value="Demo"/);
  r = await admin.post('/export/billing/new', { csrf: token, title: 'Falsch herum', start: '2026-10-31', end: '2026-10-01' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Das Ende darf nicht vor dem Beginn liegen/);
  assert.match(r.body, /value="Falsch herum"/);
  r = await admin.post('/export/billing/new', { csrf: token, title: 'x', start: '2026-02-30', end: '2026-03-01' });
  assert.equal(r.status, 422);
  assert.equal(srv.sql('SELECT count(*) AS n FROM billing_export')[0].n, 0);
});

test('create copies the unexported records of the period; marked ones are left out of later exports', async () => {
  // Not marked: the records stay available.
  A = await create({ title: 'Probelauf', teaser: 'erst prüfen', start: WIDE.start, end: WIDE.end });
  const [{ n: total }] = srv.sql('SELECT count(*) AS n FROM billing WHERE org_id = 1');
  assert.ok(A.n > 20);
  assert.equal(A.n, total);
  assert.equal(srv.sql('SELECT count(*) AS n FROM billing WHERE exported = 1')[0].n, 0);
  // Provider filter: another provider finds nothing, the organisation's name (any case) everything.
  assert.equal((await create({ title: 'Fremd', provider: 'Anderer Anbieter', start: WIDE.start, end: WIDE.end })).n, 0);
  // Marked: the same records once more, and then never again.
  B = await create({ title: 'Quartal', provider: 'demo-carsharing', start: WIDE.start, end: WIDE.end, mark: 1 });
  assert.equal(B.n, total);
  assert.equal(srv.sql('SELECT count(*) AS n FROM billing WHERE org_id = 1 AND exported = 0')[0].n, 0);
  assert.equal((await create({ title: 'Danach', start: WIDE.start, end: WIDE.end })).n, 0);
  // The other organisation's records were never touched.
  assert.equal(srv.sql('SELECT count(*) AS n FROM billing WHERE org_id = 2 AND exported = 1')[0].n, 0);
  // Rows copy the record: names from the member, vehicle as title, organisation as provider and unit.
  const [row] = srv.sql(`SELECT x.oe, x.lastname, x.firstname, x.provider, x.title, x.price, b.price AS bprice
    FROM billing_export_row x JOIN billing b ON b.id = x.billing_id JOIN member m ON m.id = b.member_id
    WHERE x.export_id = ${B.id} AND m.login = 'NEUMANN' LIMIT 1`);
  assert.equal(row.oe, '1');
  assert.equal(row.lastname, 'Neumann');
  assert.equal(row.firstname, 'Nina');
  assert.equal(row.provider, 'Demo-CarSharing');
  assert.equal(row.price, row.bprice);
});

test('overview: title, owner, start, end, created, changed; sortable', async () => {
  const r = await admin.get('/export/billing');
  assert.equal(r.status, 200);
  for (const h of ['Titel', 'Ersteller', 'Beginn', 'Ende', 'Angelegt', 'Geändert']) assert.ok(r.body.includes(`>${h}</a></th>`), h);
  assert.match(r.body, new RegExp(`<a href="/export/billing/${A.id}">Probelauf</a></td><td>ADMIN</td><td>\\d\\d\\.\\d\\d\\.\\d{4}</td>`));
  const titles = (body) => [...body.matchAll(/<tr data-id="\d+"><td><a href="\/export\/billing\/\d+">([^<]+)</g)].map((m) => m[1]);
  const asc = titles((await admin.get('/export/billing?sort=title&dir=asc')).body);
  assert.deepEqual(asc, ['Danach', 'Fremd', 'Probelauf', 'Quartal']);
  assert.deepEqual(titles((await admin.get('/export/billing?sort=title&dir=desc')).body), [...asc].reverse());
  const byCreated = titles((await admin.get('/export/billing')).body);
  assert.deepEqual(byCreated, ['Danach', 'Quartal', 'Fremd', 'Probelauf']);
  assert.match((await admin.get('/export/billing?sort=title')).body, /href="\/export\/billing\?sort=title&amp;dir=desc"/);
  for (const q of ['sort=price', 'sort=title&dir=up', "sort=title'--"]) assert.equal((await admin.get(`/export/billing?${q}`)).status, 400, q);
  assert.deepEqual(titles((await admin2.get('/export/billing')).body), []);
});

test('a manual row: every missing field named, input kept, then added', async () => {
  const page = await admin.get(`/export/billing/${A.id}`);
  assert.equal(page.status, 200);
  const token = csrf(page.body);
  let r = await admin.post(`/export/billing/${A.id}/rows`, { csrf: token });
  assert.equal(r.status, 422);
  for (const msg of ['Die Organisationseinheit fehlt.', 'Der Nachname fehlt.', 'Der Vorname fehlt.', 'Der Anbieter fehlt.',
    'Der Titel fehlt.', 'Der Beginn fehlt.', 'Das Ende fehlt.', 'Der Preis fehlt.', 'Der Rabatt fehlt.']) assert.ok(r.body.includes(msg), msg);
  r = await admin.post(`/export/billing/${A.id}/rows`, { csrf: token, oe: 'Kita Süd', lastname: '=cmd|\' /C calc\'!A0', price: '12,5x' });
  assert.equal(r.status, 422);
  assert.match(r.body, /name="oe" type="text" value="Kita Süd"/);
  assert.match(r.body, /Bitte einen Betrag wie 12,50 angeben/);
  assert.ok(!r.body.includes('Die Organisationseinheit fehlt.'));
  assert.ok(r.body.includes('Der Vorname fehlt.'));
  const row = { csrf: token, oe: 'Kita Süd', lastname: '=cmd|\' /C calc\'!A0', firstname: 'Eva', provider: 'Demo-CarSharing',
    title: 'Schlüsselpauschale', start: '2026-10-05T10:00', end: '2026-10-05T11:00', price: '12,50', discount: '2.5' };
  r = await admin.post(`/export/billing/${A.id}/rows`, row);
  assert.equal(r.status, 303, r.body.slice(0, 1500));
  assert.equal(r.location, `/export/billing/${A.id}?added=1`);
  const [x] = srv.sql(`SELECT * FROM billing_export_row WHERE export_id = ${A.id} AND billing_id IS NULL`);
  assert.equal(x.price, 1250);
  assert.equal(x.discount, 250);
  const after = await admin.get(r.location);
  assert.match(after.body, /Schlüsselpauschale <small>\(manuell\)<\/small>/);
  assert.match(after.body, /<td>12,50 €<\/td><td>2,50 €<\/td>/);
  r = await admin.post(`/export/billing/${A.id}/rows`, { ...row, discount: '-1' });
  assert.equal(r.status, 422);
  r = await admin.post(`/export/billing/${A.id}/rows`, { ...row, end: '2026-10-05T09:00' });
  assert.equal(r.status, 422);
});

test('edit a row, delete it (stays visible, marked, left out of the file), undo', async () => {
  const [x] = srv.sql(`SELECT id FROM billing_export_row WHERE export_id = ${A.id} AND billing_id IS NULL`);
  const form = await admin.get(`/export/billing/row/${x.id}`);
  assert.equal(form.status, 200);
  assert.match(form.body, /name="price" type="text" value="12,50"/);
  assert.match(form.body, /name="start" type="datetime-local" value="2026-10-05T10:00"/);
  const token = csrf(form.body);
  let r = await admin.post(`/export/billing/row/${x.id}`, { csrf: token, oe: 'Kita Süd', lastname: '=cmd|\' /C calc\'!A0', firstname: 'Eva',
    provider: 'Demo-CarSharing', title: 'Schlüsselpauschale', start: '2026-10-05T10:00', end: '2026-10-05T11:00', price: '15', discount: '0' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql(`SELECT price FROM billing_export_row WHERE id = ${x.id}`)[0].price, 1500);
  r = await admin.post(`/export/billing/row/${x.id}`, { csrf: token, oe: '', price: '15' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Die Organisationseinheit fehlt/);
  assert.match(r.body, /name="price" type="text" value="15"/);

  const before = parseCsv((await admin.get(`/export/billing/${A.id}/download`)).body, ';');
  assert.ok(before.some((c) => c[5] === 'Schlüsselpauschale'));
  r = await admin.post(`/export/billing/row/${x.id}/delete`, { csrf: token });
  assert.equal(r.status, 303);
  const page = await admin.get(`/export/billing/${A.id}`);
  assert.match(page.body, new RegExp(`<tr data-row="${x.id}" class="deleted">`));
  assert.match(page.body, /Schlüsselpauschale/);
  const afterDel = parseCsv((await admin.get(`/export/billing/${A.id}/download`)).body, ';');
  assert.equal(afterDel.length, before.length - 1);
  assert.ok(!afterDel.some((c) => c[5] === 'Schlüsselpauschale'));
  r = await admin.post(`/export/billing/row/${x.id}/undelete`, { csrf: token });
  assert.equal(r.status, 303);
  assert.equal(parseCsv((await admin.get(`/export/billing/${A.id}/download`)).body, ';').length, before.length);
});

test('downloads: file name, separators, BOM, formula guard, and the xlsx with the same rows', async () => {
  const c = await admin.get(`/export/billing/${A.id}/download`);
  assert.equal(c.status, 200);
  assert.equal(c.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(c.headers['content-disposition'], new RegExp(`^attachment; filename="verrechnung_${A.id}_\\d{4}-\\d\\d-\\d\\d_\\d{4}-\\d\\d-\\d\\d\\.csv"$`));
  assert.notEqual(c.buffer[0], 0xef);
  const rows = parseCsv(c.body, ';');
  assert.deepEqual(rows[0], ['Datensatz-ID', 'Organisationseinheit', 'Nachname', 'Vorname', 'Anbieter', 'Titel', 'Beginn', 'Ende', 'Preis', 'Rabatt']);
  assert.equal(rows.length - 1, srv.sql(`SELECT count(*) AS n FROM billing_export_row WHERE export_id = ${A.id} AND deleted = 0`)[0].n);
  const manual = c.body.split('\r\n').find((l) => l.includes('Schlüsselpauschale'));
  assert.equal(manual, `"";"Kita Süd";"'=cmd|' /C calc'!A0";"Eva";"Demo-CarSharing";"Schlüsselpauschale";"2026-10-05 10:00";"2026-10-05 11:00";15,00;0,00`);

  const cc = await admin.get(`/export/billing/${A.id}/download?format=csv&sep=comma&bom=1`);
  assert.deepEqual([...cc.buffer.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const ctext = cc.buffer.subarray(3).toString('utf8');
  assert.ok(ctext.includes(',15.00,0.00\r\n'));
  const crows = parseCsv(ctext, ',');

  const x = await admin.get(`/export/billing/${A.id}/download?format=xlsx`);
  assert.equal(x.status, 200);
  assert.match(x.headers['content-disposition'], /\.xlsx"$/);
  const { rows: xr } = readXlsx(x.buffer, tmp);
  assert.equal(xr.length, crows.length);
  assert.deepEqual(xr[0], crows[0]);
  for (let i = 1; i < crows.length; i++) {
    const got = xr[i].concat(Array(crows[i].length - xr[i].length).fill(''));
    const norm = got.map((v, col) => (typeof v === 'number' && (col === 6 || col === 7) ? serialToText(v) : v));
    const exp = crows[i].map((v, col) => ((col === 0 || col >= 8) && v !== '' ? Number(v) : v));
    assert.deepEqual(norm, exp, `row ${i}`);
  }
  for (const q of ['format=pdf', 'sep=tab', 'bom=2']) assert.equal((await admin.get(`/export/billing/${A.id}/download?${q}`)).status, 400, q);
});

test('every POST needs the CSRF token', async () => {
  const [x] = srv.sql(`SELECT id FROM billing_export_row WHERE export_id = ${A.id} LIMIT 1`);
  const before = srv.sql('SELECT count(*) AS e, (SELECT count(*) FROM billing_export_row) AS r, (SELECT max(changed_at) FROM billing_export_row) AS c FROM billing_export');
  for (const p of ['/export/billing/new', `/export/billing/${A.id}/rows`, `/export/billing/${A.id}/delete`, `/export/billing/${A.id}/restore`,
    `/export/billing/row/${x.id}`, `/export/billing/row/${x.id}/delete`, `/export/billing/row/${x.id}/undelete`]) {
    const fields = { title: 'csrf', start: WIDE.start, end: WIDE.end, oe: 'a', lastname: 'b', firstname: 'c', provider: 'd',
      price: '1', discount: '0' };
    assert.equal((await admin.post(p, fields)).status, 403, p);
    assert.equal((await admin.post(p, { ...fields, csrf: 'x'.repeat(64) })).status, 403, p);
  }
  assert.deepEqual(srv.sql('SELECT count(*) AS e, (SELECT count(*) FROM billing_export_row) AS r, (SELECT max(changed_at) FROM billing_export_row) AS c FROM billing_export'), before);
  assert.equal(srv.sql(`SELECT deleted_at FROM billing_export WHERE id = ${A.id}`)[0].deleted_at, null);
});

test("another organisation's export is 404 everywhere", async () => {
  const [x] = srv.sql(`SELECT id FROM billing_export_row WHERE export_id = ${A.id} LIMIT 1`);
  for (const p of [`/export/billing/${A.id}`, `/export/billing/${A.id}/download`, `/export/billing/${A.id}/download?format=xlsx`, `/export/billing/row/${x.id}`]) {
    assert.equal((await admin2.get(p)).status, 404, p);
  }
  const token = await tokenOf(admin2);
  const row = { csrf: token, oe: 'a', lastname: 'b', firstname: 'c', provider: 'd', title: 'e', start: '2026-10-05T10:00', end: '2026-10-05T11:00', price: '1', discount: '0' };
  for (const p of [`/export/billing/${A.id}/rows`, `/export/billing/${A.id}/delete`, `/export/billing/row/${x.id}`, `/export/billing/row/${x.id}/delete`]) {
    assert.equal((await admin2.post(p, row)).status, 404, p);
  }
  assert.equal(srv.sql(`SELECT deleted_at FROM billing_export WHERE id = ${A.id}`)[0].deleted_at, null);
  assert.equal(srv.sql(`SELECT count(*) AS n FROM billing_export_row WHERE export_id = ${A.id} AND deleted = 1`)[0].n, 0);
  assert.equal((await admin.get('/export/billing/999999')).status, 404);
});

test('delete an export: restore offered right after and in the overview', async () => {
  const page = await admin.get(`/export/billing/${B.id}`);
  const token = csrf(page.body);
  let r = await admin.post(`/export/billing/${B.id}/delete`, { csrf: token });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/export/billing?deleted=${B.id}`);
  const o = await admin.get(r.location);
  assert.match(o.body, /Der Export wurde gelöscht: „Quartal“/);
  assert.match(o.body, new RegExp(`action="/export/billing/${B.id}/restore"`));
  assert.ok(!o.body.includes(`<a href="/export/billing/${B.id}">`), 'no longer in the list');
  assert.equal((await admin.get(`/export/billing/${B.id}`)).status, 404);
  assert.equal((await admin.get(`/export/billing/${B.id}/download`)).status, 404);
  // Later, the overview's bin still offers it.
  const later = await admin.get('/export/billing');
  assert.match(later.body, /Gelöschte Exporte/);
  assert.match(later.body, new RegExp(`<tr data-id="${B.id}"><td>Quartal</td>[\\s\\S]*?action="/export/billing/${B.id}/restore"`));
  // The other organisation cannot restore it, nor can it be deleted twice.
  assert.equal((await admin2.post(`/export/billing/${B.id}/restore`, { csrf: await tokenOf(admin2) })).status, 404);
  assert.equal((await admin.post(`/export/billing/${B.id}/delete`, { csrf: token })).status, 404);
  r = await admin.post(`/export/billing/${B.id}/restore`, { csrf: token });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/export/billing/${B.id}?restored=1`);
  const back = await admin.get(r.location);
  assert.equal(back.status, 200);
  assert.match(back.body, /Der Export wurde wiederhergestellt/);
  assert.equal((await admin.post(`/export/billing/${B.id}/restore`, { csrf: token })).status, 404);
});

// Issue #16: the provider filter matches each record's provider (the organisation that owns the
// vehicle: a vehicle shared on the market is provided by its master), not all or nothing.
test('provider filter: each record by its vehicle owner, shared vehicles by their master', async () => {
  // The second organisation subscribes the first one's VW Golf (vehicle 1): a booking of it ended two days ago.
  const t0 = Math.floor(Date.now() / 1000) - 2 * 86400;
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
    VALUES (2, 1, 8, ${t0}, ${t0 + 7200}, 'geteilt', 'active', 8, ${t0 - 86400}, ${t0 - 86400})`);
  const [{ id: bid }] = srv.sql('SELECT max(id) AS id FROM booking');
  srv.sql(`INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)
    VALUES (${bid}, 2, 1, ${t0}, 1000, 1040, 8, ${t0 + 7200})`);
  const token = await tokenOf(admin2);
  const make = async (fields) => {
    const r = await admin2.post('/export/billing/new', { csrf: token, start: WIDE.start, end: WIDE.end, ...fields });
    assert.equal(r.status, 303, r.body.slice(0, 2000));
    const m = r.location.match(/^\/export\/billing\/(\d+)\?created=(\d+)/);
    assert.ok(m, r.location);
    return { id: Number(m[1]), n: Number(m[2]), location: r.location };
  };
  const all = await make({ title: 'Alle' });
  const shared = await make({ title: 'Geteilt', provider: 'DEMO-carsharing' });
  const own = await make({ title: 'Eigene', provider: 'Zweite CSO' });
  const [{ n: fromMaster }] = srv.sql(`SELECT count(*) AS n FROM billing b JOIN vehicle v ON v.id = b.vehicle_id
    WHERE b.org_id = 2 AND v.org_id = 1 AND b.exported = 0`);
  assert.ok(fromMaster >= 1, 'the shared booking is billed');
  assert.equal(shared.n, fromMaster);
  assert.equal(own.n, all.n - fromMaster);
  assert.ok(own.n >= 0 && all.n > shared.n - 1);
  const rows = srv.sql(`SELECT provider, title FROM billing_export_row WHERE export_id = ${shared.id}`);
  assert.ok(rows.every((x) => x.provider === 'Demo-CarSharing' && x.title === 'VW Golf'), JSON.stringify(rows));
  assert.equal((await make({ title: 'Keiner', provider: 'Dritte CSO' })).n, 0);
});

test('records held by a deleted export: the new export says so and offers the restore', async () => {
  const token = await tokenOf(admin2);
  const post = (p, f) => admin2.post(p, { csrf: token, ...f });
  let r = await post('/export/billing/new', { title: 'Markiert', start: WIDE.start, end: WIDE.end, mark: 1 });
  assert.equal(r.status, 303);
  const first = Number(r.location.match(/billing\/(\d+)/)[1]);
  const held = Number(r.location.match(/created=(\d+)/)[1]);
  assert.ok(held > 0);
  assert.equal((await post(`/export/billing/${first}/delete`, {})).status, 303);
  r = await post('/export/billing/new', { title: 'Nochmal', start: WIDE.start, end: WIDE.end, mark: 1 });
  assert.equal(r.status, 303);
  assert.match(r.location, new RegExp(`\\?created=0&inbin=${held}&bin=${first}$`));
  const page = await admin2.get(r.location);
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(`${held} Datensätze dieses Zeitraums fehlen in diesem Export`) ||
            (held === 1 && page.body.includes('1 Datensatz dieses Zeitraums fehlt')), page.body);
  assert.match(page.body, new RegExp(`action="/export/billing/${first}/restore"[\\s\\S]*?Wiederherstellen: „Markiert“`));
  assert.match(page.body, /href="\/export\/billing#bin"/);
  assert.match((await admin2.get('/export/billing')).body, /<h2 id="bin">/);
  // A hand-made count without "created" shows nothing, and nonsense is no error page.
  const second = Number(r.location.match(/billing\/(\d+)/)[1]);
  assert.ok(!(await admin2.get(`/export/billing/${second}?inbin=5`)).body.includes('Datensätze dieses Zeitraums'));
  assert.equal((await admin2.get(`/export/billing/${second}?created=x&inbin=-1&page=abc`)).status, 200);
  // Restored, its records are taken again: a further export finds nothing and says nothing.
  assert.equal((await post(`/export/billing/${first}/restore`, {})).status, 303);
  r = await post('/export/billing/new', { title: 'Danach', start: WIDE.start, end: WIDE.end });
  assert.match(r.location, /\?created=0$/);
  assert.ok(!(await admin2.get(r.location)).body.includes('Papierkorb'));
});

test('a title of spaces only is refused with the input kept; titles are trimmed', async () => {
  const token = await tokenOf(admin2);
  const before = srv.sql('SELECT count(*) AS n FROM billing_export')[0].n;
  for (const title of ['   ', ' \t ']) {
    const r = await admin2.post('/export/billing/new', { csrf: token, title, provider: 'x', start: WIDE.start, end: WIDE.end });
    assert.equal(r.status, 422);
    assert.match(r.body, /Der Titel darf nicht nur aus Leerzeichen bestehen/);
    assert.match(r.body, /name="provider" maxlength="200" value="x"/);
  }
  assert.equal(srv.sql('SELECT count(*) AS n FROM billing_export')[0].n, before);
  const r = await admin2.post('/export/billing/new', { csrf: token, title: '  Mit Rand  ', provider: '  ', start: WIDE.start, end: WIDE.end });
  assert.equal(r.status, 303);
  const id = r.location.match(/billing\/(\d+)/)[1];
  assert.deepEqual(srv.sql(`SELECT title, provider FROM billing_export WHERE id = ${id}`), [{ title: 'Mit Rand', provider: '' }]);
});

test("amounts on the export pages follow the organisation's language", async () => {
  const token = await tokenOf(admin2);
  let r = await admin2.post('/export/billing/new', { csrf: token, title: 'Sprache', start: '2020-01-01', end: '2020-01-31' });
  assert.equal(r.status, 303);
  const id = r.location.match(/billing\/(\d+)/)[1];
  r = await admin2.post(`/export/billing/${id}/rows`, { csrf: token, oe: '2', lastname: 'Berger', firstname: 'Bea', provider: 'Zweite CSO',
    title: 'Korrektur', start: '2020-01-05T10:00', end: '2020-01-05T11:00', price: '1234,5', discount: '0.25' });
  assert.equal(r.status, 303, r.body.slice(0, 1000));
  const [{ id: rowId }] = srv.sql(`SELECT id FROM billing_export_row WHERE export_id = ${id}`);
  // #16: the page shows amounts with thousands separators and the euro sign; the form keeps them parseable.
  const check = async (mark) => {
    const page = await admin2.get(`/export/billing/${id}`);
    assert.equal(page.status, 200);
    const [big, small] = mark === ',' ? ['1.234,50 €', '0,25 €'] : ['€1,234.50', '€0.25'];
    assert.ok(page.body.includes(`<td>${big}</td><td>${small}</td>`), page.body.slice(0, 3000));
    assert.ok(page.body.includes(`<dd>${big} (1 ${mark === ',' ? 'Zeile' : 'row'})</dd>`), 'the sum, and one row in the singular');
    assert.ok(!page.body.includes('50 EUR'), 'no "EUR" next to the euro sign');
    const form = await admin2.get(`/export/billing/row/${rowId}`);
    assert.match(form.body, new RegExp(`name="price"[^>]*value="1234\\${mark}50"`));
  };
  await check(',');
  srv.sql("UPDATE org SET lang = 'en' WHERE id = 2");
  try {
    await check('.');
  } finally {
    srv.sql("UPDATE org SET lang = 'de' WHERE id = 2");
  }
});
