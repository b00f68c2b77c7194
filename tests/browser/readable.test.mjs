// The calendar read at a glance, in real Chromium at desktop and phone sizes: hour marks where the hours are, today and the current-time line, times in wide blocks, details on keyboard focus and tap, the visible Buchen action and the legend (issue 16).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/harness.mjs';
import path from 'node:path';
import { SHOTS, launchChromium, shooter } from './browser.mjs';

const TZ = 'Europe/Berlin'; // the demo organisations' zone

// Local date "YYYY-MM-DD" in the organisation's zone, `days` from now.
function localDate(days) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + days * 86400e3));
}

// Now in the organisation's zone: weekday 1 (Mon) .. 7 and minutes since midnight.
function localNow() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { wd, min: Number(parts.hour) * 60 + Number(parts.minute) };
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

// Where el's left edge sits in its track, as a fraction of the track's width.
async function fraction(locator) {
  return locator.evaluate((el) => {
    const t = el.closest('.track').getBoundingClientRect();
    return (el.getBoundingClientRect().left - t.left) / t.width;
  });
}

// "HH:MM" of a stored instant in the organisation's zone.
function hhmm(t) {
  return new Intl.DateTimeFormat('de-DE', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t * 1000));
}

// The bar times of the demo booking with this purpose: "HH:MM–HH:MM".
function span(purpose) {
  const [b] = srv.sql(`SELECT start, end FROM booking WHERE purpose = '${purpose}'`);
  return `${hhmm(b.start)}–${hhmm(b.end)}`;
}

async function signIn(page, org = 'Demo-CarSharing', login = 'NEUMANN', password = 'neumann') {
  await page.goto(`${srv.base}/login`);
  await page.selectOption('select#org', { label: org });
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/calendar$/), page.click('form button[type=submit].primary')]);
}

