// Real Chromium against the real nginx + FastCGI server: the marketplace as ADMIN2 (Zweite CSO) –
// market list and filters, a vehicle's detail view, put it on the watchlist, subscribe it from the
// watchlist's bulk form (local name + area, ticked, split rates confirmed), at desktop and phone sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/harness.mjs';
import { launchChromium, shooter, unlabelled, smallTargets, horizontalOverflow } from './browser.mjs';

const TZ = 'Europe/Berlin';

let srv;
let browser;
before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Page-wide horizontal overflow is a failure; small tap targets are reported (console) only.
async function checkPhone(page, where, problems, small) {
  const wide = await horizontalOverflow(page, 375);
  if (wide) problems.push(`${where}: ${wide}`);
  for (const s of await smallTargets(page, { main: true }))
    if (!s.startsWith('ok-via-label ')) small.push(`${where}: ${s}`);
}

// kind: 'desktop' | 'phone'; portal: the portal to switch to first (null: main market);
// vehicle: a released vehicle of another organisation in that portal that Zweite CSO neither watches
// nor subscribes (each viewport its own, they share the organisation); lname: its local name.
async function flow({ kind, viewport, mobile, portal, vehicle, lname }) {
  const context = await browser.newContext({
    viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1, locale: 'de-DE', timezoneId: TZ,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const shot = shooter(page, `market-${kind}`);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const phone = kind === 'phone';
  const problems = [];
  const small = [];
  const check = async (where) => { if (phone) await checkPhone(page, where, problems, small); };
  try {
    // ---- Sign in as ADMIN2, organisation chosen in the login select.
    await page.goto(`${srv.base}/login`);
    await page.selectOption('select#org', { label: 'Zweite CSO' });
    await page.fill('#login', 'ADMIN2');
    await page.fill('#password', 'admin2');
    await Promise.all([page.waitForURL((u) => !/\/login/.test(u.pathname)), page.click('form button[type=submit].primary')]);
    assert.match(await page.textContent('header .who'), /ADMIN2/);

    // ---- Market list: vehicles listed, every filter control labelled.
    assert.equal((await page.goto(`${srv.base}/market`)).status(), 200);
    assert.match(await page.textContent('h1'), /Marktfahrzeuge/);
    if (portal) {
      await page.selectOption('select#portal', { label: portal });
      await Promise.all([page.waitForURL(/portal=/), page.click('form.portal-switch button[type=submit]')]);
      assert.equal((await page.textContent('.portal-name')).trim(), portal);
    }
    const rows = await page.$$eval('table.market-vehicles tbody tr', (trs) => trs.map((tr) => tr.dataset.vehicle));
    assert.ok(rows.length > 0, 'the market lists vehicles');
    assert.ok(rows.includes(String(vehicle)), `vehicle ${vehicle} is listed (listed: ${rows.join(', ')})`);
    assert.deepEqual(await unlabelled(page, 'form.filters'), [], 'every filter control has a label');
    assert.deepEqual(await unlabelled(page), [], 'every control on the page has a label');
    await check('market list');
    await shot('market');

    // ---- Detail view.
    await Promise.all([page.waitForURL(new RegExp(`/market/vehicle/${vehicle}$`)),
      page.click(`table.market-vehicles tr[data-vehicle="${vehicle}"] td a`)]);
    assert.ok(await page.isVisible('dl.facts'));
    await check('vehicle detail');
    await shot('vehicle');

    // ---- Put it on the watchlist.
    await Promise.all([page.waitForURL(/\?watched=1$/), page.click(`form[action$="/vehicle/${vehicle}/watch"] button`)]);
    assert.match(await page.textContent('p.notice'), /Merkliste/);
    assert.ok(await page.isVisible(`form[action$="/vehicle/${vehicle}/unwatch"] button`));
    assert.equal(srv.sql(`SELECT count(*) AS n FROM watch WHERE org_id = 2 AND vehicle_id = ${vehicle}`)[0].n, 1);
    await check('watched');
    await shot('watched');

    // ---- Bulk subscribe from the watchlist: one row filled and ticked, split rates confirmed.
    await page.click('nav.subnav a[href$="/market/watchlist"]');
    await page.waitForURL(/\/market\/watchlist$/);
    const row = `table.watchlist tr[data-vehicle="${vehicle}"]`;
    assert.ok(await page.isVisible(row), 'the watched vehicle is on the watchlist');
    assert.deepEqual(await unlabelled(page), [], 'watchlist: every control has a label');
    await page.fill(`${row} input[name=name_${vehicle}]`, lname);
    await page.selectOption(`${row} select[name=area_${vehicle}]`, { label: 'Hauptbahnhof' });
    await page.check(`${row} input[name=pick_${vehicle}]`);
    await page.check('input[name=confirm]');
    await check('watchlist filled');
    await shot('watchlist-filled');

    await Promise.all([page.waitForURL(/\/market\/subscriptions\?subscribed=1$/), page.click('form button[type=submit].primary')]);
    assert.match(await page.textContent('p.notice'), /Abonniert/);
    const sub = await page.$$eval('table.subscriptions tbody tr', (trs, ln) =>
      trs.filter((tr) => tr.querySelector('td a')?.textContent.trim() === ln).length, lname);
    assert.equal(sub, 1, 'the new subscription is listed');
    await check('subscriptions');
    await shot('subscribed');

    const subs = srv.sql(`SELECT local_name, area_id, visible, split_rate FROM subscription
      WHERE org_id = 2 AND vehicle_id = ${vehicle} AND cancelled_at IS NULL`);
    assert.equal(subs.length, 1, 'one active subscription row');
    assert.equal(subs[0].local_name, lname);
    assert.equal(subs[0].area_id, 4);

    assert.deepEqual(pageErrors, [], 'no script errors');
    if (phone) {
      for (const s of small) console.log(`# phone tap target under 40 px: ${s}`);
      for (const p of problems) console.log(`# phone problem: ${p}`);
      assert.deepEqual(problems, [], 'no page-wide horizontal scroll at 375 px');
    }
  } finally {
    await context.close();
  }
}

test('desktop 1280x800: market, detail, watch, bulk subscribe from the watchlist', async () => {
  await flow({ kind: 'desktop', viewport: { width: 1280, height: 800 }, mobile: false,
    portal: null, vehicle: 3, lname: 'E-Auto Freiburg' });
});

test('phone 375x740: the same flow in the Regio-Markt, no page-wide horizontal scroll', async () => {
  await flow({ kind: 'phone', viewport: { width: 375, height: 740 }, mobile: true,
    portal: 'Regio-Markt', vehicle: 11, lname: 'Tesla Karlsruhe' });
});

test('bulk release in Chromium: "select all" ticks every complete row, the count follows, a portal per vehicle', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: TZ });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const shot = shooter(page, 'market-bulk');
  try {
    await page.goto(`${srv.base}/login`);
    await page.selectOption('select#org', { label: 'Demo-CarSharing' });
    await page.fill('#login', 'ADMIN');
    await page.fill('#password', 'admin');
    await Promise.all([page.waitForURL((u) => !/\/login/.test(u.pathname)), page.click('form button[type=submit].primary')]);
    srv.sql("UPDATE offer SET on_list = 1 WHERE vehicle_id = 4 AND portal IS NULL");
    assert.equal((await page.goto(`${srv.base}/market/mine/bulk?portal=0`)).status(), 200);
    const count = () => page.textContent('output[data-count="pick"]');
    assert.equal(await count(), '0');
    await page.check('input[name="pick_4"]');
    assert.equal(await count(), '1', 'ticking one row counts it');
    await page.uncheck('input[name="pick_4"]');
    assert.equal(await count(), '0');
    await page.check('input[data-select-all]');
    assert.equal(await page.isChecked('input[name="pick_4"]'), true, 'select all ticks the complete row');
    assert.equal(await page.isChecked('input[name="pick_2"]'), false, 'not the incomplete (disabled) one');
    assert.equal(await count(), '1');
    await page.selectOption('select[name="portal_4"]', { label: 'Regio-Markt' });
    assert.deepEqual(await unlabelled(page), [], 'every control labelled');
    await shot('selected');
    await page.check('input[name="terms"]');
    await Promise.all([page.waitForURL(/released=1/), page.click('form.form button[type=submit].primary')]);
    assert.equal(srv.sql('SELECT portal FROM offer WHERE vehicle_id = 4')[0].portal, 1);
    assert.deepEqual(pageErrors, [], 'no script errors');
  } finally {
    await context.close();
  }
});
