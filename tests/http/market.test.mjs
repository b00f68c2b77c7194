// HTTP tests of the market page: access (403 members, 404 outside a mini-market), CSRF, the portal switch, offers with release/withdrawal and their log lines, locked fields, bulk release, filters, watchlist, subscribing (single and bulk), subscriptions and the operator pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, admin2, admin3, member;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  admin2 = new Client(srv.base);
  admin3 = new Client(srv.base);
  member = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
  assert.equal((await admin3.login('ADMIN3', 'admin3', { org: 4 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
});
after(async () => { await srv?.stop(); });

const one = (sql) => srv.sql(sql)[0];
const lastLog = (org) => srv.sql(`SELECT line FROM actionlog WHERE org_id = ${org} ORDER BY id DESC LIMIT 1`)[0]?.line ?? '';
const snapshot = () => JSON.stringify(srv.sql(
  "SELECT (SELECT group_concat(vehicle_id || address || vclass || coalesce(split_rate, '-') || on_list || coalesce(portal, '-'), '|') FROM offer) AS o," +
  " (SELECT count(*) FROM offer_event) AS e, (SELECT count(*) FROM watch) AS w," +
  " (SELECT group_concat(id || local_name || local_descr || coalesce(cancelled_at, '-'), '|') FROM subscription) AS s," +
  " (SELECT count(*) FROM minimarket) AS m, (SELECT count(*) FROM actionlog) AS l"));

async function token(c, path = '/market/mine') {
  const r = await c.get(path);
  const t = csrf(r.body);
  assert.ok(t, `csrf on ${path} (${r.status})`);
  return t;
}
async function post(c, path, fields = {}) {
  return c.post(path, { ...fields, csrf: await token(c) });
}
// Text of the page without tags, spaces collapsed.
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const rows = (html) => [...html.matchAll(/<tr data-vehicle="(\d+)"/g)].map((m) => Number(m[1]));

const GETS = ['/market', '/market/vehicle/10', '/market/vehicle/10/subscribe', '/market/mine', '/market/mine/vehicle/1',
  '/market/mine/bulk', '/market/watchlist', '/market/subscriptions', '/market/subscriptions?watch=1', '/market/operator/minimarkets'];
const POSTS = ['/market/vehicle/10/watch', '/market/vehicle/10/unwatch', '/market/vehicle/10/subscribe', '/market/mine/vehicle/1',
  '/market/mine/vehicle/4/release', '/market/mine/vehicle/1/withdraw', '/market/mine/vehicle/5/list', '/market/mine/vehicle/4/unlist',
  '/market/mine/bulk', '/market/watchlist', '/market/subscriptions/1', '/market/subscriptions/1/cancel', '/market/operator/minimarkets'];

test('an administrator reaches every market page, each naming its portal and offering the switch', async () => {
  for (const p of GETS) {
    const r = await admin.get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.body, /class="portal-name" data-portal="0">Hauptmarkt</, p);
    assert.match(r.body, /<select id="portal" name="portal">[\s\S]*<option value="1">Regio-Markt<\/option>/, p);
  }
});

test('members get 403 on every route; without a session GET goes to the login and POST is 403', async () => {
  const before = snapshot();
  for (const p of GETS) assert.equal((await member.get(p)).status, 403, p);
  const t = await token(member, '/calendar');
  for (const p of POSTS) assert.equal((await member.post(p, { csrf: t, name: 'X', area: 1, confirm: 1, terms: 1 })).status, 403, p);
  const anon = new Client(srv.base);
  const r = await anon.get('/market');
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login/);
  assert.equal((await anon.post('/market/mine/vehicle/4/release', {})).status, 403);
  assert.equal(snapshot(), before);
});

test('POST without, with a wrong or with a foreign-origin CSRF token is 403 and writes nothing', async () => {
  const before = snapshot();
  const good = await token(admin);
  for (const p of POSTS) {
    assert.equal((await admin.post(p, { name: 'X', terms: 1 })).status, 403, `${p} without`);
    assert.equal((await admin.post(p, { name: 'X', csrf: 'b'.repeat(64) })).status, 403, `${p} wrong`);
    assert.equal((await admin.post(p, { name: 'X', csrf: good }, { headers: { Origin: 'http://evil.example' } })).status, 403, `${p} origin`);
  }
  assert.equal(snapshot(), before);
});

