// Trip data over HTTP: odometer readings of ended bookings, their rules, rights, and the admin's list of missing ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

async function as(login, password, org = 1) {
  const c = new Client(srv.base);
  assert.equal((await c.login(login, password, { org })).status, 303, `login ${login}`);
  return c;
}

// An ended booking of NEUMANN (member 2) made by the administrator, who may book in the past.
async function endedBooking(admin, daysAgo, vehicle) {
  const d = new Date(Date.now() - daysAgo * 86400000).toISOString().slice(0, 10);
  const r = await admin.submit('/calendar/booking/new', { vehicle, member: 2, start: `${d}T03:00`, end: `${d}T04:00`, purpose: 'Fahrt' });
  assert.equal(r.status, 303, r.body);
  return Number(r.headers.location.match(/booking\/(\d+)/)[1]);
}

const trip = (id) => srv.sql(`SELECT km_start, km_end FROM trip WHERE booking_id = ${id}`)[0];

test('the member enters the readings of an ended booking; the rules refuse impossible ones', async () => {
  const admin = await as('ADMIN', 'admin');
  const id = await endedBooking(admin, 2, 4);
  const c = await as('NEUMANN', 'neumann');
  const view = await c.get(`/calendar/booking/${id}`);
  assert.ok(view.body.includes(`href="/calendar/booking/${id}/trip"`), 'the view offers trip entry after the end');
  const form = await c.get(`/calendar/booking/${id}/trip`);
  assert.equal(form.status, 200);
  assert.match(form.body, /<label for="km_start">/);

  const last = srv.sql(`SELECT max(km_end) AS k FROM trip WHERE vehicle_id = 4`)[0].k ?? 0;
  let r = await c.submit(`/calendar/booking/${id}/trip`, { km_start: last + 100, km_end: last + 50 });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('darf nicht kleiner sein'), 'end below start');
  assert.ok(r.body.includes(`value="${last + 50}"`), 'input kept');
  assert.equal(trip(id), undefined, 'nothing written');
  r = await c.submit(`/calendar/booking/${id}/trip`, { km_start: 'viel', km_end: 5 });
  assert.equal(r.status, 422);
  assert.ok(r.body.includes('Bitte eine ganze Zahl eingeben.'));
  if (last > 0) {
    r = await c.submit(`/calendar/booking/${id}/trip`, { km_start: 0, km_end: last - 1 });
    assert.equal(r.status, 422);
    assert.ok(r.body.includes('unter dem letzten bekannten Kilometerstand'));
  }
  r = await c.submit(`/calendar/booking/${id}/trip`, { km_start: last, km_end: last + 42 });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `/calendar/booking/${id}?trip=1`);
  assert.deepEqual(trip(id), { km_start: last, km_end: last + 42 });
});

test('no trip data before the end, for others\' bookings, or without a CSRF token', async () => {
  const admin = await as('ADMIN', 'admin');
  const c = await as('NEUMANN', 'neumann');
  const future = new Date(Date.now() + 5 * 86400000).toISOString().slice(0, 10);
  const r = await c.submit('/calendar/booking/new', { vehicle: 1, start: `${future}T10:00`, end: `${future}T11:00` });
  const coming = Number(r.headers.location.match(/booking\/(\d+)/)[1]);
  assert.equal((await c.get(`/calendar/booking/${coming}/trip`)).status, 409);

  const id = await endedBooking(admin, 3, 4);
  const meier = await as('MEIER', 'demo');
  assert.equal((await meier.get(`/calendar/booking/${id}/trip`)).status, 403);
  const other = await as('ADMIN2', 'admin2', 2);
  assert.equal((await other.get(`/calendar/booking/${id}/trip`)).status, 404);
  const noToken = await c.post(`/calendar/booking/${id}/trip`, { km_start: 1, km_end: 2 });
  assert.equal(noToken.status, 403);
  assert.equal(trip(id), undefined);
  // The administrator may enter it for the member.
  const last = srv.sql(`SELECT max(km_end) AS k FROM trip WHERE vehicle_id = 4`)[0].k ?? 0;
  assert.equal((await admin.submit(`/calendar/booking/${id}/trip`, { km_start: last, km_end: last + 7 })).status, 303);
});

test('administrators see which ended bookings still lack trip data; members may not', async () => {
  const admin = await as('ADMIN', 'admin');
  const missing = srv.sql(`SELECT b.id FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN tariff t ON t.id = v.tariff_id
    LEFT JOIN trip ON trip.booking_id = b.id WHERE b.org_id = 1 AND b.status = 'active' AND b.end <= unixepoch()
    AND t.per_km > 0 AND trip.booking_id IS NULL`).map((x) => x.id);
  assert.ok(missing.length > 0, 'the demo data leaves at least one booking without trip data');
  const r = await admin.get('/calendar/trips/missing');
  assert.equal(r.status, 200);
  for (const id of missing.slice(0, 50)) assert.ok(r.body.includes(`/calendar/booking/${id}/trip"`), `booking ${id} listed`);
  const member = await as('NEUMANN', 'neumann');
  assert.equal((await member.get('/calendar/trips/missing')).status, 403);
});

test("#16: the list of bookings without trip data names a shared vehicle as the subscriber does (as the trip form)", async () => {
  // Zweite CSO subscribed the Demo-CarSharing's VW Golf (vehicle 1, km-priced) as "Golf Freiburg".
  assert.ok(srv.sql(`SELECT t.per_km FROM vehicle v JOIN tariff t ON t.id = v.tariff_id WHERE v.id = 1`)[0].per_km > 0);
  const admin2 = await as('ADMIN2', 'admin2', 2);
  const d = new Date(Date.now() - 3 * 86400000).toISOString().slice(0, 10);
  const r = await admin2.submit('/calendar/booking/new', { vehicle: 1, member: 8, start: `${d}T05:00`, end: `${d}T06:00`, purpose: 'Fahrt' });
  assert.equal(r.status, 303, r.body);
  const id = Number(r.headers.location.match(/booking\/(\d+)/)[1]);
  const form = await admin2.get(`/calendar/booking/${id}/trip`);
  assert.equal(form.status, 200);
  assert.ok(form.body.includes('Golf Freiburg'), 'the trip form shows the local name');
  const list = await admin2.get('/calendar/trips/missing');
  assert.equal(list.status, 200);
  const row = list.body.match(new RegExp(`<tr><td><a href="/calendar/booking/${id}/trip">${id}</a></td><td>([^<]*)</td>`));
  assert.ok(row, 'the booking is listed');
  assert.equal(row[1], 'Golf Freiburg');
  assert.ok(!list.body.includes('VW Golf'), "not the owner's name");
});
