// HTTP tests of #16's market defects: ending a subscription or withdrawing a release says beforehand how many
// future bookings of subscribers it affects and cancels them in the same transaction (log lines in both logs);
// bookings already begun or over, and the owner's own, stay.
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

  const before = lastLogId();
  const r = await admin2.post('/market/mine/vehicle/10/withdraw', { csrf: csrf(page.body) });
  assert.equal(r.status, 303);
  assert.equal(n(`SELECT count(*) FROM booking WHERE id = ${f}`), 0);
  assert.equal(n("SELECT count(*) FROM subscription WHERE id = 2 AND cancelled_at IS NULL"), 0);
  const logs = logsAfter(before);
  assert.ok(logs.some((l) => l.org_id === 4 && new RegExp(` ADMIN2: DELETE ${f} DACIA-OFFENBURG .*: Ausflug$`).test(l.line)), JSON.stringify(logs));
  assert.ok(logs.some((l) => l.org_id === 2 && new RegExp(` ADMIN2: DELETE ${f} .*: Ausflug$`).test(l.line)), JSON.stringify(logs));
  assert.match(logs.at(-1).line, /withdrawn from main market, subscriptions ended, 1 future booking of subscribers cancelled$/);
  assert.equal((await admin3.get(`/calendar/booking/${f}`)).status, 404);
});