test('the portal switch: query parameter sets a cookie, later pages stay in that portal', async () => {
  const c = new Client(srv.base);
  await c.login('ADMIN2', 'admin2', { org: 2 });
  let r = await c.get('/market?portal=1');
  assert.equal(r.status, 200);
  assert.ok(r.setCookies.some((l) => /^wb_portal=1; Path=\/market; HttpOnly; SameSite=Lax/.test(l)), r.setCookies.join('\n'));
  assert.match(r.body, /data-portal="1">Regio-Markt</);
  assert.deepEqual(rows(r.body).sort((a, b) => a - b), [6, 11]);
  r = await c.get('/market/mine');
  assert.match(r.body, /data-portal="1">Regio-Markt</);
  r = await c.get('/market?portal=0');
  assert.deepEqual(rows(r.body).sort((a, b) => a - b), [1, 3, 12]);
  assert.equal((await c.get('/market?portal=abc')).status, 404);
  assert.equal((await c.get('/market?portal=99')).status, 404);
});

test('a non-member organisation sees nothing of a mini-market: 404 for the portal and its vehicles', async () => {
  srv.sql('DELETE FROM minimarket_org WHERE market_id = 1 AND org_id = 4');
  try {
    const before = snapshot();
    assert.equal((await admin3.get('/market?portal=1')).status, 404);
    for (const p of ['/market/vehicle/6', '/market/vehicle/6/subscribe']) assert.equal((await admin3.get(p)).status, 404, p);
    assert.equal((await post(admin3, '/market/vehicle/6/watch')).status, 404);
    assert.equal((await post(admin3, '/market/vehicle/6/subscribe', { name: 'T', area: 5, confirm: 1 })).status, 409);
    const r = await admin3.get('/market?own=1');
    assert.doesNotMatch(r.body, /Regio-Markt|VW Transporter/);
    assert.doesNotMatch(r.body, /data-vehicle="6"/);
    // A stale cookie for that portal falls back to the main market.
    const c = new Client(srv.base);
    await c.login('ADMIN3', 'admin3', { org: 4 });
    c.cookies.set('wb_portal', '1');
    const g = await c.get('/market');
    assert.equal(g.status, 200);
    assert.match(g.body, /data-portal="0"/);
    assert.equal(snapshot(), before);
  } finally {
    srv.sql('INSERT INTO minimarket_org VALUES (1, 4)');
  }
});

