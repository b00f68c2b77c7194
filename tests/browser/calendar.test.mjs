// Real Chromium against the real nginx + FastCGI server: sign in, book from a free slot, conflict, edit, delete, sign out, at desktop and phone sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../http/harness.mjs';
import { SHOTS, launchChromium, shooter, unlabelled, smallTargets, horizontalOverflow } from './browser.mjs';

const TZ = 'Europe/Berlin'; // the demo organisations' zone

// Local date "YYYY-MM-DD" in the organisation's zone, `days` from now.
function localDate(days) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + days * 86400e3));
}

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

// Collects layout and tap-target findings on the current page (phone only).
async function checkPhone(page, where, problems) {
  const wide = await horizontalOverflow(page, 375, '.grid-scroll');  // the grid scrolls on its own
  if (wide) problems.push(`${where}: ${wide}`);
  for (const s of await smallTargets(page)) {
    if (s.startsWith('ok-via-label ')) console.log(`# ${where}: ${s}`);
    else problems.push(`${where}: tap target ${s}`);
  }
}

// With the grid scrolled sideways, the sticky vehicle names must stay readable: nothing of the
// track (bookings, free slots) may be painted over them. Returns findings.
async function coveredNames(page) {
  return page.evaluate(() => {
    const out = [];
    const sc = document.querySelector('.grid-scroll');
    if (!sc || sc.scrollLeft === 0) return out;
    for (const vn of document.querySelectorAll('.grow:not(.ghead) .vn')) {
      const r = vn.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) continue;
      for (const x of [r.left + 6, r.left + r.width / 2, r.right - 6]) {
        const el = document.elementFromPoint(x, r.top + r.height / 2);
        if (el && !el.closest('.vn')) {
          out.push(`vehicle name "${vn.firstChild?.textContent?.trim()}" covered by ${el.tagName.toLowerCase()}.` +
            `${String(el.className).trim().replace(/\s+/g, '.')} (grid scrolled by ${sc.scrollLeft} px)`);
          break;
        }
      }
    }
    return out;
  });
}

