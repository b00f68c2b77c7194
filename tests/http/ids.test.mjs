// Monotonic ids (migration 008): a deleted booking's number is never given to the next booking, and
// every id that the log, the booking file, invoices or the API show comes from an AUTOINCREMENT table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client as BaseClient } from './client.mjs';

class Client extends BaseClient {
  post(path, form = {}, opts = {}) {
    return super.post(path, form, { ...opts, headers: { Origin: null, ...(opts.headers ?? {}) } });
  }
}

const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23',
});
function day(days, hhmm) {
  const o = {};
  for (const p of FMT.formatToParts(new Date(Date.now() + days * 86400000))) o[p.type] = p.value;
  return `${o.year}-${o.month}-${o.day}T${hhmm}`;
}

let srv, c;
before(async () => {
  srv = await startServer({ demo: true });
  c = new Client(srv.base);
  assert.equal((await c.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  c.token = c.csrf((await c.get('/calendar')).body);
});
after(async () => { await srv?.stop(); });

async function book(start, end, purpose) {
  const r = await c.post('/calendar/booking/new', { csrf: c.token, vehicle: 4, start, end, purpose });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  return Number(r.location.match(/^\/calendar\/booking\/(\d+)\?created=1$/)[1]);
}

test('create, delete, create: the second booking gets a new number and the log tells them apart', async () => {
  const maxBefore = srv.sql('SELECT max(id) AS m FROM booking')[0].m;
  const first = await book(day(40, '09:00'), day(40, '10:00'), 'eins');
  assert.equal(first, maxBefore + 1);
  const d = await c.post(`/calendar/booking/${first}/delete`, { csrf: c.token });
  assert.equal(d.status, 303);
  assert.equal(srv.sql(`SELECT count(*) AS n FROM booking WHERE id = ${first}`)[0].n, 0);
  // The deleted booking was the newest row: without AUTOINCREMENT SQLite would hand out its id again.
  assert.equal(srv.sql('SELECT max(id) AS m FROM booking')[0].m, maxBefore);
  const second = await book(day(40, '09:00'), day(40, '10:00'), 'zwei');
  assert.equal(second, first + 1);
  const lines = srv.sql(`SELECT line FROM actionlog WHERE line LIKE '%: CREATE %' OR line LIKE '%: DELETE %' ORDER BY id`)
    .map((r) => r.line).slice(-3);
  assert.match(lines[0], new RegExp(` CREATE ${first} .*: eins$`));
  assert.match(lines[1], new RegExp(` DELETE ${first} .*: eins$`));
  assert.match(lines[2], new RegExp(` CREATE ${second} .*: zwei$`));
});

test('every table whose ids are shown anywhere is AUTOINCREMENT, with indexes and triggers kept', () => {
  const tables = ['org', 'member', 'area', 'tariff', 'vehicle', 'booking', 'booking_version', 'actionlog',
    'import_upload', 'billing', 'billing_export', 'billing_export_row', 'api_account', 'minimarket',
    'offer_event', 'subscription'];
  for (const t of tables) {
    const [row] = srv.sql(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = '${t}'`);
    assert.match(row.sql, /\bid\s+INTEGER PRIMARY KEY AUTOINCREMENT/, t);
  }
  const names = new Set(srv.sql(`SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger')`).map((r) => r.name));
  for (const n of ['booking_vehicle_time', 'booking_member', 'booking_org_time', 'booking_org_end', 'billing_reverses',
    'subscription_active', 'gen_booking_ins', 'gen_booking_upd', 'gen_booking_del', 'bil_booking_ins', 'bil_booking_upd',
    'bil_booking_del', 'bil_version_ins', 'gen_vehicle_del', 'gen_member_upd', 'gen_org_upd', 'gen_sub_ins'])
    assert.ok(names.has(n), n);
  // The data-generation trigger still fires on the rebuilt table, and foreign keys still point at it.
  const g0 = srv.sql('SELECT n FROM generation')[0].n;
  srv.sql(`UPDATE booking SET purpose = purpose WHERE id = (SELECT min(id) FROM booking)`);
  assert.equal(srv.sql('SELECT n FROM generation')[0].n, g0 + 1);
  assert.deepEqual(srv.sql('PRAGMA foreign_key_check'), []);
  assert.throws(() => srv.sql(`PRAGMA foreign_keys=ON; INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id,
    start, end, kind, replaced_at, replaced_by) VALUES (999999, 1, 1, 1, 0, 1, 'CHGSTO', 0, 1)`));
});