test('offer form: 422 with every message and the input kept; a save writes an ADMIN line', async () => {
  let r = await post(admin, '/market/mine/vehicle/5', { address: 'Südstraße 1', lat: 'abc', lon: '', vclass: 'rocket', tariff: 2,
    mode: 'split', split_rate: 150, link_url: 'javascript:alert(1)', conditions: 'Bitte <sauber> halten' });
  assert.equal(r.status, 422);
  const t = text(r.body);
  assert.match(t, /Bitte eine Dezimalzahl angeben/);
  assert.match(t, /Diese Fahrzeugklasse gibt es nicht/);
  assert.match(t, /Der Link muss mit http/);
  assert.match(r.body, /value="Südstraße 1"/);
  assert.match(r.body, /value="abc"/);
  assert.match(r.body, /Bitte &lt;sauber&gt; halten<\/textarea>/);
  r = await post(admin, '/market/mine/vehicle/5', { address: 'Südstraße 1', lat: '47.98', lon: '', split_rate: 150 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Breiten- und Längengrad/);
  assert.match(text(r.body), /zwischen 0 und 100/);
  r = await post(admin, '/market/mine/vehicle/5', { address: 'Südstraße 1, Freiburg', lat: '47,9801', lon: '7.8502', vclass: 'family',
    tariff: 2, mode: 'split', split_rate: 25, link_url: '', conditions: 'Anhängerkupplung vorhanden.' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/mine/vehicle/5?saved=1');
  assert.deepEqual(one('SELECT address, lat, lon, vclass, split_rate, link_mode FROM offer WHERE vehicle_id = 5'),
    { address: 'Südstraße 1, Freiburg', lat: 47.9801, lon: 7.8502, vclass: 'family', split_rate: 25, link_mode: 0 });
  assert.match(lastLog(1), /^\d\d\.\d\d\.\d\d \d\d:\d\d:\d\d ADMIN: ADMIN market offer of vehicle 5 "Skoda Octavia Kombi" saved$/);
  // Another organisation's vehicle.
  assert.equal((await admin2.get('/market/mine/vehicle/5')).status, 404);
  assert.equal((await post(admin2, '/market/mine/vehicle/5', { address: 'x' })).status, 404);
  assert.equal((await post(admin2, '/market/mine/vehicle/5/release')).status, 404);
});

test('release: incomplete names every missing field (422); complete releases with an event and a log line; locked fields 409; withdraw', async () => {
  // Vehicle 7 has no offer data at all.
  let r = await post(admin, '/market/mine/vehicle/7/release', { portal: 0 });
  assert.equal(r.status, 422);
  const t = text(r.body);
  for (const m of ['Adresse des Standorts', 'Koordinaten des Standorts', 'Fahrzeugklasse', 'fehlt der Split-Satz', 'fehlen die Bedingungen'])
    assert.match(t, new RegExp(m), m);
  assert.doesNotMatch(t, /fehlt der Tarif/); // vehicle 7 has a tariff
  assert.equal(one('SELECT count(*) AS n FROM offer_event WHERE vehicle_id = 7').n, 0);

  r = await post(admin, '/market/mine/vehicle/5/release', { portal: 0 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/mine/vehicle/5?released=1');
  assert.deepEqual(one('SELECT portal, released_by FROM offer WHERE vehicle_id = 5'), { portal: 0, released_by: 1 });
  assert.match(lastLog(1), / ADMIN: ADMIN market: vehicle 5 "Skoda Octavia Kombi" released in main market$/);
  let page = await admin.get('/market/mine/vehicle/5');
  assert.match(text(page.body), /freigegeben \(Hauptmarkt, ADMIN\)/);
  // Released elsewhere: one portal at a time.
  r = await post(admin, '/market/mine/vehicle/5/release', { portal: 1 });
  assert.equal(r.status, 409);
  assert.match(text(r.body), /schon in einem anderen Portal freigegeben/);

  // Locked while released: tariff and split rate -> 409 with the reason, input kept; conditions may change.
  const before = one('SELECT tariff_id FROM vehicle WHERE id = 5').tariff_id;
  r = await post(admin, '/market/mine/vehicle/5', { address: 'Neu 1', lat: '47.98', lon: '7.85', vclass: 'family', tariff: 1,
    mode: 'split', split_rate: 30, conditions: 'geändert' });
  assert.equal(r.status, 409);
  assert.match(text(r.body), /Der Tarif lässt sich nicht ändern, solange das Fahrzeug auf dem Marktplatz freigegeben ist/);
  assert.match(text(r.body), /Der Split-Satz lässt sich nicht ändern/);
  assert.match(r.body, /value="Neu 1"/);
  assert.equal(one('SELECT tariff_id FROM vehicle WHERE id = 5').tariff_id, before);
  assert.equal(one('SELECT address FROM offer WHERE vehicle_id = 5').address, 'Südstraße 1, Freiburg');
  // The released form has no tariff or rate inputs: saving the rest works.
  page = await admin.get('/market/mine/vehicle/5');
  assert.doesNotMatch(page.body, /name="tariff"|name="split_rate"/);
  r = await post(admin, '/market/mine/vehicle/5', { address: 'Neu 1', lat: '47.98', lon: '7.85', vclass: 'van', conditions: 'geändert' });
  assert.equal(r.status, 303);
  assert.deepEqual(one('SELECT address, vclass, split_rate FROM offer WHERE vehicle_id = 5'), { address: 'Neu 1', vclass: 'van', split_rate: 25 });

  r = await post(admin, '/market/mine/vehicle/5/withdraw', { back: 'mine' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/mine?withdrawn=1');
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 5').portal, null);
  assert.match(lastLog(1), / ADMIN: ADMIN market: vehicle 5 "Skoda Octavia Kombi" withdrawn from main market$/);
  assert.deepEqual(srv.sql('SELECT what, portal FROM offer_event WHERE vehicle_id = 5 ORDER BY id'),
    [{ what: 'release', portal: 0 }, { what: 'withdraw', portal: 0 }]);
  assert.equal((await post(admin, '/market/mine/vehicle/5/withdraw')).status, 409);
});

test('own vehicles overview: filters by state, area and text', async () => {
  let r = await admin.get('/market/mine?portal=0');   // a form's portal field moved the cookie before
  assert.deepEqual(rows(r.body), [1, 2, 3, 4, 5, 6, 7, 8]);
  r = await admin.get('/market/mine?state=here');
  assert.deepEqual(rows(r.body), [1, 3]);
  r = await admin.get('/market/mine?state=here&portal=1');
  assert.deepEqual(rows(r.body), [6]);
  await admin.get('/market?portal=0');
  r = await admin.get('/market/mine?state=list');
  assert.deepEqual(rows(r.body), [2, 4]);
  assert.match(text(r.body), /Koordinaten, Bedingungen/);
  r = await admin.get('/market/mine?state=none&area=2');
  assert.deepEqual(rows(r.body), [5, 7]);
  r = await admin.get('/market/mine?q=zafira');
  assert.deepEqual(rows(r.body), [4]);
  assert.equal((await admin.get('/market/mine?state=bogus')).status, 422);
});

test('release list: put on and take off', async () => {
  let r = await post(admin, '/market/mine/vehicle/7/list');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/mine/vehicle/7?listed=1');
  assert.equal(one('SELECT on_list FROM offer WHERE vehicle_id = 7').on_list, 1);
  r = await post(admin, '/market/mine/vehicle/7/unlist', { back: 'mine' });
  assert.equal(r.location, '/market/mine?unlisted=1');
  assert.equal(one('SELECT on_list FROM offer WHERE vehicle_id = 7').on_list, 0);
});

test('bulk release: terms first, incomplete rows cannot be ticked, mixed outcome reported per vehicle', async () => {
  let r = await admin.get('/market/mine/bulk');
  assert.deepEqual(rows(r.body), [2, 4]);
  assert.match(r.body, /name="pick_2" value="1" aria-label="Fiat 500" disabled/);
  assert.doesNotMatch(r.body, /name="pick_4"[^>]*disabled/);
  const before = snapshot();
  r = await post(admin, '/market/mine/bulk', { pick_4: 1 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /akzeptieren Sie zuerst die Nutzungsbedingungen/);
  assert.match(r.body, /name="pick_4" value="1" aria-label="[^"]+" checked/);
  r = await post(admin, '/market/mine/bulk', { terms: 1 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /mindestens ein Fahrzeug/);
  assert.equal(snapshot(), before);
  // A forged tick on the incomplete row: the complete one is released, the other reported.
  r = await post(admin, '/market/mine/bulk', { terms: 1, pick_4: 1, pick_2: 'on', portal: 0 });
  assert.equal(r.status, 200);
  const t = text(r.body);
  assert.match(t, /Freigegeben: Opel Zafira \(7 Sitze\)/);
  assert.match(t, /Nicht freigegeben: Fiat 500 : es fehlen Angaben: Koordinaten, Bedingungen/);
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 4').portal, 0);
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 2').portal, null);
  assert.match(lastLog(1), /market: vehicle 4 "Opel Zafira \(7 Sitze\)" released in main market$/);
  assert.deepEqual(rows(r.body), [2]);
  // All succeed: 303.
  srv.sql("UPDATE offer SET lat = 48.0, lon = 7.8, conditions = 'ok', on_list = 1 WHERE vehicle_id = 2");
  r = await post(admin, '/market/mine/bulk', { terms: 1, pick_2: 1, portal: 1 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/mine/bulk?released=1');
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 2').portal, 1);
  assert.match(lastLog(1), /market: vehicle 2 "Fiat 500" released in mini-market 1 "Regio-Markt"$/);
  await post(admin, '/market/mine/vehicle/2/withdraw');
  await post(admin, '/market/mine/vehicle/4/withdraw');
});

test('market vehicles: filters apply together (text, organisations, distance, class, free time, own offers)', async () => {
  await admin.get('/market?portal=0');
  let r = await admin.get('/market');
  assert.deepEqual(rows(r.body), [12, 10]);     // own offers off by default; sorted by organisation
  assert.match(text(r.body), /119,\d km/);
  r = await admin.get('/market?own=1');
  assert.deepEqual(rows(r.body).sort((a, b) => a - b), [1, 3, 10, 12]);
  r = await admin.get('/market?km=60');
  assert.deepEqual(rows(r.body), [10]);
  r = await admin.get('/market?q=LASTENRAD');
  assert.deepEqual(rows(r.body), [12]);
  r = await admin.get('/market?org=2&org=4');
  assert.deepEqual(rows(r.body), [12, 10]);
  r = await admin.get('/market?org=4');
  assert.deepEqual(rows(r.body), [12]);
  assert.match(r.body, /<option value="4" selected>Dritte CSO/);
  r = await admin.get('/market?vclass=family&own=1');
  assert.deepEqual(rows(r.body).sort((a, b) => a - b), [1, 10]);
  r = await admin.get('/market?vclass=family&km=60&q=parkhaus');
  assert.deepEqual(rows(r.body), [10]);
  // Free time: a booking of the Dacia next week Wednesday 09:00-10:00 UTC blocks Wednesdays 08-12 local.
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  let add = ((3 - d.getUTCDay()) + 7) % 7 || 7;
  const wed = d.getTime() / 1000 + add * 86400;
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at) VALUES (2, 10, 8, ${wed + 9 * 3600}, ${wed + 10 * 3600}, 8, 0, 0)`);
  r = await admin.get('/market?wd3=1&from=08:00&to=12:00');
  assert.deepEqual(rows(r.body), [12]);
  r = await admin.get('/market?wd3=1&from=13:00&to=24:00');
  assert.deepEqual(rows(r.body), [12, 10]);
  r = await admin.get('/market?wd2=1&wd4=1&from=08:00&to=12:00');
  assert.deepEqual(rows(r.body), [12, 10]);
  r = await admin.get('/market?from=08:00&to=12:00');      // every day
  assert.deepEqual(rows(r.body), [12]);
  r = await admin.get('/market?from=12:00&to=08:00&km=0');
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Endzeit muss nach der Anfangszeit/);
  assert.match(text(r.body), /zwischen 1 und 20000/);
  assert.match(r.body, /id="from" name="from" type="time" value="12:00"/);
});

test('detail view, watchlist mark, and own vehicles cannot be watched', async () => {
  let r = await admin2.get('/market/vehicle/3');
  assert.equal(r.status, 200);
  const t = text(r.body);
  assert.match(t, /Renault Zoe/);
  assert.match(t, /Link – https:\/\/demo-carsharing\.example\/buchen\?fahrzeug=3/);
  assert.match(t, /Ladekarte liegt im Fahrzeug/);
  assert.match(t, /Elektro: 3,00 € je Stunde/);
  r = await admin2.get('/market/vehicle/1');
  assert.match(text(r.body), /Split-Satz 20 %/);
  assert.equal((await admin2.get('/market/vehicle/2')).status, 404);     // not released
  assert.equal((await admin2.get('/market/vehicle/999')).status, 404);
  r = await post(admin2, '/market/vehicle/3/watch');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/vehicle/3?watched=1');
  r = await admin2.get('/market?portal=0');
  assert.match(r.body, /<tr data-vehicle="3" class="watched">/);
  assert.match(r.body, /<tr data-vehicle="12" class="watched">/);   // demo watchlist
  assert.match(r.body, /<tr data-vehicle="1">/);
  assert.equal((await post(admin, '/market/vehicle/1/watch')).status, 409);
  r = await post(admin2, '/market/vehicle/3/unwatch');
  assert.equal(r.status, 303);
  assert.equal(one('SELECT count(*) AS n FROM watch WHERE org_id = 2 AND vehicle_id = 3').n, 0);
});

test('subscribe one vehicle: confirm the rate, unique local name, own area; log line', async () => {
  let r = await admin2.get('/market/vehicle/12/subscribe');
  assert.equal(r.status, 200);
  assert.match(text(r.body), /Ich bestätige den Split-Satz: 0 %/);
  const before = snapshot();
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: 'golf FREIBURG', area: 4, visible: 1, confirm: 1, rate: 0 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Der Name „golf FREIBURG“ ist in Ihrer Organisation schon vergeben/);
  assert.match(r.body, /value="golf FREIBURG"/);
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: 'citroën c3', area: 4, confirm: 1 });
  assert.equal(r.status, 422);
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: 'Lastenrad', area: 4 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Bitte bestätigen Sie den Split-Satz/);
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: 'Lastenrad', area: 1, confirm: 1 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Diesen Bereich gibt es nicht/);
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: 'Lastenrad', area: 4, confirm: 1, rate: 5 });
  assert.equal(r.status, 409);
  assert.equal(snapshot(), before);
  assert.equal((await admin.get('/market/vehicle/1/subscribe')).status, 409);
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: '  Lastenrad KA ', area: 4, confirm: 1, rate: 0 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/subscriptions?subscribed=1');
  assert.deepEqual(one('SELECT local_name, area_id, visible, split_rate FROM subscription WHERE org_id = 2 AND vehicle_id = 12 AND cancelled_at IS NULL'),
    { local_name: 'Lastenrad KA', area_id: 4, visible: 0, split_rate: 0 });
  assert.match(lastLog(2), / ADMIN2: ADMIN market: subscription \d+ of vehicle 12 "Urban Arrow" as "Lastenrad KA" in area 4, split rate 0%, hidden from members$/);
  assert.equal(one('SELECT count(*) AS n FROM watch WHERE org_id = 2 AND vehicle_id = 12').n, 0);
  r = await post(admin2, '/market/vehicle/12/subscribe', { name: 'Noch eins', area: 4, confirm: 1 });
  assert.equal(r.status, 409);
  assert.match(text(r.body), /schon abonniert/);
});

test('bulk subscribe from the watchlist: rows fail one by one (name taken, withdrawn, incomplete), the others are subscribed', async () => {
  await post(admin2, '/market/vehicle/3/watch');
  srv.sql('INSERT INTO watch (org_id, vehicle_id, added_at) VALUES (2, 4, 0)');   // vehicle 4 is not released
  let r = await admin2.get('/market/watchlist');
  assert.deepEqual(rows(r.body).sort((a, b) => a - b), [3, 4, 6]);
  assert.doesNotMatch(r.body, /name="pick_4"/);   // not offered: no tick box
  const before = snapshot();
  r = await post(admin2, '/market/watchlist', { pick_3: 1, name_3: 'Zoe', area_3: 4 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Bitte bestätigen Sie die Split-Sätze/);
  assert.match(r.body, /name="name_3" maxlength="60" value="Zoe"/);
  assert.equal(snapshot(), before);
  // The master withdraws the Transporter meanwhile.
  assert.equal((await post(admin, '/market/mine/vehicle/6/withdraw')).status, 303);
  srv.sql("INSERT INTO watch (org_id, vehicle_id, added_at) VALUES (2, 10, 0)");   // own vehicle on the list
  srv.sql("UPDATE offer SET address = 'x', lat = 48, lon = 7.8, vclass = 'small', split_rate = 10, conditions = 'c', portal = 0, released_at = 0, released_by = 1 WHERE vehicle_id = 7");
  srv.sql("INSERT INTO watch (org_id, vehicle_id, added_at) VALUES (2, 7, 1)");
  r = await post(admin2, '/market/watchlist', {
    confirm: 1,
    pick_6: 1, name_6: 'Transporter', area_6: 4,          // withdrawn meanwhile
    pick_3: 1, name_3: 'CITROËN C3', area_3: 4,           // different (non-ASCII case): fine
    pick_7: 1, name_7: 'citroën c3', area_7: 4,            // taken (ASCII case-insensitive)
    pick_10: 1, name_10: 'x', area_10: 4,                 // own vehicle
  });
  assert.equal(r.status, 200);
  const t = text(r.body);
  assert.match(t, /Abonniert: Renault Zoe → CITROËN C3/);
  assert.match(t, /VW Transporter : Das Fahrzeug wird nicht mehr angeboten/);
  assert.match(t, /Toyota Yaris Hybrid : Der Name „citroën c3“ ist in Ihrer Organisation schon vergeben/);
  assert.match(t, /Dacia Logan MCV : Eigene Fahrzeuge lassen sich nicht abonnieren/);
  assert.deepEqual(srv.sql('SELECT vehicle_id FROM watch WHERE org_id = 2 ORDER BY vehicle_id').map((x) => x.vehicle_id), [4, 6, 7, 10]);
  assert.equal(one("SELECT count(*) AS n FROM subscription WHERE org_id = 2 AND vehicle_id = 3 AND local_name = 'CITROËN C3' AND split_rate IS NULL").n, 1);
  // Failed rows keep their input for another try.
  assert.match(r.body, /name="name_7" maxlength="60" value="citroën c3"/);
  // A ticked row without area is reported, not subscribed.
  r = await post(admin2, '/market/watchlist', { confirm: 1, pick_7: 1, name_7: 'Yaris' });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /Toyota Yaris Hybrid : Bitte lokalen Namen und Bereich eintragen/);
  // Each row sends back the rate it showed: a rate changed meanwhile is refused, the row stays.
  r = await admin2.get('/market/watchlist');
  assert.match(r.body, /name="rate_7" value="10"/);
  srv.sql('UPDATE offer SET split_rate = 15 WHERE vehicle_id = 7');
  r = await post(admin2, '/market/watchlist', { confirm: 1, pick_7: 1, name_7: 'Yaris', area_7: 4, rate_7: 10 });
  assert.equal(r.status, 422);
  assert.equal(one('SELECT count(*) AS n FROM subscription WHERE org_id = 2 AND vehicle_id = 7 AND cancelled_at IS NULL').n, 0);
  assert.ok(srv.sql('SELECT 1 FROM watch WHERE org_id = 2 AND vehicle_id = 7').length === 1, 'still on the watchlist');
  srv.sql('UPDATE offer SET split_rate = 10 WHERE vehicle_id = 7');
  r = await post(admin2, '/market/watchlist', { confirm: 1, pick_7: 1, name_7: 'Yaris', area_7: 4, rate_7: 10 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/subscriptions?subscribed=1');
  // Restore the Transporter's release for later tests.
  assert.equal((await post(admin, '/market/mine/vehicle/6/release', { portal: 1 })).status, 303);
});

test('subscribed vehicles: list (with the watchlist on demand), change the local description, cancel', async () => {
  let r = await admin2.get('/market/subscriptions');
  const t = text(r.body);
  assert.match(t, /Golf Freiburg aus Freiburg, Rathaus Hauptbahnhof VW Golf Demo-CarSharing 20 %/);
  assert.doesNotMatch(r.body, /<ul class="watchlist">/);
  r = await admin2.get('/market/subscriptions?watch=1');
  assert.match(r.body, /<ul class="watchlist">/);
  assert.match(r.body, /<li data-vehicle="6">/);
  r = await admin2.get('/market/subscriptions/1');
  assert.equal(r.status, 200);
  assert.match(text(r.body), /Kompakt/);   // the master's tariff, shown, not editable
  assert.doesNotMatch(r.body, /name="tariff"|name="price"/);
  assert.equal((await admin3.get('/market/subscriptions/1')).status, 404);
  assert.equal((await post(admin3, '/market/subscriptions/1/cancel')).status, 404);
  r = await post(admin2, '/market/subscriptions/1', { descr: 'x'.repeat(31), visible: 1 });
  assert.equal(r.status, 422);
  assert.match(text(r.body), /höchstens 30 Zeichen/);
  assert.match(r.body, new RegExp(`value="${'x'.repeat(31)}"`));
  r = await post(admin2, '/market/subscriptions/1', { descr: 'Neu beschrieben', visible: 1 });
  assert.equal(r.status, 303);
  assert.deepEqual(one('SELECT local_descr, visible FROM subscription WHERE id = 1'), { local_descr: 'Neu beschrieben', visible: 1 });
  assert.match(lastLog(2), /market: subscription 1 "Golf Freiburg" changed: description "Neu beschrieben", visible to members$/);
  r = await post(admin2, '/market/subscriptions/1/cancel');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/subscriptions?cancelled=1');
  assert.notEqual(one('SELECT cancelled_at FROM subscription WHERE id = 1').cancelled_at, null);
  assert.match(lastLog(2), /market: subscription 1 "Golf Freiburg" cancelled$/);
  assert.equal((await post(admin2, '/market/subscriptions/1/cancel')).status, 404);
});

test('operator pages: only members with is_operator; create a mini-market and add an organisation', async () => {
  assert.equal((await admin2.get('/market/operator/minimarkets')).status, 403);
  assert.equal((await post(admin2, '/market/operator/minimarkets', { name: 'Heimlich' })).status, 403);
  let r = await admin.get('/market/operator/minimarkets');
  assert.equal(r.status, 200);
  assert.match(text(r.body), /Regio-Markt Demo-CarSharing, Dritte CSO, Zweite CSO/);
  r = await post(admin, '/market/operator/minimarkets', { name: 'Ortenau' });
  assert.equal(r.status, 303);
  const id = one("SELECT id FROM minimarket WHERE name = 'Ortenau'").id;
  r = await post(admin, '/market/operator/minimarkets', { name: 'Ortenau' });
  assert.equal(r.status, 422);
  r = await post(admin, '/market/operator/minimarkets', { market: id, org: 2 });
  assert.equal(r.status, 303);
  assert.match(lastLog(1), /market operator: organisation 2 added to mini-market \d+$/);
  assert.equal((await admin2.get(`/market?portal=${id}`)).status, 200);
  assert.equal((await admin3.get(`/market?portal=${id}`)).status, 404);
});
