// Calendar feeds: a member's own bookings and an administrator's vehicle behind a secret token,
// parsed with python3-icalendar: folding and escaping, a DST day, cancelled bookings for 30 days,
// the window, 304 on revalidation, regenerate and revoke, and nothing the owner may not see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer } from './harness.mjs';
import { Client as BaseClient } from './client.mjs';

class Client extends BaseClient {
  post(p, form = {}, opts = {}) {
    return super.post(p, form, { ...opts, headers: { Origin: null, ...(opts.headers ?? {}) } });
  }
}

const PY = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
function parse(text) {
  const r = spawnSync(PY, [path.join(ROOT, 'tests/http/icsparse.py')], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const TZ = 'Europe/Berlin';
const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const parts = (t) => Object.fromEntries(FMT.formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
const input = (t) => { const p = parts(t); return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`; };
const nowS = () => Math.floor(Date.now() / 1000);
const q15 = (t) => t + ((900 - (t % 900)) % 900);

let srv, admin, neu, meier;
const one = (q) => srv.sql(q)[0];

async function signIn(login, pw, org = 1) {
  const c = new Client(srv.base);
  const r = await c.login(login, pw, { org });
  assert.equal(r.status, 303);
  c.token = c.csrf((await c.get('/calendar')).body);
  return c;
}

async function book(c, { start, hours = 2, purpose = '', member, vehicle = 1, startInput, endInput }) {
  const f = { csrf: c.token, vehicle, start: startInput ?? input(start), end: endInput ?? input(start + hours * 3600), purpose };
  if (member) f.member = member;
  const r = await c.post('/calendar/booking/new', f);
  assert.equal(r.status, 303, r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]);
  return Number(r.location.match(/booking\/(\d+)/)[1]);
}

// Enables (or regenerates) c's own feed; returns the path with the token.
async function enable(c, url = '/calendar/feed') {
  const r = await c.post(url, { csrf: c.token, action: 'enable' });
  assert.equal(r.status, 200);
  const m = r.body.match(/href="webcal:\/\/[^/"]+(\/calendar\/feed\.ics\?token=[0-9a-f]{64})"/);
  assert.ok(m, 'the webcal link is shown');
  return m[1].replace(/&amp;/g, '&');
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = await signIn('ADMIN', 'admin');
  neu = await signIn('NEUMANN', 'neumann');
  meier = await signIn('MEIER', 'demo');
});
after(async () => { await srv?.stop(); });

let feedPath;
const ids = {};

test('Meine Buchungen links to the feed page; enabling shows a webcal link once, the token is stored hashed', async () => {
  const mine = await neu.get('/calendar/mine');
  assert.match(mine.body, /href="\/calendar\/feed"/);
  const page = await neu.get('/calendar/feed');
  assert.match(page.body, /Kein Abo eingerichtet/);
  feedPath = await enable(neu);
  const token = feedPath.split('=')[1];
  assert.equal(one(`SELECT count(*) AS n FROM token WHERE kind = 'feed' AND member_id = 2`).n, 1);
  assert.equal(one(`SELECT count(*) AS n FROM token WHERE hex(hash) = upper('${token}')`).n, 0);
  const again = await neu.get('/calendar/feed');
  assert.ok(!again.body.includes(token), 'never shown again');
  assert.match(again.body, /Eingerichtet am/);
});

test('RFC 5545: awkward texts fold and escape correctly; only the member\'s own bookings; times with TZID', async () => {
  // 'ä' lands on the fold for some prefix length: try a range of them.
  const base = q15(nowS() + 50 * 86400);
  ids.awk = [];
  for (let i = 0; i < 6; i++) {
    const purpose = `${'x'.repeat(55 + i)}äöü Grüße, Kisten; Lampen \\ Möbel ${'€'.repeat(10)}`;
    ids.awk.push([await book(neu, { start: base + i * 3 * 3600, purpose }), purpose]);
  }
  ids.nl = await book(neu, { start: base + 30 * 3600 });
  srv.sql(`UPDATE booking SET purpose = 'Zeile eins' || char(10) || 'Zeile zwei; drei, vier' WHERE id = ${ids.nl}`);
  ids.other = await book(meier, { start: base + 40 * 3600 });
  const r = await new Client(srv.base).get(feedPath);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/calendar; charset=utf-8/);
  const cal = parse(r.body);
  assert.deepEqual(cal.problems, []);
  assert.equal(cal.name, 'Wagenbuch – NEUMANN');
  assert.equal(cal.method, '');
  assert.deepEqual(cal.timezones, ['Europe/Berlin']);
  for (const [id, purpose] of ids.awk) {
    const ev = cal.events.find((e) => e.uid.startsWith(`wagenbuch-booking-${id}-`));
    assert.ok(ev, `booking ${id} in the feed`);
    assert.equal(ev.description, purpose);
    assert.equal(ev.summary, 'VW Golf');
    assert.equal(ev.tzid, 'Europe/Berlin');
    const row = one(`SELECT start, end FROM booking WHERE id = ${id}`);
    assert.deepEqual([ev.start, ev.end], [row.start, row.end]);
    assert.equal(ev.status, 'CONFIRMED');
  }
  assert.ok(r.body.includes('Grüße\\, Kisten\\; Lampen \\\\ Möbel'), 'escaped on the wire');
  const nl = cal.events.find((e) => e.uid.startsWith(`wagenbuch-booking-${ids.nl}-`));
  assert.equal(nl.description, 'Zeile eins\nZeile zwei; drei, vier');
  assert.ok(!cal.events.some((e) => e.uid.startsWith(`wagenbuch-booking-${ids.other}-`)), 'not MEIER\'s booking');
  for (const e of cal.events) {
    const b = one(`SELECT member_id FROM booking WHERE id = ${e.uid.match(/booking-(\d+)-/)[1]}`);
    assert.equal(b.member_id, 2);
  }
  // UID and DTSTAMP are stable between fetches.
  const again = parse((await new Client(srv.base).get(feedPath)).body);
  assert.deepEqual(again.events.map((e) => [e.uid, e.dtstamp]), cal.events.map((e) => [e.uid, e.dtstamp]));
});

test('a DST day: a booking across the spring change keeps its true length (01:00 CET to 04:00 CEST is 2 hours)', async () => {
  // The next last Sunday of March within the window.
  const y = new Date().getUTCFullYear() + (new Date().getUTCMonth() >= 2 ? 1 : 0);
  const d = new Date(Date.UTC(y, 2, 31));
  while (d.getUTCDay() !== 0) d.setUTCDate(d.getUTCDate() - 1);
  const day = d.toISOString().slice(0, 10);
  const id = await book(neu, { startInput: `${day}T01:00`, endInput: `${day}T04:00` });
  const cal = parse((await new Client(srv.base).get(feedPath)).body);
  const ev = cal.events.find((e) => e.uid.startsWith(`wagenbuch-booking-${id}-`));
  assert.ok(ev);
  assert.equal(ev.start, Date.parse(`${day}T00:00:00Z`) / 1000);
  assert.equal(ev.end, Date.parse(`${day}T02:00:00Z`) / 1000);
  assert.equal(ev.end - ev.start, 7200);
});

test('ETag and Last-Modified: 304 on revalidation, 200 with a new ETag after a change', async () => {
  const c = new Client(srv.base);
  const r1 = await c.get(feedPath);
  assert.equal(r1.status, 200);
  const etag = r1.headers.etag, lm = r1.headers['last-modified'];
  assert.ok(etag && lm);
  assert.equal((await c.get(feedPath, { headers: { 'If-None-Match': etag } })).status, 304);
  assert.equal((await c.get(feedPath, { headers: { 'If-Modified-Since': lm } })).status, 304);
  assert.equal((await c.get(feedPath, { headers: { 'If-None-Match': '"other"' } })).status, 200);
  await book(neu, { start: q15(nowS() + 90 * 86400) });
  const r2 = await c.get(feedPath, { headers: { 'If-None-Match': etag } });
  assert.equal(r2.status, 200);
  assert.notEqual(r2.headers.etag, etag);
});

test('cancelled bookings stay as STATUS:CANCELLED with a higher SEQUENCE for 30 days, then vanish; the window is 90/365 days', async () => {
  const [id] = ids.awk[0];
  const before = parse((await new Client(srv.base).get(feedPath)).body).events.find((e) => e.uid.startsWith(`wagenbuch-booking-${id}-`));
  const del = await neu.post(`/calendar/booking/${id}/delete`, { csrf: neu.token });
  assert.equal(del.status, 303);
  let cal = parse((await new Client(srv.base).get(feedPath)).body);
  let ev = cal.events.find((e) => e.uid === before.uid);
  assert.ok(ev, 'still in the feed');
  assert.equal(ev.status, 'CANCELLED');
  assert.ok(ev.sequence > before.sequence);
  // A STORNO (within the cancellation period) stays as the booking's own row, cancelled.
  const st = await book(neu, { start: q15(nowS() + 200 * 86400) });
  const soon = q15(nowS() + 5 * 3600);
  srv.sql(`UPDATE booking SET start = ${soon}, end = ${soon + 1800} WHERE id = ${st}`);
  assert.equal((await neu.post(`/calendar/booking/${st}/delete`, { csrf: neu.token })).status, 303);
  assert.equal(one(`SELECT status FROM booking WHERE id = ${st}`).status, 'storno');
  cal = parse((await new Client(srv.base).get(feedPath)).body);
  const sev = cal.events.find((e) => e.uid.startsWith(`wagenbuch-booking-${st}-`));
  assert.ok(sev);
  assert.equal(sev.status, 'CANCELLED');
  assert.equal(sev.sequence, 1);
  srv.sql(`UPDATE booking SET changed_at = unixepoch() - 31 * 86400 WHERE id = ${st}`);
  cal = parse((await new Client(srv.base).get(feedPath)).body);
  assert.ok(!cal.events.some((e) => e.uid.startsWith(`wagenbuch-booking-${st}-`)), 'a STORNO leaves after 30 days too');
  srv.sql(`UPDATE booking_ics SET cancelled_at = unixepoch() - 31 * 86400 WHERE booking_id = ${id}`);
  cal = parse((await new Client(srv.base).get(feedPath)).body);
  assert.ok(!cal.events.some((e) => e.uid === before.uid), 'gone after 30 days');
  // The window: ended 80 days ago is in, 100 days ago is out, 400 days ahead is out.
  const t = nowS();
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at) VALUES
    (1, 2, 2, ${t - 80 * 86400}, ${t - 80 * 86400 + 3600}, 'vor 80 Tagen', 'active', 2, ${t - 90 * 86400}, ${t - 90 * 86400}),
    (1, 2, 2, ${t - 100 * 86400}, ${t - 100 * 86400 + 3600}, 'vor 100 Tagen', 'active', 2, ${t - 110 * 86400}, ${t - 110 * 86400}),
    (1, 2, 2, ${t + 400 * 86400}, ${t + 400 * 86400 + 3600}, 'in 400 Tagen', 'active', 2, ${t}, ${t})`);
  cal = parse((await new Client(srv.base).get(feedPath)).body);
  const descr = cal.events.map((e) => e.description);
  assert.ok(descr.includes('vor 80 Tagen'));
  assert.ok(!descr.includes('vor 100 Tagen'));
  assert.ok(!descr.includes('in 400 Tagen'));
});

test('vehicle feeds are for administrators of the vehicle\'s organisation and name the members', async () => {
  const vpath = await enable(admin, '/calendar/feed/vehicle/1');
  const cal = parse((await new Client(srv.base).get(vpath)).body);
  assert.deepEqual(cal.problems, []);
  assert.equal(cal.name, 'Wagenbuch – VW Golf');
  const other = cal.events.find((e) => e.uid.startsWith(`wagenbuch-booking-${ids.other}-`));
  assert.ok(other);
  assert.equal(other.summary, 'MEIER');
  for (const e of cal.events) {
    const id = e.uid.match(/booking-(\d+)-/)[1];
    const b = srv.sql(`SELECT vehicle_id FROM booking WHERE id = ${id}`)[0];
    if (b) assert.equal(b.vehicle_id, 1);
  }
  assert.equal((await neu.post('/calendar/feed/vehicle/1', { csrf: neu.token, action: 'enable' })).status, 403);
  const admin2 = await signIn('ADMIN2', 'admin2', 2);
  assert.equal((await admin2.post('/calendar/feed/vehicle/1', { csrf: admin2.token, action: 'enable' })).status, 404);
  // An administrator who is no longer one: the vehicle feed stops.
  srv.sql('UPDATE member SET is_admin = 0 WHERE id = 1');
  assert.equal((await new Client(srv.base).get(vpath)).status, 404);
  srv.sql('UPDATE member SET is_admin = 1 WHERE id = 1');
  assert.equal((await new Client(srv.base).get(vpath)).status, 200);
  const rv = await admin.post('/calendar/feed/vehicle/1', { csrf: admin.token, action: 'revoke' });
  assert.equal(rv.status, 200);
  assert.equal((await new Client(srv.base).get(vpath)).status, 404);
});

test('regenerate and revoke: the old address is 404 at once; a locked member\'s feed is 404; bad tokens 404', async () => {
  const old = feedPath;
  feedPath = await enable(neu);
  assert.notEqual(feedPath, old);
  assert.equal((await new Client(srv.base).get(old)).status, 404);
  assert.equal((await new Client(srv.base).get(feedPath)).status, 200);
  srv.sql('UPDATE member SET locked = 1 WHERE id = 2');
  assert.equal((await new Client(srv.base).get(feedPath)).status, 404);
  srv.sql('UPDATE member SET locked = 0 WHERE id = 2');
  const rv = await neu.post('/calendar/feed', { csrf: neu.token, action: 'revoke' });
  assert.equal(rv.status, 200);
  assert.match(rv.body, /Das Abo ist beendet/);
  assert.equal((await new Client(srv.base).get(feedPath)).status, 404);
  assert.equal((await new Client(srv.base).get('/calendar/feed.ics')).status, 404);
  assert.equal((await new Client(srv.base).get('/calendar/feed.ics?token=abc')).status, 404);
  assert.equal((await neu.post('/calendar/feed', { csrf: neu.token, action: 'steal' })).status, 422);
  assert.equal((await new Client(srv.base).post('/calendar/feed', { action: 'enable' })).status, 403);
});
