// HTTP tests of the admin page's locks (#16): billed bookings survive deletes, names of nothing but spaces, a subscription's local name, areas used by subscriptions, tariffs of released vehicles, the organisation's location, character limits and UTF-8-safe cuts in the import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, admin2;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
});
after(async () => { await srv?.stop(); });

const one = (sql) => srv.sql(sql)[0];
const basic = (name, token) => 'Basic ' + Buffer.from(`${name}:${token}`).toString('base64');
const utf8 = new TextDecoder('utf-8', { fatal: true });

async function post(c, path, fields) {
  const t = csrf((await c.get('/calendar')).body);
  assert.ok(t, 'csrf');
  return c.post(path, { ...fields, csrf: t });
}

// Everything a refused delete might touch.
const billingState = () => JSON.stringify(srv.sql(
  "SELECT (SELECT count(*) FROM billing) AS records, (SELECT count(*) FROM billing WHERE kind = 'reversal') AS reversals," +
  " (SELECT count(*) FROM booking) AS bookings, (SELECT count(*) FROM vehicle) AS vehicles," +
  " (SELECT count(*) FROM member) AS members, (SELECT count(*) FROM actionlog) AS lines"));

test('a vehicle or member with bookings retrieved over the API is not deleted, and the delete page says so beforehand', async () => {
  // The accounting side retrieves every record of organisation 1 (demo account BILLING, token "billing").
  const api = await new Client(srv.base).get('/api/v1/billing/getBillings/usergroup/1/datalimit/10000',
    { headers: { Authorization: basic('BILLING', 'billing'), markAsRetrieved: 'true' } });
  assert.equal(api.status, 200, api.body);
  const { n: retrieved } = one("SELECT count(*) AS n FROM billing r JOIN booking b ON b.id = r.booking_id WHERE b.vehicle_id = 2 AND r.billing_date IS NOT NULL");
  assert.ok(retrieved > 0, 'vehicle 2 has retrieved records');
  const before = billingState();

  let r = await admin.get('/admin/vehicles/2/delete');
  assert.equal(r.status, 200);
  assert.match(r.body, /<p class="billed">\d+ Buchungen? dieses Fahrzeugs (ist|sind) schon abgerechnet/);
  assert.match(r.body, /Blockbuchung/);
  assert.doesNotMatch(r.body, /action="\/admin\/vehicles\/2\/delete"/, 'no delete button for a billed vehicle');

  r = await post(admin, '/admin/vehicles/2/delete', {});
  assert.equal(r.status, 409);
  assert.match(r.body, /Das Fahrzeug wurde nicht gelöscht: Buchungen davon sind schon abgerechnet/);
  assert.equal(billingState(), before, 'no reversal records, no booking gone, no log line');

  const { m } = one("SELECT b.member_id AS m FROM billing r JOIN booking b ON b.id = r.booking_id" +
    " JOIN member u ON u.id = b.member_id WHERE r.org_id = 1 AND r.billing_date IS NOT NULL AND u.is_admin = 0 LIMIT 1");
  r = await admin.get(`/admin/members/${m}/delete`);
  assert.equal(r.status, 200);
  assert.match(r.body, /<p class="billed">\d+ Buchungen? dieses Teilnehmers (ist|sind) schon abgerechnet/);
  assert.doesNotMatch(r.body, new RegExp(`action="/admin/members/${m}/delete"`));
  r = await post(admin, `/admin/members/${m}/delete`, {});
  assert.equal(r.status, 409);
  assert.match(r.body, /Sperren Sie den Teilnehmer stattdessen/);  // #16: neutral wording (families, firms)
  assert.equal(billingState(), before);
});