async function readable({ kind, viewport, mobile }) {
  const context = await browser.newContext({
    viewport, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: mobile ? 2 : 1, locale: 'de-DE', timezoneId: TZ,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const shot = shooter(page, `readable-${kind}`);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    await signIn(page);

    // ---- Week of today: 06/12/18 marks inside every day, at 6-hour steps of the track.
    await page.goto(`${srv.base}/calendar?area=1&view=week`);
    const marks = page.locator('.ghead .hm');
    assert.equal(await marks.count(), 21, 'three hour marks in each of the 7 days');
    for (let d = 0; d < 7; d++) {
      for (let k = 1; k < 4; k++) {
        const m = marks.nth(d * 3 + k - 1);
        assert.equal(await m.getAttribute('data-hour'), String(k * 6).padStart(2, '0'));
        assert.equal((await m.textContent()).trim(), String(k * 6).padStart(2, '0'));
        const f = await fraction(m);
        const want = (d * 24 + k * 6) / 168;
        assert.ok(Math.abs(f - want) < 0.002, `mark ${d}/${k * 6}h at ${f.toFixed(4)} of the track, want ${want.toFixed(4)}`);
      }
    }
    // Today's column head is marked, and it is the column of today's weekday.
    const { wd, min } = localNow();
    const today = page.locator('.ghead .col[aria-current="date"]');
    assert.equal(await today.count(), 1, 'one column is today');
    assert.ok(Math.abs((await fraction(today)) - (wd - 1) / 7) < 0.002, 'today is the column of the weekday');
    assert.match(await today.getAttribute('class'), /\btoday\b/);
    // The current-time line in the head and in every row, at now (within the grid's cache slot
    // of 30 minutes and the quarter hour the line is drawn to).
    const rows = await page.locator('.grow:not(.ghead)').count();
    assert.ok(rows >= 4);
    assert.equal(await page.locator('.grid .now').count(), rows + 1, 'the now line crosses the head and every row');
    const nf = await fraction(page.locator('.ghead .now'));
    const nowWant = ((wd - 1) * 1440 + min) / 10080;
    assert.ok(nf <= nowWant + 0.0002 && nowWant - nf < 46 / 10080, `now line at ${nf.toFixed(4)}, now is ${nowWant.toFixed(4)}`);
    assert.equal(await page.locator('.grow:not(.ghead) .tday').count(), rows, 'today shaded in every row');

    // ---- The day view of today marks the current hour and draws the line in it.
    await page.goto(`${srv.base}/calendar?area=1&view=day`);
    const hour = page.locator('.ghead .col[aria-current="time"]');
    assert.equal(await hour.count(), 1, 'the current hour is marked');
    const h = Number((await hour.textContent()).trim());
    const hNow = Math.floor(localNow().min / 60);
    assert.ok(h === hNow || h === (hNow + 23) % 24, `marked hour ${h}, now ${hNow}`);
    const dn = await fraction(page.locator('.ghead .now'));
    assert.ok(dn > h / 24 - 0.002 && dn < (h + 1) / 24, `day view now line at ${dn.toFixed(4)} inside hour ${h}`);
    await page.goto(`${srv.base}/calendar?area=1&view=week`);

    // ---- The legend names every colour and symbol.
    const legend = page.locator('section.legend');
    assert.equal(await legend.locator('h2').textContent(), 'Legende');
    const items = (await legend.locator('li').allTextContents()).map((t) => t.trim()).join(' | ');
    for (const w of ['eigene Buchung', 'anderer Teilnehmer', 'anderen Organisation', 'frei', 'nicht buchbar',
      'storniert', 'geteiltes Fahrzeug', 'Link-Modus', 'jetzt']) assert.ok(items.includes(w), `legend names "${w}": ${items}`);
    await legend.scrollIntoViewIfNeeded();
    await shot('week-today');

    // ---- A wide block shows its times: Renault Zoe (3) "Wochenende" in 5 days, for 28 hours.
    const d5 = localDate(5);
    await page.goto(`${srv.base}/calendar?area=1&view=week&date=${d5}`);
    const wide = page.locator('.grow[data-vehicle="3"] .bk', { hasText: 'Wochenende' });
    assert.equal(await wide.count(), 1);
    assert.equal((await wide.locator('.bt').textContent()).trim(), span('Wochenende'), 'times in the wide block');
    assert.ok(await wide.locator('.bt').isVisible(), 'the times are visible');
    // Times are shown only whole: every visible one ends inside its bar; a 4-hour block in the
    // week has no room for them (VW Golf "Arzttermin" tomorrow, or in the next week).
    const cut = await page.$$eval('.bk .bt', (els) => els.filter((e) => getComputedStyle(e).visibility !== 'hidden')
      .filter((e) => e.getBoundingClientRect().right > e.parentElement.getBoundingClientRect().right + 1)
      .map((e) => e.textContent));
    assert.deepEqual(cut, [], 'no visible times cut off');
    await page.goto(`${srv.base}/calendar?area=1&view=week&date=${localDate(1)}`);
    const narrow = page.locator('.grow[data-vehicle="1"] a.bk', { hasText: 'Arzttermin' });
    assert.equal((await narrow.locator('.bt').textContent()).trim(), span('Arzttermin'));
    assert.equal(await narrow.locator('.bt').evaluate((e) => getComputedStyle(e).visibility), 'hidden', 'no room: times hidden');

    // ---- Details on keyboard focus: the own booking "Arzttermin" (VW Golf, tomorrow, 4 hours).
    const d1 = localDate(1);
    await page.goto(`${srv.base}/calendar?area=1&view=day&date=${d1}`);
    const own = page.locator('.grow[data-vehicle="1"] a.bk', { hasText: 'Arzttermin' });
    assert.equal(await own.count(), 1);
    assert.equal((await own.locator('.bt').textContent()).trim(), span('Arzttermin'), 'the day view shows the times');
    const pop = own.locator('.pop');
    const box0 = await pop.boundingBox();
    assert.ok(!box0 || box0.width <= 1, 'details hidden until focus');
    // Reach it with Tab from the row's first free slot.
    await page.locator('.grow[data-vehicle="1"] a.free').first().focus();
    let steps = 0;
    while (!(await own.evaluate((el) => el === document.activeElement)) && steps++ < 30) await page.keyboard.press('Tab');
    assert.ok(steps <= 30, 'the booking block is reachable by Tab');
    const box = await pop.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 15, `details shown on focus (${JSON.stringify(box)})`);
    const details = await pop.textContent();
    for (const w of ['NEUMANN', 'Nina Neumann', ...span('Arzttermin').split('–'), 'Arzttermin']) assert.ok(details.includes(w), `details name "${w}": ${details}`);
    // The shown details are inside the viewport horizontally (readable on a phone).
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width + 1 && box.y >= 0 && box.y + box.height <= viewport.height + 1,
      `details inside the viewport: ${JSON.stringify(box)}`);
    // Every hour of the day view has its head, at its place.
    const heads = page.locator('.ghead .col');
    assert.equal(await heads.count(), 24);
    assert.equal((await heads.nth(8).textContent()).trim(), '08');
    assert.ok(Math.abs((await fraction(heads.nth(8))) - 8 / 24) < 0.002, 'hour 08 at 8/24 of the track');
    await shot('day-focus');

    // ---- Tap (phone) or click a free part of a row (Fiat 500 has no booking on that day): the
    // form has that vehicle and day.
    await page.goto(`${srv.base}/calendar?area=1&view=week&date=${localDate(3)}`);
    const free = page.locator(`.grow[data-vehicle="2"] a.free[href*="start=${localDate(3)}T"]`);
    assert.equal(await free.count(), 1);
    assert.equal((await free.textContent()).trim(), '+', 'the free slot shows its +');
    assert.notEqual(await free.evaluate((el) => getComputedStyle(el).color), 'rgba(0, 0, 0, 0)', 'the + is visible');
    await free.scrollIntoViewIfNeeded();
    const fb = await free.boundingBox();
    assert.ok(fb.width >= 40 && fb.height >= 40, `free slot big enough to tap: ${fb.width}x${fb.height}`);
    await shot('week-free');
    await Promise.all([page.waitForURL(/\/calendar\/booking\/new\?/), mobile ? free.tap() : free.click()]);
    assert.equal(await page.inputValue('select#vehicle'), '2');
    assert.match(await page.inputValue('#start'), new RegExp(`^${localDate(3)}T`));

    // ---- The visible Buchen action above the grid leads to a prefilled form.
    await page.goto(`${srv.base}/calendar?area=1`);
    const book = page.locator('.cal-book a.btn.primary');
    assert.match(await book.textContent(), /Buchen/);
    assert.ok(await book.isVisible());
    const bb = await book.boundingBox();
    assert.ok(bb.height >= 40, 'the Buchen button is big enough');
    await Promise.all([page.waitForURL(/\/calendar\/booking\/new$/), mobile ? book.tap() : book.click()]);
    // The start and end are proposed (the next slot); the vehicle is the user's choice among the
    // area's vehicles (the free-slot cells above are the way to come with one chosen).
    const offered = await page.locator('select#vehicle option').allTextContents();
    for (const v of ['VW Golf', 'Fiat 500', 'Renault Zoe']) assert.ok(offered.some((o) => o.includes(v)), `${v} offered`);
    assert.match(await page.inputValue('#start'), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, 'a start is proposed');
    assert.match(await page.inputValue('#end'), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, 'an end is proposed');
    await shot('form-from-button');
    assert.deepEqual(pageErrors, [], 'no script errors');
  } finally {
    await context.close();
  }
}

