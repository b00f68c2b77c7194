// HTTP tests of #16's market defects: ending a subscription or withdrawing a release says beforehand how many
// future bookings of subscribers it affects and cancels them in the same transaction (log lines in both logs;
// bookings already begun or over, and the owner's own, stay); the operator's mini-market page is linked and its
// members can be removed; a withdrawn vehicle leaves the watchlist; bulk release per portal with select-all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23',
});
function day(days, hhmm) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(Date.now() + days * 86400000))) o[p.type] = p.value;
  return `${o.year}-${o.month}-${o.day}T${hhmm}`;
}

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { await srv?.stop(); });

const one = (q) => srv.sql(q)[0];
const n = (q) => Object.values(one(q))[0];
const logsAfter = (id) => srv.sql(`SELECT org_id, line FROM actionlog WHERE id > ${id} ORDER BY id`);
const lastLogId = () => n('SELECT coalesce(max(id), 0) FROM actionlog');

async function login(name, pw, org) {
  const c = new Client(srv.base);
  assert.equal((await c.login(name, pw, { org })).status, 303, `sign in ${name}`);
  c.token = csrf((await c.get('/calendar')).body);
  return c;
}
async function book(c, vehicle, days, purpose) {
  const r = await c.post('/calendar/booking/new', { csrf: c.token, vehicle, start: day(days, '10:00'), end: day(days, '12:00'), purpose });
  assert.equal(r.status, 303, `booking: ${r.status} ${r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]}`);
  return Number(r.location.match(/\/calendar\/booking\/(\d+)\?created=1$/)[1]);
}

test('ending a subscription announces and cancels its future bookings, with a DELETE line in both logs', async () => {
  const admin2 = await login('ADMIN2', 'admin2', 2);
  const berger = await login('BERGER', 'demo', 2);
  // Subscription 1: org 2's "Golf Freiburg" (vehicle 1 of org 1).
  const f1 = await book(berger, 1, 20, 'Umzug');
  const f2 = await book(berger, 1, 21, '');
  const own = await book(await login('ADMIN', 'admin', 1), 1, 22, 'Werkstatt');
  // A booking already over stays (written as the calendar would have, days ago).
  srv.sql(`INSERT INTO booking (id, org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at)
    VALUES (9001, 2, 1, 8, unixepoch() - 7200, unixepoch() - 3600, 8, unixepoch() - 9000, unixepoch() - 9000)`);

  const list = await admin2.get('/market/subscriptions');
  assert.equal(list.status, 200);
  const row = list.body.slice(list.body.indexOf('<tr data-subscription="1"'));
  assert.match(row.slice(0, row.indexOf('</tr>')), /data-future="2">Sagt 2 künftige Buchungen ab\.</);

  const before = lastLogId();
  const r = await admin2.post('/market/subscriptions/1/cancel', { csrf: csrf(list.body) });
  assert.equal(r.status, 303);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id IN (${f1}, ${f2})`), 0);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id IN (${own}, 9001) AND status = 'active'`), 2);
  assert.notEqual(one('SELECT cancelled_at FROM subscription WHERE id = 1').cancelled_at, null);
  const logs = logsAfter(before);
  const del = (org, id, name) => logs.filter((l) => l.org_id === org && new RegExp(` ADMIN2: DELETE ${id} ${name} .* BERGER, created by BERGER at `).test(l.line));
  assert.equal(del(2, f1, 'GOLF-FREIBURG').length, 1, JSON.stringify(logs));
  assert.equal(del(1, f1, 'VW-GOLF').length, 1, JSON.stringify(logs));
  assert.equal(del(2, f2, 'GOLF-FREIBURG').length, 1);
  assert.equal(del(1, f2, 'VW-GOLF').length, 1);
  assert.match(logs.at(-1).line, /ADMIN2: ADMIN market: subscription 1 "Golf Freiburg" cancelled, 2 future bookings cancelled$/);
  // The member's booking is gone, not left behind unchangeable.
  assert.equal((await berger.get(`/calendar/booking/${f1}`)).status, 404);
});

