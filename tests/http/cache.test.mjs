// The calendar's render cache and ETag: revalidation gets 304, any change shows at once, and no user ever gets another's header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

let srv;
before(async () => { srv = await startServer({ workers: 1 }); });
after(async () => { await srv?.stop(); });

async function as(login, password, org = 1) {
  const c = new Client(srv.base);
  const r = await c.login(login, password, { org });
  assert.equal(r.status, 303, `login ${login}`);
  return c;
}

// A date two weeks ahead, so the bookings made here are in the future.
function ahead(days) {
  const d = new Date(Date.now() + days * 86400000);
  return d.toISOString().slice(0, 10);
}

test('revalidation with the ETag gets 304 until the data changes', async () => {
  const c = await as('NEUMANN', 'neumann');
  const url = `/calendar?area=1&date=${ahead(14)}&view=week`;
  const first = await c.get(url);
  assert.equal(first.status, 200);
  const etag = first.headers.etag;
  assert.match(etag, /^"c\d+-[0-9a-f]{16}"$/);
  assert.equal(first.headers['cache-control'], 'private, no-cache');
  const again = await c.get(url);
  assert.equal(again.body, first.body, 'a cached render is byte for byte the same');
  const revalidated = await c.get(url, { headers: { 'If-None-Match': etag } });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.body, '');

  // A booking by someone else in the shown week changes the page, its tag and the cached grid.
  const admin = await as('ADMIN', 'admin');
  const r = await admin.submit('/calendar/booking/new', {
    vehicle: 2, start: `${ahead(14)}T09:00`, end: `${ahead(14)}T10:00`, purpose: 'Cachetest',
  });
  assert.equal(r.status, 303);
  const after = await c.get(url, { headers: { 'If-None-Match': etag } });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.etag, etag);
  assert.ok(after.body.includes('Cachetest'), 'the new booking is in the grid');
});

test('the cached grid is shared, the header stays each user\'s own', async () => {
  const a = await as('NEUMANN', 'neumann');
  const b = await as('MEIER', 'demo');
  const url = `/calendar?area=1&date=${ahead(21)}&view=week`;
  const ra = await a.get(url);
  const rb = await b.get(url);
  assert.equal(ra.status, 200);
  assert.equal(rb.status, 200);
  assert.ok(ra.body.includes('<span class="login">NEUMANN</span>'));
  assert.ok(rb.body.includes('<span class="login">MEIER</span>'));
  assert.ok(!rb.body.includes('NEUMANN</span>'), 'no trace of the first user in the second page header');
  assert.notEqual(a.csrf(ra.body), b.csrf(rb.body));
  assert.equal(b.csrf(rb.body), srv.sql("SELECT s.csrf FROM session s JOIN member m ON m.id = s.member_id WHERE m.login = 'MEIER'")[0].csrf);
  assert.notEqual(ra.headers.etag, rb.headers.etag, 'tags differ per session');
  const grid = (html) => html.slice(html.indexOf('<section class="calendar">'));
  assert.equal(grid(ra.body), grid(rb.body), 'members of one organisation share the grid');
});

test('administrators and another organisation never get a member\'s cached grid', async () => {
  const m = await as('NEUMANN', 'neumann');
  const url = '/calendar?area=3&view=week';
  assert.equal((await m.get(url)).status, 404, 'hidden area for members');
  const admin = await as('ADMIN', 'admin');
  const ra = await admin.get(url);
  assert.equal(ra.status, 200, 'administrators may open the hidden area');
  assert.equal((await m.get(url)).status, 404, 'still 404 for the member after the admin filled the cache');
  const other = await as('ADMIN2', 'admin2', 2);
  assert.equal((await other.get(url)).status, 404, 'another organisation gets 404');
});