test('an invoiced booking blocks the delete too, though nothing was retrieved or exported', async () => {
  // Organisation 2's records were neither retrieved nor exported (the booking file creates them
  // and marks nothing); one of them goes on an invoice.
  const now = new Date();
  const ym = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  const from = ym(new Date(now.getFullYear(), now.getMonth() - 11, 1)), to = ym(now);
  assert.equal((await admin2.get(`/export/bookings?from=${from}&to=${to}`)).status, 200);
  const rec = one("SELECT r.id, b.vehicle_id AS v FROM billing r JOIN booking b ON b.id = r.booking_id" +
    " WHERE r.org_id = 2 AND r.billing_date IS NULL AND r.exported = 0 LIMIT 1");
  assert.ok(rec, 'organisation 2 has an unbilled record');
  const page0 = await admin2.get(`/admin/vehicles/${rec.v}/delete`);
  assert.doesNotMatch(page0.body, /schon abgerechnet/, 'not billed before the invoice');
  srv.sql("INSERT INTO inv_run (id, org_id, kind, t0, t1, period, created_at, created_by) VALUES (900, 2, 'issue', 0, 1, 'x', 0, 0)");
  srv.sql("INSERT INTO invoice (id, org_id, run_id, number, year, seq, member_no, member_id, name, t0, t1, period, inv_date, due_date," +
    " issued_at, vat_mode, vat_rate, net, vat, gross, org_name, org_address, iban) VALUES (900, 2, 900, 'T-1', 2026, 900, '1', 1, 'x', 0, 1," +
    " 'x', '2026-12-02', '2026-12-16', 0, 'none', 0, 1, 0, 1, 'Zweite CSO', '', '')");
  srv.sql(`INSERT INTO inv_mark (billing_id, invoice_id, amount) VALUES (${rec.id}, 900, 1)`);
  const before = billingState();
  const page = await admin2.get(`/admin/vehicles/${rec.v}/delete`);
  assert.match(page.body, /schon abgerechnet/);
  const r = await post(admin2, `/admin/vehicles/${rec.v}/delete`, {});
  assert.equal(r.status, 409);
  assert.equal(billingState(), before);
});

test('names of nothing but spaces are refused for areas, vehicles and tariffs; names are trimmed', async () => {
  const before = billingState();
  const counts = () => JSON.stringify(srv.sql('SELECT (SELECT count(*) FROM area) AS a, (SELECT count(*) FROM tariff) AS t'));
  const c0 = counts();
  for (const [path, fields] of [
    ['/admin/areas/new', { name: '   ', sort: 5 }],
    ['/admin/vehicles/new', { name: ' \t ', area: 1 }],
    ['/admin/tariffs/new', { name: '    ', per_hour: '3' }],
    ['/admin/areas/1', { name: '  ', sort: 10 }],
  ]) {
    const r = await post(admin, path, fields);
    assert.equal(r.status, 422, path);
    assert.match(r.body, /Leerzeichen allein sind kein Name/, path);
  }
  assert.equal(counts(), c0);
  assert.equal(billingState(), before);
  assert.equal(one('SELECT name FROM area WHERE id = 1').name, 'Innenstadt');
  const r = await post(admin, '/admin/tariffs/new', { name: '  Getrimmt  ', per_hour: '3' });
  assert.equal(r.status, 303);
  assert.equal(one("SELECT count(*) AS n FROM tariff WHERE name = 'Getrimmt' AND org_id = 1").n, 1);
});

test('a new or renamed vehicle cannot take the local name of an active subscription', async () => {
  // Organisation 2 subscribes to vehicle 1 as "Golf Freiburg" (demo data).
  const n0 = one('SELECT count(*) AS n FROM vehicle').n;
  let r = await post(admin2, '/admin/vehicles/new', { name: 'golf freiburg', area: 4 });
  assert.equal(r.status, 409);
  assert.match(r.body, /Unter diesem Namen erscheint schon ein abonniertes Fahrzeug/);
  assert.equal(one('SELECT count(*) AS n FROM vehicle').n, n0);
  r = await post(admin2, '/admin/vehicles/9', { name: 'Golf Freiburg', area: 4, tariff: 5 });
  assert.equal(r.status, 409);
  assert.notEqual(one('SELECT name FROM vehicle WHERE id = 9').name, 'Golf Freiburg');
  // Another organisation may use the name.
  r = await post(admin, '/admin/vehicles/new', { name: 'Golf Freiburg', area: 1 });
  assert.equal(r.status, 303);
});

test('an area that a subscription uses answers 409 with a message, not 500', async () => {
  // Area 4 of organisation 2 holds the subscription; give it a sibling so that it is not the last area.
  let r = await post(admin2, '/admin/areas/new', { name: 'Zweitbereich', sort: 30 });
  assert.equal(r.status, 303);
  srv.sql('UPDATE vehicle SET area_id = (SELECT max(id) FROM area WHERE org_id = 2) WHERE area_id = 4');
  r = await post(admin2, '/admin/areas/4/delete', {});
  assert.equal(r.status, 409);
  assert.match(r.body, /Abonnement \(laufend oder beendet\) ist diesem Bereich zugeordnet/);
  assert.equal(one('SELECT count(*) AS n FROM area WHERE id = 4').n, 1);
  srv.sql('UPDATE vehicle SET area_id = 4 WHERE org_id = 2');
});

