// browser.mjs: what the browser tests share: Debian's Chromium through playwright-core, numbered screenshots, and the label, tap-target and overflow checks.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BUILD } from '../http/harness.mjs';

export const SHOTS = path.join(BUILD, 'screenshots');

// Debian's /usr/bin/chromium, headless, with nothing that talks to the network on its own.
export async function launchChromium() {
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

// Screenshots numbered per viewport: build/screenshots/<prefix>-NN-<step>.png.
export function shooter(page, prefix) {
  let n = 0;
  return async (step) => {
    n++;
    await page.screenshot({ path: path.join(SHOTS, `${prefix}-${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}

// Form controls with neither a <label for>/wrapping label nor aria-label(ledby), as "tag#id[name]".
export async function unlabelled(page, scope = 'form') {
  return page.$$eval(`${scope} input:not([type=hidden]), ${scope} select, ${scope} textarea`, (els) => els
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}[name=${el.name}]`));
}

// Visible links and controls in the header, navs and forms (and main, with { main: true }) whose
// tap target is under 40 px high, as "name: WxH px". A checkbox or radio inside a <label> is
// measured by its label (the whole label is the tap target); one that passes only so is listed as
// "ok-via-label name (own box ..., label ... px)".
export async function smallTargets(page, { main = false } = {}) {
  const sel = 'header a, header button, header input, header select, nav a, nav button, nav input, nav select,' +
    ' form a, form button, form input, form select' + (main ? ', main a, main button' : '');
  return page.$$eval(sel, (els) => {
    const out = [];
    for (const el of new Set(els)) {
      if (el.type === 'hidden') continue;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || cs.display === 'none') continue;
      let h = r.height;
      let via = '';
      const label = (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') : null;
      if (label) {
        h = label.getBoundingClientRect().height;
        via = ` (own box ${Math.round(r.width)}x${Math.round(r.height)}, label ${Math.round(h)} px)`;
      }
      const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).trim().replace(/\s+/g, '.') : ''}` +
        `${el.name ? '[name=' + el.name + ']' : ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`;
      if (h < 40) out.push(`${name}: ${Math.round(r.width)}x${Math.round(h)} px`);
      else if (via) out.push(`ok-via-label ${name}${via}`);
    }
    return out;
  });
}

// '' when the page does not scroll sideways at width px; else what sticks out on the right (the
// outermost such elements, ignoring those inside `inside`, a selector of areas allowed to scroll).
export async function horizontalOverflow(page, width, inside = null) {
  const sw = await page.evaluate(() => document.documentElement.scrollWidth);
  if (sw <= width) return '';
  const wide = await page.evaluate(([w, inside]) => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > w + 0.5 && !(inside && e.closest(inside)) &&
      !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 0.5))
    .map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : ''}` +
      ` (right edge ${Math.round(e.getBoundingClientRect().right)} px)`), [width, inside]);
  return `document.documentElement.scrollWidth ${sw} > ${width}, caused by ${wide.join(', ') || '?'}`;
}