// The whole booking flow in one viewport. vehicle: a demo vehicle id in area 1 with no booking
// on `days` (so the two viewports never collide); kind: 'desktop' or 'phone'.
async function flow({ kind, viewport, mobile, vehicle, days }) {
  const context = await browser.newContext({
    viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1, locale: 'de-DE', timezoneId: TZ,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const shot = shooter(page, kind);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const phone = kind === 'phone';
  const problems = [];
  const date = localDate(days);
  const purpose = `Browsertest ${kind} Einkauf`;
  try {
    // ---- Sign in.
    await page.goto(`${srv.base}/login`);
    assert.equal(await page.title(), 'Anmelden – Wagenbuch');
    assert.deepEqual(await unlabelled(page), [], 'login form: every input/select has a label');
    if (phone) await checkPhone(page, 'login', problems);
    await shot('login');
    await page.selectOption('select#org', { label: 'Demo-CarSharing' });
    await page.fill('#login', 'NEUMANN');
    await page.fill('#password', 'neumann');
    await Promise.all([page.waitForURL(/\/calendar$/), page.click('form button[type=submit].primary')]);
    assert.match(await page.textContent('header .who'), /NEUMANN/);

    // ---- The calendar of area 1 in the week of the target date.
    await page.goto(`${srv.base}/calendar?area=1&date=${date}`);
    await page.waitForSelector('.grid-scroll .grid');
    if (phone) await checkPhone(page, 'calendar', problems);
    await shot('calendar');

    // ---- Click the free slot of the vehicle on the target date.
    const free = page.locator(`.grow[data-vehicle="${vehicle}"] a.free[href*="start=${date}T"]`);
    assert.equal(await free.count(), 1, `one free-slot link for vehicle ${vehicle} on ${date}`);
    await free.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(/\/calendar\/booking\/new\?/), free.click()]);
    assert.equal(await page.inputValue('select#vehicle'), String(vehicle), 'the form has the clicked vehicle');
    assert.match(await page.inputValue('#start'), new RegExp(`^${date}T`), 'the form has the clicked day');
    assert.deepEqual(await unlabelled(page), [], 'booking form: every input/select has a label');
    if (phone) await checkPhone(page, 'booking form', problems);
    await page.fill('#start', `${date}T18:00`);
    await page.fill('#end', `${date}T20:00`);
    await page.fill('#purpose', purpose);
    await shot('form');
    await Promise.all([page.waitForURL(/\/calendar\/booking\/\d+\?created=1$/), page.click('form.form button[type=submit]')]);
    const id = Number(page.url().match(/booking\/(\d+)\?/)[1]);
    assert.match(await page.textContent('.notice'), /angelegt/);
    assert.match(await page.textContent('.details'), new RegExp(purpose));
    if (phone) await checkPhone(page, 'booking view', problems);
    await shot('booked');
    const [row] = srv.sql(`SELECT vehicle_id, member_id, purpose, status FROM booking WHERE id = ${id}`);
    assert.deepEqual(row, { vehicle_id: vehicle, member_id: 2, purpose, status: 'active' });

    // ---- The booking in the grid, with its details (shown on hover, focus and tap).
    await page.goto(`${srv.base}/calendar?area=1&date=${date}`);
    const bk = page.locator(`.grow[data-vehicle="${vehicle}"] a.bk[data-booking="${id}"]`);
    assert.equal(await bk.count(), 1, 'the new booking is in its vehicle row');
    const title = await bk.locator('.pop').textContent();
    assert.ok(title.includes(purpose), `tooltip "${title}" names the purpose`);
    assert.match(title, /NEUMANN/);
    assert.match(title, /18:00/);
    // Own bookings are marked (class "own", or the per-user style rule of the cached grid): same green.
    assert.equal(await bk.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(213, 240, 220)', 'own booking is marked');
    await bk.scrollIntoViewIfNeeded();
    if (phone) for (const c of await coveredNames(page)) problems.push(`calendar: ${c}`);
    await bk.hover();
    await shot('grid');

    // ---- An overlapping booking: 409 with the conflict message.
    await page.goto(`${srv.base}/calendar/booking/new?vehicle=${vehicle}&start=${date}T08:00`);
    await page.fill('#start', `${date}T19:00`);
    await page.fill('#end', `${date}T21:00`);
    await page.fill('#purpose', 'Ueberschneidung');
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/calendar/booking/new')),
      page.click('form.form button[type=submit]'),
    ]);
    assert.equal(resp.status(), 409);
    await page.waitForSelector('.conflict');
    const conflict = await page.textContent('.conflict');
    assert.match(conflict, /schon gebucht/);
    assert.match(conflict, /18:00/);
    assert.match(conflict, /20:00/);
    assert.equal(await page.inputValue('#purpose'), 'Ueberschneidung', 'the form keeps the input');
    if (phone) await checkPhone(page, 'conflict', problems);
    await shot('conflict');
    assert.equal(srv.sql(`SELECT count(*) AS n FROM booking WHERE vehicle_id = ${vehicle} AND purpose = 'Ueberschneidung'`)[0].n, 0);

    // ---- Open the booking and edit it.
    await page.goto(`${srv.base}/calendar/booking/${id}`);
    await Promise.all([page.waitForURL(/\/edit$/), page.click('.actions a.btn.primary')]);
    assert.equal(await page.inputValue('#purpose'), purpose);
    assert.equal(await page.inputValue('#end'), `${date}T20:00`);
    await page.fill('#end', `${date}T21:30`);
    await page.fill('#purpose', `${purpose} geändert`);
    if (phone) await checkPhone(page, 'edit form', problems);
    await shot('edit');
    await Promise.all([page.waitForURL(/\/calendar\/booking\/\d+\?changed=1$/), page.click('form.form button[type=submit]')]);
    const details = await page.textContent('.details');
    assert.match(details, /geändert/);
    assert.match(details, /21:30/);
    await shot('changed');
    const [changed] = srv.sql(`SELECT purpose, status FROM booking WHERE vehicle_id = ${vehicle} AND status = 'active' AND purpose LIKE 'Browsertest%'`);
    assert.equal(changed.purpose, `${purpose} geändert`);

    // ---- Delete it, accepting the confirm() dialog.
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    const newId = Number(page.url().match(/booking\/(\d+)\?/)[1]);
    await Promise.all([page.waitForURL(/\/calendar\/mine\?(deleted|storno)=1$/), page.click('button.danger')]);
    assert.equal(dialogs.length, 1, 'delete asks for confirmation');
    assert.match(dialogs[0], /wirklich/i);
    assert.match(await page.textContent('.notice'), /gelöscht|storniert/);
    if (phone) await checkPhone(page, 'mine', problems);
    await shot('deleted');
    // A deletion removes the row or marks it; either way it is no longer active.
    assert.equal(srv.sql(`SELECT count(*) AS n FROM booking WHERE id = ${newId} AND status = 'active'`)[0].n, 0);
    await page.goto(`${srv.base}/calendar?area=1&date=${date}`);
    assert.equal(await page.locator(`a.bk[data-booking="${newId}"]`).count(), 0, 'gone from the grid');

    // ---- Sign out.
    await Promise.all([page.waitForURL(/\/login$/), page.click('form.logout button')]);
    await shot('signed-out');
    await page.goto(`${srv.base}/calendar`);
    assert.match(page.url(), /\/login/, 'signed out: the calendar asks for a login');

    assert.deepEqual(pageErrors, [], 'no script errors');
    if (phone) {
      for (const p of problems) console.log(`# phone problem: ${p}`);
      assert.deepEqual(problems, [], 'phone layout and tap targets');
    }
  } finally {
    await context.close();
  }
}