test('withdrawing a release says how many future bookings of subscribers it cancels, then cancels them', async () => {
  const admin2 = await login('ADMIN2', 'admin2', 2);
  const admin3 = await login('ADMIN3', 'admin3', 4);
  // Subscription 2: org 4's "Dacia Offenburg" (vehicle 10 of org 2, released in the main market).
  let page = await admin2.get('/market/mine/vehicle/10');
  assert.equal(page.status, 200);
  assert.match(page.body, /id="withdraw-affected" data-affected="0">Künftige Buchungen von Abonnenten gibt es nicht/);
  const f = await book(admin3, 10, 25, 'Ausflug');
  page = await admin2.get('/market/mine/vehicle/10');
  assert.match(page.body, /id="withdraw-affected" data-affected="1">Das Zurückziehen beendet die Abonnements und sagt 1 künftige Buchung von Abonnenten ab\.</);

  // The subscriber's organisation sends mail and the member has an address: the cancellation is
  // announced to them like any other made for them.
  srv.sql("INSERT INTO mail_settings (org_id, sender, transport) VALUES (4, 'cso4@example.org', 'sendmail')" +
    " ON CONFLICT (org_id) DO UPDATE SET transport = 'sendmail', sender = 'cso4@example.org'");
  srv.sql("INSERT OR REPLACE INTO member_mail (member_id, org_id, email) SELECT id, 4, 'admin3@example.org' FROM member WHERE login = 'ADMIN3' AND org_id = 4");
  const before = lastLogId();
  const r = await admin2.post('/market/mine/vehicle/10/withdraw', { csrf: csrf(page.body) });
  assert.equal(r.status, 303);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id = ${f}`), 0);
  assert.equal(n(`SELECT count(*) FROM outbox WHERE booking_id = ${f} AND action = 'DELETE' AND recipient = 'admin3@example.org'`), 1);
  assert.equal(n("SELECT count(*) FROM subscription WHERE id = 2 AND cancelled_at IS NULL"), 0);
  const logs = logsAfter(before);
  assert.ok(logs.some((l) => l.org_id === 4 && new RegExp(` ADMIN2: DELETE ${f} DACIA-OFFENBURG .*: Ausflug$`).test(l.line)), JSON.stringify(logs));
  assert.ok(logs.some((l) => l.org_id === 2 && new RegExp(` ADMIN2: DELETE ${f} .*: Ausflug$`).test(l.line)), JSON.stringify(logs));
  assert.match(logs.at(-1).line, /withdrawn from main market, subscriptions ended, 1 future booking of subscribers cancelled$/);
  assert.equal((await admin3.get(`/calendar/booking/${f}`)).status, 404);
});

test('the operator reaches the mini-markets from the navigation and removes a member: its releases and subscriptions there end', async () => {
  const admin = await login('ADMIN', 'admin', 1);
  const admin2 = await login('ADMIN2', 'admin2', 2);
  const admin3 = await login('ADMIN3', 'admin3', 4);
  const nav = (html) => html.slice(html.indexOf('<nav class="subnav"'), html.indexOf('</nav>', html.indexOf('<nav class="subnav"')));
  assert.match(nav((await admin.get('/market')).body), /<a href="\/market\/operator\/minimarkets">Mini-Märkte<\/a>/);
  assert.ok(!nav((await admin2.get('/market')).body).includes('/operator/'), 'not for administrators who are no operator');
  // Dritte CSO subscribes the Transporter (vehicle 6, released in Regio-Markt) and books it.
  let page = await admin3.get('/market/vehicle/6/subscribe?portal=1');
  assert.equal(page.status, 200);
  let r = await admin3.post('/market/vehicle/6/subscribe', { csrf: csrf(page.body), name: 'Transporter FR', area: 5, visible: 1, confirm: 1, rate: 30 });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const b = await book(admin3, 6, 26, 'Umzug Dritte');
  const ops = await admin.get('/market/operator/minimarkets');
  assert.equal(ops.status, 200);
  assert.match(ops.body, /<li data-org="4">Dritte CSO\s*<form method="post" action="\/market\/operator\/minimarkets\/1\/remove"/);
  // Not an operator: 403, nothing changes.
  assert.equal((await admin2.post('/market/operator/minimarkets/1/remove', { csrf: admin2.token, org: 4 })).status, 403);
  assert.equal(n('SELECT count(*) FROM minimarket_org WHERE market_id = 1 AND org_id = 4'), 1);
  const before = lastLogId();
  r = await admin.post('/market/operator/minimarkets/1/remove', { csrf: csrf(ops.body), org: 4 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/operator/minimarkets?removed=1');
  assert.equal(n('SELECT count(*) FROM minimarket_org WHERE market_id = 1 AND org_id = 4'), 0);
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 11').portal, null, 'its release there is withdrawn');
  assert.equal(n("SELECT count(*) FROM offer_event WHERE vehicle_id = 11 AND what = 'withdraw' AND portal = 1"), 1);
  assert.equal(n("SELECT count(*) FROM subscription WHERE org_id = 4 AND vehicle_id = 6 AND cancelled_at IS NULL"), 0);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id = ${b}`), 0);
  const logs = logsAfter(before);
  assert.match(logs.at(-1).line, /ADMIN: ADMIN market operator: organisation 4 "Dritte CSO" removed from mini-market 1 "Regio-Markt": 1 releases withdrawn, 1 subscriptions ended, 1 future bookings cancelled$/);
  assert.ok(logs.some((l) => l.org_id === 4 && new RegExp(`ADMIN: DELETE ${b} TRANSPORTER-FR `).test(l.line)), JSON.stringify(logs));
  // The organisation no longer sees the mini-market; removing it again is refused with the form.
  assert.equal((await admin3.get('/market?portal=1')).status, 404);
  const again = await admin.post('/market/operator/minimarkets/1/remove', { csrf: csrf(ops.body), org: 4 });
  assert.equal(again.status, 422);
  assert.match(again.body, /Die Organisation gehört nicht zu diesem Mini-Markt\./);
});