test('desktop 1280x800: hour marks, today, now line, times, details on focus, Buchen, legend', async () => {
  await readable({ kind: 'desktop', viewport: { width: 1280, height: 800 }, mobile: false });
});

test('phone 375x740: the same, with taps', async () => {
  await readable({ kind: 'phone', viewport: { width: 375, height: 740 }, mobile: true });
});

// Another organisation's booking on a shared vehicle has no page for the viewer: tapping its
// block must show its details all the same. BERGER (Zweite CSO) sees Demo-CarSharing's VW Golf
// as "Golf Freiburg" in area 4, with the owner's demo bookings today and later.
test('phone: a shared vehicle is marked, and a block without a page shows its details on tap', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'de-DE', timezoneId: TZ });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  try {
    await signIn(page, 'Zweite CSO', 'BERGER', 'demo');
    await page.goto(`${srv.base}/calendar?area=4&view=week`);
    const row = page.locator('.grow[data-vehicle="1"]');
    assert.equal(await row.getAttribute('data-shared'), '1', 'the shared vehicle row is marked');
    assert.match(await row.locator('.vn .sh').textContent(), /geteiltes Fahrzeug/);
    const other = row.locator('span.bk.other').first();
    assert.ok(await other.count(), 'the owner\'s bookings are in the row');
    assert.equal(await other.getAttribute('tabindex'), '0', 'focusable without a page');
    await other.scrollIntoViewIfNeeded();
    const before = await other.locator('.pop').boundingBox();
    assert.ok(!before || before.width <= 1, 'details hidden before the tap');
    await other.tap();
    const box = await other.locator('.pop').boundingBox();
    assert.ok(box && box.width > 40, 'tap shows the details');
    assert.ok(box.y >= 0 && box.y + box.height <= 740 && box.x >= 0 && box.x + box.width <= 375, `details on the screen: ${JSON.stringify(box)}`);
    assert.match(await other.locator('.pop').textContent(), /Demo-CarSharing · \d\d\.\d\d\.\d{4} \d\d:\d\d–/);
    await page.screenshot({ path: path.join(SHOTS, 'readable-phone-other-tap.png') });
  } finally {
    await context.close();
  }
});