test('the prices of a tariff that a released vehicle uses are locked; its name is not', async () => {
  // Tariff 2 "Kompakt" is vehicle 1's, and vehicle 1 is released on the main market.
  let r = await admin.get('/admin/tariffs/2');
  assert.equal(r.status, 200);
  assert.match(r.body, /<p class="notice locked">1 Fahrzeug mit diesem Tarif ist auf dem Marktplatz freigegeben/);
  const before = JSON.stringify(srv.sql('SELECT * FROM tariff WHERE id = 2'));
  for (const fields of [{ per_hour: '9' }, { per_hour: '3,50', max_24h: '' }, { per_hour: '3,50', per_km: '0,99' }]) {
    r = await post(admin, '/admin/tariffs/2', { name: 'Kompakt', per_hour: '3,50', max_24h: '40', per_km: '0,25', ...fields });
    assert.equal(r.status, 409, JSON.stringify(fields));
    assert.match(r.body, /Die Preise dieses Tarifs sind gesperrt/);
  }
  assert.equal(JSON.stringify(srv.sql('SELECT * FROM tariff WHERE id = 2')), before);
  r = await post(admin, '/admin/tariffs/2', { name: 'Kompakt neu', per_hour: '3,50', max_24h: '40', per_km: '0,25' });
  assert.equal(r.status, 303);
  assert.equal(one('SELECT name FROM tariff WHERE id = 2').name, 'Kompakt neu');
  // After the withdrawal the prices may change.
  srv.sql('UPDATE offer SET portal = NULL WHERE vehicle_id = 1');
  r = await post(admin, '/admin/tariffs/2', { name: 'Kompakt', per_hour: '3,60', max_24h: '40', per_km: '0,25' });
  assert.equal(r.status, 303);
  assert.equal(one('SELECT per_hour FROM tariff WHERE id = 2').per_hour, 360);
  srv.sql('UPDATE offer SET portal = 0 WHERE vehicle_id = 1');
});

test('the settings page sets the organisation\'s address and coordinates (decimal comma on German pages)', async () => {
  let r = await admin.get('/admin/settings');
  assert.equal(r.status, 200);
  assert.match(r.body, /name="address" maxlength="255" value="Rathausplatz 2, 79098 Freiburg im Breisgau"/);
  assert.match(r.body, /name="lat"[^>]*value="47,9959"/);
  const base = { name: 'Demo-CarSharing', tz: 'Europe/Berlin', cancel_hours: 24, billing_period: 'month', grid_minutes: 15, lang: 'de', location: 1 };
  const org = () => JSON.stringify(srv.sql('SELECT address, lat, lon FROM org WHERE id = 1'));
  const before = org();
  for (const [fields, field] of [[{ lat: '91', lon: '7' }, 'lat'], [{ lat: '47', lon: '181' }, 'lon'], [{ lat: '47,5', lon: '' }, 'lon'],
    [{ lat: 'abc', lon: '7' }, 'lat'], [{ lat: '1.12345678', lon: '7' }, 'lat']]) {
    r = await post(admin, '/admin/settings', { ...base, address: 'X', ...fields });
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.match(r.body, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), JSON.stringify(fields));
  }
  assert.equal(org(), before);
  r = await post(admin, '/admin/settings', { ...base, address: '  Bertoldstraße 1, 79098 Freiburg ', lat: '47,9951', lon: '-7.85' });
  assert.equal(r.status, 303);
  assert.deepEqual(srv.sql('SELECT address, lat, lon FROM org WHERE id = 1')[0], { address: 'Bertoldstraße 1, 79098 Freiburg', lat: 47.9951, lon: -7.85 });
  assert.match(srv.sql('SELECT line FROM actionlog ORDER BY id DESC LIMIT 1')[0].line, /address "Rathausplatz 2, 79098 Freiburg im Breisgau" -> "Bertoldstraße 1, 79098 Freiburg", coordinates "47.995900 7.849500" -> "47.995100 -7.850000"$/);
  r = await admin.get('/admin/settings');
  assert.match(r.body, /name="lon"[^>]*value="-7,85"/);
  // A post without the location part (an older form) keeps it; empty fields clear it.
  const { location, ...old } = base;
  assert.equal((await post(admin, '/admin/settings', { ...old, cancel_hours: 25 })).status, 303);
  assert.equal(one('SELECT lat FROM org WHERE id = 1').lat, 47.9951);
  assert.equal((await post(admin, '/admin/settings', { ...base, address: '', lat: '', lon: '' })).status, 303);
  assert.deepEqual(srv.sql('SELECT address, lat, lon FROM org WHERE id = 1')[0], { address: '', lat: null, lon: null });
});