test('a withdrawn vehicle on the watchlist can be removed: a button per row, back to the watchlist', async () => {
  const admin = await login('ADMIN', 'admin', 1);
  const admin2 = await login('ADMIN2', 'admin2', 2);
  // Zweite CSO watches the Transporter (6); its owner withdraws it.
  const offer = await admin.get('/market/mine/vehicle/6');
  assert.equal((await admin.post('/market/mine/vehicle/6/withdraw', { csrf: csrf(offer.body) })).status, 303);
  const list = await admin2.get('/market/watchlist');
  assert.equal(list.status, 200);
  assert.match(list.body, /<tr data-vehicle="6">[\s\S]*?nicht mehr angeboten[\s\S]*?<button type="submit" form="unwatch-6"/);
  assert.match(list.body, /<form id="unwatch-6" method="post" action="\/market\/vehicle\/6\/unwatch">/);
  // Without the form's back field too (the vehicle page would be a 404 now).
  const r = await admin2.post('/market/vehicle/6/unwatch', { csrf: csrf(list.body) });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/watchlist?unwatched=1');
  const after = await admin2.get(r.location);
  assert.equal(after.status, 200);
  assert.match(after.body, /Das Fahrzeug wurde von der Merkliste genommen\./);
  assert.equal(n('SELECT count(*) FROM watch WHERE org_id = 2 AND vehicle_id = 6'), 0);
  // Still offered: from the watchlist back there; from the vehicle page to the vehicle page.
  const r2 = await admin2.post('/market/vehicle/12/unwatch', { csrf: csrf(list.body), back: 'watchlist' });
  assert.equal(r2.location, '/market/watchlist?unwatched=1');
  const r3 = await admin2.post('/market/vehicle/12/watch', { csrf: csrf(list.body) });
  assert.equal(r3.location, '/market/vehicle/12?watched=1');
  const r4 = await admin2.post('/market/vehicle/12/unwatch', { csrf: csrf(list.body) });
  assert.equal(r4.location, '/market/vehicle/12?unwatched=1');
});

