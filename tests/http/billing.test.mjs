// Billing records end to end: bookings made, changed and cancelled in the web UI show up in the billing API with reversals and storno shares.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

const API = '/api/v1/billing/getBillings/usergroup/1/datalimit/10000';
const AUTH = 'Basic ' + Buffer.from('BILLING:billing').toString('base64');

let srv;
let admin;
before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
});
after(async () => { await srv?.stop(); });

// Local "YYYY-MM-DDTHH:MM" of a day offset from today (the date part in UTC is close enough for Berlin at 10:00).
function at(dayOffset, hh, mm = 0) {
  const d = new Date(Date.now() + dayOffset * 86400000);
  return `${d.toISOString().slice(0, 10)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

async function api(headers = {}) {
  const r = await new Client(srv.base).get(API, { headers: { Authorization: AUTH, ...headers } });
  assert.equal(r.status, 200);
  return [...r.body.matchAll(/<billing>(.*?)<\/billing>/gs)].map((m) => {
    const o = {};
    for (const f of m[1].matchAll(/<(\w+)>([^<]*)<\/\1>/g)) o[f[1]] = f[2];
    return o;
  });
}

test('a past booking is billed; changing it after retrieval adds a reversal, a new record and a CHGSTO', async () => {
  await api({ markAsRetrieved: 'true' }); // retrieve the demo records first
  // Renault Zoe: tariff "Elektro", 3.00 per hour, no km price; storno share 50 %.
  const r = await admin.submit('/calendar/booking/new', { vehicle: 3, member: 2, start: at(-4, 10), end: at(-4, 13), purpose: 'Abrechnungstest' });
  assert.equal(r.status, 303, r.body);
  const id = r.location.match(/booking\/(\d+)/)[1];
  let recs = (await api({ markAsRetrieved: 'true' })).filter((b) => b.assignmentId === id);
  assert.equal(recs.length, 1);
  assert.equal(recs[0].classification, 'normal');
  assert.equal(recs[0].price, '9.00');
  assert.equal(recs[0].teaser, 'Abrechnungstest');
  assert.equal(recs[0].userLogin, 'NEUMANN');
  assert.equal(recs[0].title, 'Renault Zoe');
  const first = recs[0].billingId;

  // Shortened to two hours: the retrieved record is not edited.
  const e = await admin.submit(`/calendar/booking/${id}/edit`, { vehicle: 3, member: 2, start: at(-4, 10), end: at(-4, 12), purpose: 'Abrechnungstest' });
  assert.equal(e.status, 303, e.body);
  recs = (await api()).filter((b) => b.assignmentId === id);
  const byKind = Object.fromEntries(recs.map((b) => [b.classification, b]));
  assert.deepEqual(recs.map((b) => b.classification).sort(), ['chgsto', 'normal', 'reversal']);
  assert.equal(byKind.reversal.price, '-9.00');
  assert.equal(byKind.reversal.subObjectId, first);
  assert.equal(byKind.normal.price, '6.00');
  assert.equal(byKind.chgsto.price, '1.50');   // one uncovered hour at 50 %
  for (const b of recs) assert.ok(BigInt(b.billingId) > BigInt(first));
  const [orig] = srv.sql(`SELECT price, billing_date IS NOT NULL AS retrieved FROM billing WHERE id = ${first}`);
  assert.deepEqual(orig, { price: 900, retrieved: 1 });
});

test('a STORNO is billed at the storno share as soon as it happens', async () => {
  // Vehicle 7 (Toyota Yaris, tariff "Klein", 2.50/h) at the next free slot the form offers: within the
  // 24 h cancellation period, so deleting it is a STORNO.
  const form = await admin.get(`/calendar/booking/new?vehicle=7`);
  assert.equal(form.status, 200);
  const startLocal = form.body.match(/name="start"[^>]*value="([^"]+)"/)?.[1];
  assert.ok(startLocal);
  const [y, mo, d, h, mi] = startLocal.split(/[-T:]/).map(Number);
  const endLocal = new Date(Date.UTC(y, mo - 1, d, h + 2, mi)).toISOString().slice(0, 16);
  const r = await admin.submit('/calendar/booking/new', { vehicle: 7, member: 3, start: startLocal, end: endLocal, purpose: 'storno test' });
  assert.equal(r.status, 303, `${startLocal} ${endLocal} ${r.body.slice(0, 300)}`);
  const id = r.location.match(/booking\/(\d+)/)[1];
  const del = await admin.submit(`/calendar/booking/${id}`, {}, { action: `/calendar/booking/${id}/delete` });
  assert.equal(del.status, 303);
  assert.match(del.location, /storno=1/);
  const recs = (await api()).filter((b) => b.assignmentId === id);
  assert.equal(recs.length, 1);
  assert.equal(recs[0].classification, 'storno');
  assert.equal(recs[0].price, '2.50');   // 2 h at 2.50 = 5.00, 50 %
});

test('the demo data has billing records of the past three months and trip data', async () => {
  const all = await api({ includeRetrievedBillingData: 'true' });
  const starts = all.map((b) => Number(b.startDate));
  assert.ok(Math.min(...starts) < Date.now() - 80 * 86400000);
  assert.ok(all.some((b) => b.classification === 'storno'));
  const [{ n }] = srv.sql('SELECT count(*) AS n FROM billing WHERE km > 0');
  assert.ok(n > 20);
  // The Fiat 500's latest booking lacks trip data, so it is not billed yet.
  const [{ missing }] = srv.sql(`SELECT count(*) AS missing FROM booking b WHERE vehicle_id = 2 AND status = 'active'
      AND end <= unixepoch('now') AND NOT EXISTS (SELECT 1 FROM trip WHERE booking_id = b.id)
      AND NOT EXISTS (SELECT 1 FROM billing WHERE booking_id = b.id)`);
  assert.ok(missing >= 1);
});

// Issue #16: a vehicle description of 27 emoji (within the 30-character limit, 108 bytes) once got
// cut inside a character on its way into the API's XML, and xmllint rejected the whole answer.
test('the billing API carries a 27-emoji vehicle description whole, as valid UTF-8 XML', async () => {
  const { execFileSync } = await import('node:child_process');
  const emoji = '🚗'.repeat(26) + '🛻';
  assert.equal([...emoji].length, 27);
  srv.sql(`UPDATE vehicle SET descr = '${emoji}' WHERE id = 3`);
  const r0 = await admin.submit('/calendar/booking/new', { vehicle: 3, member: 2, start: at(-3, 8), end: at(-3, 9), purpose: 'Emoji' });
  assert.equal(r0.status, 303, r0.body);
  const id = r0.location.match(/booking\/(\d+)/)[1];
  const r = await new Client(srv.base).get(API, { headers: { Authorization: AUTH } });
  assert.equal(r.status, 200);
  assert.ok(Buffer.from(r.body, 'utf8').equals(r.buffer), 'the answer is valid UTF-8');
  // xmllint reads the bytes as sent and must accept them.
  execFileSync('xmllint', ['--noout', '-'], { input: r.buffer, stdio: ['pipe', 'pipe', 'pipe'] });
  const rec = [...r.body.matchAll(/<billing>(.*?)<\/billing>/gs)].map((m) => m[1]).find((b) => b.includes(`<assignmentId>${id}</assignmentId>`));
  assert.ok(rec, 'the booking is billed');
  assert.ok(rec.includes(`<objectTypeName>${emoji}</objectTypeName>`), rec);
});
