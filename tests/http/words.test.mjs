// Numbers and words on pages: amounts with thousands separators and the euro sign by language, km and coordinates with the language's decimal mark, singular forms of count messages, and the import preview's changes in the user's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, admin2;
before(async () => {
  srv = await startServer({ demo: true, workers: 1 });
  admin = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
});
after(async () => { await srv?.stop(); });

const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const token = async (c) => csrf((await c.get('/calendar')).body);
const post = async (c, path, fields) => c.post(path, { ...fields, csrf: await token(c) });

test('German pages show amounts as "1.627,73 €", the form keeps the parseable "1627,73"', async () => {
  let r = await post(admin, '/admin/tariffs/new', { name: 'Groß', per_hour: '1627,73', max_24h: '12345,6', per_km: '0,35' });
  assert.equal(r.status, 303, r.body);
  const id = Number(r.location.match(/\/admin\/tariffs\/(\d+)/)[1]);
  r = await admin.get(`/admin/tariffs/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.body, />Groß<\/a><\/td><td class="num">1\.627,73 €<\/td><td class="num">12\.345,60 €<\/td><td class="num">0,35 €<\/td>/);
  assert.doesNotMatch(r.body, /€ €|EUR/, 'one currency sign, no "EUR" next to "€"');
  // The form's values are what money_parse reads back: no grouping, no sign.
  assert.match(r.body, /name="per_hour"[^>]*value="1627,73"/);
  assert.match(r.body, /name="max_24h"[^>]*value="12345,60"/);
  // Saving the form unchanged keeps the amounts (a grouped value would be refused as 422).
  r = await post(admin, `/admin/tariffs/${id}`, { name: 'Groß', per_hour: '1627,73', max_24h: '12345,60', per_km: '0,35' });
  assert.equal(r.status, 303, r.body);
  assert.deepEqual(srv.sql(`SELECT per_hour, max_24h FROM tariff WHERE id = ${id}`)[0], { per_hour: 162773, max_24h: 1234560 });
  // The vehicle form's tariff choice uses the same display.
  r = await admin.get('/admin/vehicles/1');
  assert.match(r.body, /Groß \(1\.627,73 €\/h\)/);
});

test('English pages show "€1,627.73"', async () => {
  srv.sql("UPDATE org SET lang = 'en' WHERE id = 2");
  try {
    let r = await post(admin2, '/admin/tariffs/new', { name: 'Big', per_hour: '1627.73', max_24h: '', per_km: '1000' });
    assert.equal(r.status, 303, r.body);
    const id = Number(r.location.match(/\/admin\/tariffs\/(\d+)/)[1]);
    r = await admin2.get(`/admin/tariffs/${id}`);
    assert.match(r.body, />Big<\/a><\/td><td class="num">€1,627\.73<\/td><td class="num">–<\/td><td class="num">€1,000\.00<\/td>/);
    assert.match(r.body, /name="per_hour"[^>]*value="1627\.73"/);
  } finally {
    srv.sql("UPDATE org SET lang = 'de' WHERE id = 2");
  }
});

test('the market vehicle page shows coordinates, km and prices with the decimal comma in German', async () => {
  srv.sql('UPDATE org SET lat = 47.9959, lon = 7.8494 WHERE id = 2');
  srv.sql('UPDATE offer SET lat = 48.7758459, lon = 9.1829321 WHERE vehicle_id = 1');
  const r = await admin2.get('/market/vehicle/1');
  assert.equal(r.status, 200);
  const t = text(r.body);
  assert.match(t, /\(48,77585; 9,18293\)/, 'coordinates with comma, separated by a semicolon');
  assert.match(t, /– \d{2,3},\d km/, 'distance with a decimal comma');
  assert.doesNotMatch(t, /\d\.\d km|48\.7758/);
  assert.match(t, /\d+,\d\d € je Stunde/);
});

test('count messages use the singular for one: "1 Buchung", "1 Fahrzeug"', async () => {
  srv.sql("INSERT INTO vehicle (id, org_id, area_id, name, descr, sort) VALUES (900, 1, 1, 'Einzelstück', '', 99)");
  srv.sql("INSERT INTO booking (org_id, vehicle_id, member_id, start, end, status, created_by, created_at, changed_at)" +
    " VALUES (1, 900, 2, 946684800, 946688400, 'active', 2, 946684800, 946684800)");
  let r = await admin.get('/admin/vehicles/900/delete');
  assert.equal(r.status, 200);
  assert.match(text(r.body), /Mit dem Fahrzeug wird 1 Buchung gelöscht,/);
  assert.doesNotMatch(r.body, /1 Buchungen/);
  assert.match(text(r.body), /davon 0 im laufenden Abrechnungszeitraum/);
  // Two bookings: the plural again.
  srv.sql("INSERT INTO booking (org_id, vehicle_id, member_id, start, end, status, created_by, created_at, changed_at)" +
    " VALUES (1, 900, 2, 946692000, 946695600, 'active', 2, 946684800, 946684800)");
  r = await admin.get('/admin/vehicles/900/delete');
  assert.match(text(r.body), /Mit dem Fahrzeug werden 2 Buchungen gelöscht,/);
  // A tariff used by one vehicle cannot be deleted: the singular message.
  const t = srv.sql("INSERT INTO tariff (org_id, name, per_hour, per_km) VALUES (1, 'Nur eins', 100, 0) RETURNING id")[0].id;
  srv.sql(`UPDATE vehicle SET tariff_id = ${t} WHERE id = 900`);
  r = await post(admin, `/admin/tariffs/${t}/delete`, {});
  assert.equal(r.status, 409);
  assert.match(text(r.body), /1 Fahrzeug nutzt diesen Tarif noch\. Stellen Sie es zuerst/);
});

test('the member delete page speaks of one booking in the singular', async () => {
  srv.sql("INSERT INTO member (id, org_id, login, descr, member_no, pw_hash, is_admin) VALUES (900, 1, 'EINZEL', 'Familie Einzel', '1900', '', 0)");
  srv.sql("INSERT INTO booking (org_id, vehicle_id, member_id, start, end, status, created_by, created_at, changed_at)" +
    " VALUES (1, 1, 900, 946684800, 946688400, 'active', 900, 946684800, 946684800)");
  const r = await admin.get('/admin/members/900/delete');
  assert.equal(r.status, 200);
  assert.match(text(r.body), /Mit dem Teilnehmer wird 1 Buchung gelöscht\./);
  assert.doesNotMatch(text(r.body), /\bihn\b|\bseine[nm]?\b/, 'neutral wording: members may be families or firms');
});

// POSTs the CSV as the import's multipart form.
async function upload(c, kind, content) {
  const b = '----WbWords' + Math.random().toString(16).slice(2);
  const field = (name, value) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = field('csrf', await token(c)) + field('kind', kind) +
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="liste.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${b}--\r\n`;
  return c.post('/admin/import', Buffer.from(body), { contentType: `multipart/form-data; boundary=${b}` });
}

async function c_confirm(body) {
  const id = Number(body.match(/action="\/admin\/import\/(\d+)"/)[1]);
  return admin.post(`/admin/import/${id}`, { csrf: await token(admin) });
}

test("the import preview's change column is German on a German page, the log keeps its fixed form", async () => {
  const exp = await admin.get('/admin/members/csv');
  assert.equal(exp.status, 200);
  const lines = exp.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  const changed = lines.map((l) => (l.startsWith('"MEIER"') ? l.replace('"1003"', '"1099"').replace(/;"0"$/, ';"1"').replace(/;0$/, ';1') : l));
  let r = await upload(admin, 'members', changed.join('\r\n') + '\r\n');
  assert.equal(r.status, 200, r.body);
  const row = r.body.match(/<tr class="act-changed">(.*?)<\/tr>/s)?.[1] ?? '';
  const cells = [...row.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => text(m[1]).trim());
  assert.equal(cells.at(-1), 'Mitgliedsnummer "1003" → "1099", Gesperrt nein → ja');
  // The action log keeps its fixed, documented form (README, "Action log").
  r = await c_confirm(r.body);
  assert.equal(r.status, 303);
  const log = srv.sql('SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 2').map((x) => x.line);
  assert.match(log[1], /ADMIN member 3 MEIER changed by import: member_no "1003" -> "1099", locked 0 -> 1$/);
});

test('the administrator role and the login name have one German term each', async () => {
  for (const p of ['/admin/members/3', '/admin/members/new', '/admin/members']) {
    const r = await admin.get(p);
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.body, /Verwalter|Login-Name|>Login</, p);
  }
  assert.match((await admin.get('/admin/members/3')).body, /Administrator/);
  assert.match((await admin.get('/admin/members/new')).body, /Benutzername/);
  assert.match((await new Client(srv.base).get('/login')).body, /Benutzername/);
});

test("the trip form shows the last odometer reading with the German thousands separator", async () => {
  const d = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10);
  let r = await admin.submit('/calendar/booking/new', { vehicle: 4, member: 1, start: `${d}T03:00`, end: `${d}T04:00`, purpose: 'Fahrt' });
  assert.equal(r.status, 303, r.body);
  const id = Number(r.headers.location.match(/booking\/(\d+)/)[1]);
  const last = srv.sql('SELECT max(km_end) AS k FROM trip WHERE vehicle_id = 4')[0].k;
  assert.ok(last >= 1000, `demo odometer of vehicle 4 is ${last}`);
  r = await admin.get(`/calendar/booking/${id}/trip`);
  assert.equal(r.status, 200);
  const grouped = String(last).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  assert.ok(text(r.body).includes(`Kilometerstand dieses Fahrzeugs: ${grouped} km`), text(r.body).slice(0, 2000));
  // The form's default stays a plain number the field accepts.
  assert.match(r.body, new RegExp(`id="km_start"[^>]*value="${last}"`));
});

test("the market offer form shows the coordinates with the German decimal comma, and takes them back", async () => {
  const fields = { address: 'Südstraße 1, Freiburg', lat: '47,9801', lon: '7.8502', vclass: 'family',
    tariff: 2, mode: 'split', split_rate: 25, link_url: '', conditions: 'Anhängerkupplung vorhanden.' };
  let r = await post(admin, '/market/mine/vehicle/5', fields);
  assert.equal(r.status, 303, r.body);
  r = await admin.get('/market/mine/vehicle/5');
  assert.equal(r.status, 200);
  const lat = r.body.match(/name="lat"[^>]*value="([^"]*)"/)[1];
  const lon = r.body.match(/name="lon"[^>]*value="([^"]*)"/)[1];
  assert.equal(lat, '47,980100');
  assert.equal(lon, '7,850200');
  // Saving the form as shown keeps the coordinates.
  r = await post(admin, '/market/mine/vehicle/5', { ...fields, lat, lon });
  assert.equal(r.status, 303, r.body);
  assert.deepEqual(srv.sql('SELECT lat, lon FROM offer WHERE vehicle_id = 5')[0], { lat: 47.9801, lon: 7.8502 });
});