test('bulk release: a portal per vehicle, "select all" without JavaScript, the count of selected', async () => {
  const admin = await login('ADMIN', 'admin', 1);
  let page = await admin.get('/market/mine/bulk?portal=0');
  assert.equal(page.status, 200);
  // Vehicle 4 (complete) has its portal choice, preset to the current portal; 2 (incomplete) none.
  assert.match(page.body, /<select name="portal_4" aria-label="Portal: Opel Zafira \(7 Sitze\)"><option value="0" selected>Hauptmarkt<\/option><option value="1">Regio-Markt<\/option><\/select>/);
  assert.doesNotMatch(page.body, /name="portal_2"/);
  assert.match(page.body, /<input type="checkbox" name="all" value="1" data-select-all="pick">/);
  assert.match(page.body, /Ausgewählt: <output data-count="pick">0<\/output>/);
  assert.match(page.body, /<script src="\/static\/js\/market\.js" defer><\/script>/);
  // Without terms: 422, the choices and the count kept.
  let r = await admin.post('/market/mine/bulk', { csrf: csrf(page.body), all: 1, portal_4: 1 });
  assert.equal(r.status, 422);
  assert.match(r.body, /<input type="checkbox" name="all" value="1" data-select-all="pick" checked>/);
  assert.match(r.body, /<option value="1" selected>Regio-Markt<\/option>/);
  assert.match(r.body, /Ausgewählt: <output data-count="pick">1<\/output>/);
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 4').portal, null);
  // A portal the organisation is not in is refused for that vehicle.
  r = await admin.post('/market/mine/bulk', { csrf: csrf(page.body), terms: 1, pick_4: 1, portal_4: 77 });
  assert.equal(r.status, 422);
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 4').portal, null);
  // "All" picks every complete row; each goes to its own portal (here: the mini-market, not the current main market).
  r = await admin.post('/market/mine/bulk', { csrf: csrf(page.body), terms: 1, all: 1, portal_4: 1 });
  assert.equal(r.status, 303, r.body.slice(0, 400));
  assert.equal(r.location, '/market/mine/bulk?released=1');
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 4').portal, 1);
  assert.equal(one('SELECT portal FROM offer WHERE vehicle_id = 2').portal, null);
});

test('one URL rule for offer links: what is saved is what the calendar shows', async () => {
  const admin = await login('ADMIN', 'admin', 1);
  const admin2 = await login('ADMIN2', 'admin2', 2);
  // The E-Auto (vehicle 3) is released in Link mode; its offer form keeps everything but the URL.
  const form = await admin.get('/market/mine/vehicle/3');
  assert.equal(form.status, 200);
  const fields = {
    csrf: csrf(form.body), address: 'Rathausplatz 2, 79098 Freiburg', lat: '47.996', lon: '7.8499', vclass: 'ecar',
    mode: 'link', conditions: 'Ladekarte liegt im Fahrzeug.',
  };
  const stored = () => one('SELECT link_url FROM offer WHERE vehicle_id = 3').link_url;
  const was = stored();
  // Accepted on save by the old rule, never shown by the calendar's: now refused on save.
  for (const bad of ['https:///demo.example/buchen', 'https://demo.example\\buchen', 'https://x'.padEnd(501, 'x')]) {
    const r = await admin.post('/market/mine/vehicle/3', { ...fields, link_url: bad });
    assert.equal(r.status, 422, bad);
    assert.equal(stored(), was, bad);
  }
  // Refused on save by the old rule (scheme in capitals), shown by the calendar's: now saved and shown.
  const url = 'HTTPS://Demo-Carsharing.example/buchen?fahrzeug=3';
  const r = await admin.post('/market/mine/vehicle/3', { ...fields, link_url: url });
  assert.equal(r.status, 303, r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]);
  assert.equal(stored(), url);
  // Zweite CSO subscribes it; its calendar links the master's booking site with exactly that URL.
  const sub = await admin2.get('/market/vehicle/3/subscribe');
  assert.equal(sub.status, 200);
  const s = await admin2.post('/market/vehicle/3/subscribe', { csrf: csrf(sub.body), name: 'E-Auto Link', area: 4, visible: 1, confirm: 1, rate: -1 });
  assert.equal(s.status, 303, s.body.slice(0, 300));
  const cal = await admin2.get('/calendar?area=4');
  assert.equal(cal.status, 200);
  assert.ok(cal.body.includes('href="HTTPS://Demo-Carsharing.example/buchen?fahrzeug=3"'), 'the saved link is shown');
});

test('distances and coordinates carry the decimal mark of the organisation\'s language', async () => {
  const admin2 = await login('ADMIN2', 'admin2', 2);
  let r = await admin2.get('/market/vehicle/12?portal=0');
  assert.equal(r.status, 200);
  assert.match(r.body, /\(49,00937; 8,40444\) – \d+,\d km/);
  srv.sql("UPDATE org SET lang = 'en' WHERE id = 2");
  try {
    const en = await login('ADMIN2', 'admin2', 2);
    r = await en.get('/market/vehicle/12?portal=0');
    assert.match(r.body, /\(49\.00937, 8\.40444\) – \d+\.\d km/);
  } finally {
    srv.sql("UPDATE org SET lang = 'de' WHERE id = 2");
  }
});
