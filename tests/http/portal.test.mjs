// HTTP tests of the portal choice at sign-in (#16): administrators of organisations in mini-markets
// choose the portal they work in when they sign in, once per browser session; others go to the calendar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client } from './client.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { await srv?.stop(); });

test('an administrator of an organisation in a mini-market is asked for the portal first', async () => {
  const c = new Client(srv.base);
  const r = await c.login('ADMIN', 'admin', { org: 1 });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/market/portal');
  const page = await c.get('/market/portal');
  assert.equal(page.status, 200);
  assert.match(page.body, /<h1>Portal wählen<\/h1>/);
  assert.match(page.body, /href="\/market\/portal\?portal=0"[^>]*>Hauptmarkt</);
  assert.match(page.body, /href="\/market\/portal\?portal=1"[^>]*>Regio-Markt</);
  assert.match(page.body, /href="\/calendar">Weiter zum Kalender</);
  // Choosing sets the portal the market pages then show.
  const chosen = await c.get('/market/portal?portal=1');
  assert.equal(chosen.status, 200);
  assert.match(chosen.body, /class="portal-name" data-portal="1">Regio-Markt</);
  assert.equal(c.cookies.get('wb_portal'), '1');
  assert.match((await c.get('/market')).body, /data-portal="1"/);
  // Signing in again in the same browser session (the portal cookie is still there) keeps the choice
  // and goes to the calendar.
  const d = new Client(srv.base);
  d.cookies.set('wb_portal', '1');
  const again = await d.login('ADMIN', 'admin', { org: 1 });
  assert.equal(again.location, '/calendar');
});

test('members, and administrators of organisations in no mini-market, go to the calendar', async () => {
  assert.equal((await new Client(srv.base).login('NEUMANN', 'neumann', { org: 1 })).location, '/calendar');
  // Dritte CSO (4) leaves the mini-market: its administrator is no longer asked.
  srv.sql('DELETE FROM minimarket_org WHERE org_id = 4');
  assert.equal((await new Client(srv.base).login('ADMIN3', 'admin3', { org: 4 })).location, '/calendar');
  // A member cannot open the choice at all, nor choose a mini-market of another organisation.
  const m = new Client(srv.base);
  await m.login('NEUMANN', 'neumann', { org: 1 });
  assert.equal((await m.get('/market/portal')).status, 403);
  const a3 = new Client(srv.base);
  assert.equal((await a3.login('ADMIN2', 'admin2', { org: 2 })).location, '/market/portal');
  assert.equal((await a3.get('/market/portal?portal=999')).status, 404);
});