test('text limits count characters, as the forms\' maxlength does, not bytes', async () => {
  let r = await post(admin, '/admin/areas/new', { name: 'ä'.repeat(100), sort: 50 });
  assert.equal(r.status, 303, '100 characters (200 bytes) fit a 100-character limit');
  assert.equal(one(`SELECT count(*) AS n FROM area WHERE name = '${'ä'.repeat(100)}'`).n, 1);
  r = await post(admin, '/admin/areas/new', { name: 'ä'.repeat(101), sort: 50 });
  assert.equal(r.status, 422);
  assert.match(r.body, /Höchstens 100 Zeichen sind erlaubt/);
  r = await post(admin, '/admin/vehicles/new', { name: '🚗'.repeat(60), area: 1 });
  assert.equal(r.status, 303, '60 emoji (240 bytes) are a 60-character name');
  const { id } = one(`SELECT id FROM vehicle WHERE name = '${'🚗'.repeat(60)}'`);
  // The name survives a reload and an unchanged save byte for byte (no cut inside a character).
  r = await admin.get(`/admin/vehicles/${id}`);
  assert.doesNotThrow(() => utf8.decode(r.buffer));
  assert.ok(r.body.includes('🚗'.repeat(60)));
  r = await post(admin, '/admin/members/2', { descr: 'ü'.repeat(255), member_no: 'ß'.repeat(40) });
  assert.equal(r.status, 303);
  assert.equal(one('SELECT descr FROM member WHERE id = 2').descr, 'ü'.repeat(255));
  r = await post(admin, '/admin/members/2', { descr: 'ü'.repeat(256), member_no: '1' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Höchstens 255 Zeichen/);
});

// POSTs a multipart upload of a vehicles or members file.
async function upload(c, kind, content) {
  const t = csrf((await c.get('/calendar')).body);
  const b = '----WbLocks' + Math.random().toString(16).slice(2);
  const field = (name, value) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([Buffer.from(field('csrf', t) + field('kind', kind) +
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n`),
  Buffer.from(content), Buffer.from(`\r\n--${b}--\r\n`)]);
  return c.post('/admin/import', body, { contentType: `multipart/form-data; boundary=${b}` });
}

test('the import applies the form\'s locks, counts characters, and cuts messages on a character boundary', async () => {
  // Vehicle 3 "VW ID.3" style names: rename the released vehicle 1 by a change of case.
  const { name } = one('SELECT name FROM vehicle WHERE id = 1');
  let r = await upload(admin, 'vehicles', `name;area\n${name.toUpperCase()};Innenstadt\n`);
  assert.equal(r.status, 422, r.body);
  assert.match(r.body, /auf dem Marktplatz freigegeben; sein Name bleibt/);
  assert.equal(one('SELECT name FROM vehicle WHERE id = 1').name, name);
  // A new vehicle in the file may not take a subscription's local name either (as in the form).
  r = await upload(admin2, 'vehicles', 'name;area\nGOLF FREIBURG;Hauptbahnhof\n');
  assert.equal(r.status, 422, r.body);
  assert.match(r.body, /Unter diesem Namen erscheint schon ein abonniertes Fahrzeug/);
  // 60 characters of two bytes each are within a name's 60-character limit.
  const long = 'ä'.repeat(60);
  r = await upload(admin, 'vehicles', `name;area\n${long};Innenstadt\n`);
  assert.equal(r.status, 200, r.body);
  assert.match(r.body, /class="n-new">1/);
  r = await upload(admin, 'vehicles', `name;area\n${long}ä;Innenstadt\n`);
  assert.equal(r.status, 422);
  assert.match(r.body, /länger als 60 Zeichen/);
  // An unknown area of emoji is quoted in the message, cut without breaking a character.
  r = await upload(admin, 'vehicles', `name;area\nNeu;${'🚗'.repeat(40)}\n`);
  assert.equal(r.status, 422);
  assert.doesNotThrow(() => utf8.decode(r.buffer), 'the answer is valid UTF-8');
  assert.match(r.body, /🚗/);
});