test('desktop 1280x800: book from a free slot, conflict, edit, delete, sign out', async () => {
  await flow({ kind: 'desktop', viewport: { width: 1280, height: 800 }, mobile: false, vehicle: 2, days: 3 });
});

test('phone 375x740: the same flow, no page-wide horizontal scroll, tap targets >= 40 px', async () => {
  await flow({ kind: 'phone', viewport: { width: 375, height: 740 }, mobile: true, vehicle: 4, days: 5 });
});

test('keyboard only: sign in with Tab, typing and Enter', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  try {
    await page.goto(`${srv.base}/login`);
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}#${a.id || ''}` : '';
    });
    // Tab from the top of the page to the organisation select.
    let steps = 0;
    while ((await focused()) !== 'select#org' && steps++ < 10) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'select#org', 'the organisation select is reachable by Tab');
    await page.keyboard.type('Demo'); // type-ahead selects the option
    assert.equal(await page.inputValue('select#org'), '1');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'input#login');
    await page.keyboard.type('neumann');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'input#password');
    await page.keyboard.type('neumann');
    await page.screenshot({ path: path.join(SHOTS, 'keyboard-01-login.png') });
    await Promise.all([page.waitForURL(/\/calendar$/), page.keyboard.press('Enter')]);
    assert.match(await page.textContent('header .who'), /NEUMANN/);
    // The calendar's free slots and the booking form are reachable by keyboard too.
    steps = 0;
    while (!(await page.evaluate(() => document.activeElement?.classList.contains('free'))) && steps++ < 40) {
      await page.keyboard.press('Tab');
    }
    assert.ok(steps <= 40, 'a free slot is reachable by Tab');
    await Promise.all([page.waitForURL(/\/booking\/new\?/), page.keyboard.press('Enter')]);
    assert.deepEqual(await unlabelled(page), []);
    await page.screenshot({ path: path.join(SHOTS, 'keyboard-02-form.png') });
  } finally {
    await context.close();
  }
});
