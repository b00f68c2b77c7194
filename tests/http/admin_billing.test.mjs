// HTTP tests of the admin page's billing parts: API accounts (token shown once, only its SHA-256 stored, last call, removal), tariffs (euro amounts parsed to cents), a vehicle's tariff, the storno share; access, tenancy and CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

const API1 = '/api/v1/billing/getBillings/usergroup/1/datalimit/1';
const basic = (name, token) => 'Basic ' + Buffer.from(`${name}:${token}`).toString('base64');

let srv, admin, member, admin2;
const tokens = []; // every token the page showed; none may reach the database or the log

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.base);
  member = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
});
after(async () => { await srv?.stop(); });

const count = (sql) => srv.sql(sql)[0].n;
const lastLog = (org = 1) => srv.sql(`SELECT line FROM actionlog WHERE org_id = ${org} ORDER BY id DESC LIMIT 1`)[0]?.line ?? '';
// Everything the billing parts of the admin page may change, to prove that a refused request wrote nothing.
const snapshot = () => JSON.stringify(srv.sql(
  "SELECT (SELECT group_concat(id || org_id || name || per_hour || coalesce(max_24h, '-') || per_km, '|') FROM tariff) AS t," +
  " (SELECT group_concat(id || coalesce(tariff_id, '-'), '|') FROM vehicle) AS v," +
  " (SELECT group_concat(id || org_id || name || hex(token_hash), '|') FROM api_account) AS k," +
  " (SELECT group_concat(id || storno_share_pct, '|') FROM org) AS o," +
  " (SELECT count(*) FROM actionlog) AS l"));

async function token(c, path = '/calendar') {
  const r = await c.get(path);
  const t = csrf(r.body);
  assert.ok(t, `csrf on ${path}`);
  return t;
}

async function post(c, path, fields) {
  return c.post(path, { ...fields, csrf: await token(c) });
}

function api(tok, name) {
  return new Client(srv.base).get(API1, { headers: { Authorization: basic(name, tok) } });
}

// Creates an API account through the page; returns {id, token, page}.
async function createAccount(name) {
  const r = await post(admin, '/admin/api/new', { name });
  assert.equal(r.status, 200, r.body);
  const m = r.body.match(/<code class="token">([0-9a-f]{64})<\/code>/);
  assert.ok(m, 'the token is shown');
  tokens.push(m[1]);
  const [row] = srv.sql(`SELECT id FROM api_account WHERE org_id = 1 AND name = '${name.toUpperCase()}'`);
  return { id: row.id, token: m[1], page: r };
}

test('API accounts: the token is shown once, works against the API, and only its SHA-256 is stored', async () => {
  let r = await admin.get('/admin/api');
  assert.equal(r.status, 200);
  assert.match(r.body, /<td class="name">BILLING<\/td>/);
  assert.match(r.body, /\/api\/v1\/billing\/getBillings\/usergroup\/1\/datalimit\//, 'the API address with the organisation number');

  const { id, token: tok, page } = await createAccount('Buchhaltung-2');
  assert.match(page.body, /<strong class="account">BUCHHALTUNG-2<\/strong>/);
  assert.match(page.body, /nur dieses eine Mal angezeigt und kann nicht erneut angezeigt werden/);
  assert.match(page.headers['cache-control'], /no-store/);
  assert.match(lastLog(), new RegExp(`^[\\d.]+ [\\d:]+ ADMIN: ADMIN api account ${id} BUCHHALTUNG-2 created$`));

  // Stored: the SHA-256 of the token as api.c computes it, and nothing else of it.
  const [row] = srv.sql(`SELECT lower(hex(token_hash)) AS h, created_at, last_call_at FROM api_account WHERE id = ${id}`);
  assert.equal(row.h, crypto.createHash('sha256').update(tok).digest('hex'));
  assert.equal(row.last_call_at, null);
  assert.ok(Math.abs(row.created_at - Date.now() / 1000) < 120);
  for (const f of [srv.db, `${srv.db}-wal`]) {
    if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f).includes(tok), `token not in ${f}`);
  }
  const dump = srv.sql("SELECT group_concat(line, '\n') AS all_lines FROM actionlog")[0].all_lines;
  assert.ok(!dump.includes(tok), 'token not in the action log');

  // Never shown again; last call "never".
  r = await admin.get('/admin/api');
  assert.ok(!r.body.includes(tok));
  assert.match(r.body, new RegExp(`<tr data-id="${id}"><td class="name">BUCHHALTUNG-2</td><td class="created">[\\d.]+ [\\d:]+</td><td class="last-call">nie</td>`));

  // The token works (name case-insensitive); the call is recorded and shown.
  r = await api(tok, 'buchhaltung-2');
  assert.equal(r.status, 200, r.body);
  assert.match(r.body, /<billings/);
  assert.ok(srv.sql(`SELECT last_call_at FROM api_account WHERE id = ${id}`)[0].last_call_at > 0);
  r = await admin.get('/admin/api');
  assert.match(r.body, new RegExp(`<tr data-id="${id}">.*?<td class="last-call">\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d</td>`));
  // A wrong token for this account is 401.
  assert.equal((await api('0'.repeat(64), 'BUCHHALTUNG-2')).status, 401);

  // Removal: a confirmation page (GET removes nothing), then POST; the token stops working.
  r = await admin.get(`/admin/api/${id}/delete`);
  assert.equal(r.status, 200);
  assert.match(r.body, /BUCHHALTUNG-2/);
  assert.match(r.body, new RegExp(`action="/admin/api/${id}/delete"`));
  assert.equal(count(`SELECT count(*) AS n FROM api_account WHERE id = ${id}`), 1);
  r = await post(admin, `/admin/api/${id}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/api?deleted=1');
  assert.equal(count(`SELECT count(*) AS n FROM api_account WHERE id = ${id}`), 0);
  assert.match(lastLog(), new RegExp(`ADMIN api account ${id} BUCHHALTUNG-2 removed$`));
  r = await api(tok, 'BUCHHALTUNG-2');
  assert.equal(r.status, 401);
  assert.equal((await admin.get(`/admin/api/${id}/delete`)).status, 404);
});

test('API accounts: names are checked, upper-cased and unique per organisation ignoring case', async () => {
  const before = snapshot();
  for (const [name, re] of [['billing', /gibt es schon/], ['Bad Name!', /nur A–Z, 0–9, - und _/], ['A'.repeat(33), /höchstens 32 Zeichen/], ['', /ausgefüllt/], ['Jörg', /nur A–Z/]]) {
    const r = await post(admin, '/admin/api/new', { name });
    assert.equal(r.status, 422, name);
    assert.match(r.body, re, name);
    assert.doesNotMatch(r.body, /<code class="token">/);
    if (name) assert.ok(r.body.includes(`value="${name}"`), `input kept: ${name}`);
  }
  assert.equal(snapshot(), before);
  // The same name in another organisation is fine; each organisation sees only its own accounts.
  const r = await post(admin2, '/admin/api/new', { name: 'billing' });
  assert.equal(r.status, 200);
  const m = r.body.match(/<code class="token">([0-9a-f]{64})<\/code>/);
  tokens.push(m[1]);
  assert.equal(count("SELECT count(*) AS n FROM api_account WHERE name = 'BILLING'"), 2);
  assert.match(lastLog(2), /^[\d.]+ [\d:]+ ADMIN2: ADMIN api account \d+ BILLING created$/);
  const list = await admin2.get('/admin/api');
  assert.equal([...list.body.matchAll(/<td class="name">/g)].length, 1);
  // Organisation 2's token for its BILLING is refused for organisation 1's records as a wrong token is (401: never confirmed), and works for its own.
  assert.equal((await api(m[1], 'BILLING')).status, 401);
  const own = await new Client(srv.base).get('/api/v1/billing/getBillings/usergroup/2/datalimit/1',
    { headers: { Authorization: basic('BILLING', m[1]) } });
  assert.equal(own.status, 200);
  // The demo token of organisation 1's BILLING still works.
  assert.equal((await api('billing', 'BILLING')).status, 200);
});

test('tariffs: euro amounts with a decimal comma or point are stored as cents', async () => {
  let r = await post(admin, '/admin/tariffs/new', { name: 'Komma', per_hour: '12,50', max_24h: '40', per_km: '0,25' });
  assert.equal(r.status, 303, r.body);
  const id = Number(r.location.match(/^\/admin\/tariffs\/(\d+)\?saved=1$/)[1]);
  assert.deepEqual(srv.sql(`SELECT org_id, name, per_hour, max_24h, per_km, currency FROM tariff WHERE id = ${id}`)[0],
    { org_id: 1, name: 'Komma', per_hour: 1250, max_24h: 4000, per_km: 25, currency: 'EUR' });
  assert.match(lastLog(), new RegExp(`ADMIN tariff ${id} created: name "Komma", per_hour 12.50, max_24h 40.00, per_km 0.25$`));

  r = await post(admin, '/admin/tariffs/new', { name: 'Punkt', per_hour: '12.5', max_24h: '', per_km: '' });
  assert.equal(r.status, 303, r.body);
  const id2 = Number(r.location.match(/(\d+)/)[1]);
  assert.deepEqual(srv.sql(`SELECT per_hour, max_24h, per_km FROM tariff WHERE id = ${id2}`)[0], { per_hour: 1250, max_24h: null, per_km: 0 });
  assert.match(lastLog(), /per_hour 12.50, max_24h none, per_km 0.00$/);

  // The form shows the amounts with a decimal comma (German) and the list both tariffs.
  r = await admin.get(`/admin/tariffs/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /name="per_hour"[^>]*value="12,50"/);
  assert.match(r.body, /name="max_24h"[^>]*value="40,00"/);
  assert.match(r.body, /name="per_km"[^>]*value="0,25"/);
  assert.match(r.body, />Punkt<\/a><\/td><td class="num">12,50 €<\/td><td class="num">–<\/td>/);

  // Edit: the line names what changed.
  r = await post(admin, `/admin/tariffs/${id}`, { name: 'Komma', per_hour: '13', max_24h: '', per_km: '0,25' });
  assert.equal(r.status, 303);
  assert.deepEqual(srv.sql(`SELECT per_hour, max_24h FROM tariff WHERE id = ${id}`)[0], { per_hour: 1300, max_24h: null });
  assert.match(lastLog(), new RegExp(`ADMIN tariff ${id} "Komma" changed: per_hour 12.50 -> 13.00, max_24h 40.00 -> none$`));
});

test('tariffs: bad amounts are 422 with a message and the input kept; nothing is written', async () => {
  const before = snapshot();
  const cases = [
    ['12,505', /höchstens zwei Nachkommastellen/],
    ['12.500', /höchstens zwei Nachkommastellen/],
    ['-1', /Betrag in Euro wie 12,50/],
    ['abc', /Betrag in Euro wie 12,50/],
    ['1.000,00', /Betrag in Euro wie 12,50/],
    ['12,', /Betrag in Euro wie 12,50/],
    ['1000000,01', /höchstens 1.000.000,00 Euro/],
    ['99999999999999999999', /höchstens 1.000.000,00 Euro/],
  ];
  for (const [amount, re] of cases) {
    const r = await post(admin, '/admin/tariffs/new', { name: `Falsch ${amount}`, per_hour: amount });
    assert.equal(r.status, 422, amount);
    assert.match(r.body, re, amount);
    assert.ok(r.body.includes(`name="per_hour" inputmode="decimal" maxlength="20" value="${amount}"`), `input kept: ${amount}`);
    assert.ok(r.body.includes(`value="Falsch ${amount}"`));
  }
  let r = await post(admin, '/admin/tariffs/new', { name: 'Ok', per_hour: '1', max_24h: 'x', per_km: '0,333' });
  assert.equal(r.status, 422);
  assert.equal([...r.body.matchAll(/class="field-error"/g)].length, 2, 'both fields named');
  r = await post(admin, '/admin/tariffs/new', { name: 'Ohne Preis' });
  assert.equal(r.status, 422);
  // A name taken, ignoring case; an edit onto another tariff's name.
  r = await post(admin, '/admin/tariffs/new', { name: 'klein', per_hour: '1' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Einen Tarif mit diesem Namen gibt es schon/);
  r = await post(admin, '/admin/tariffs/2', { name: 'KLEIN', per_hour: '1' });
  assert.equal(r.status, 422);
  r = await post(admin, '/admin/tariffs/2', { name: 'Kompakt', per_hour: '1,2,3' });
  assert.equal(r.status, 422);
  assert.match(r.body, /value="1,2,3"/);
  assert.equal(snapshot(), before);
  // Exact limits: 0 and 1,000,000.00.
  r = await post(admin, '/admin/tariffs/new', { name: 'Grenzen', per_hour: '0', max_24h: '1000000,00', per_km: '0.1' });
  assert.equal(r.status, 303);
  assert.deepEqual(srv.sql("SELECT per_hour, max_24h, per_km FROM tariff WHERE name = 'Grenzen'")[0], { per_hour: 0, max_24h: 100000000, per_km: 10 });
});

test('tariffs: one that vehicles use cannot be deleted; an unused one can', async () => {
  const before = snapshot();
  let r = await post(admin, '/admin/tariffs/1/delete', {});
  assert.equal(r.status, 409);
  assert.match(r.body, /2 Fahrzeuge nutzen diesen Tarif noch/);
  r = await post(admin, '/admin/tariffs/4/delete', {});
  assert.equal(r.status, 409);
  assert.match(r.body, /1 Fahrzeug nutzt diesen Tarif noch/);
  assert.equal(snapshot(), before);
  r = await post(admin, '/admin/tariffs/new', { name: 'Wegwerf', per_hour: '1' });
  const id = Number(r.location.match(/(\d+)/)[1]);
  r = await post(admin, `/admin/tariffs/${id}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/tariffs?deleted=1');
  assert.equal(count(`SELECT count(*) AS n FROM tariff WHERE id = ${id}`), 0);
  assert.match(lastLog(), new RegExp(`ADMIN tariff ${id} "Wegwerf" deleted$`));
});

test("vehicles: the form offers the organisation's tariffs; assignment is saved and logged", async () => {
  let r = await admin.get('/admin/vehicles/2');
  assert.equal(r.status, 200);
  assert.match(r.body, /<option value="1" selected>Klein \(2,50 €\/h\)<\/option>/);
  assert.doesNotMatch(r.body, />Standard \(/, "organisation 2's tariff is not offered");
  // Vehicle 2 is not released on the market (vehicle 1 is: its tariff is locked, see below).
  const base = { name: 'Fiat 500', descr: 'Kleinwagen, Marktplatz', area: 1, sort: 20 };
  r = await post(admin, '/admin/vehicles/2', { ...base, tariff: 3 });
  assert.equal(r.status, 303);
  assert.equal(srv.sql('SELECT tariff_id FROM vehicle WHERE id = 2')[0].tariff_id, 3);
  assert.match(lastLog(), /ADMIN vehicle 2 "Fiat 500" changed: tariff "Klein" -> "Transport"$/);
  // No tariff.
  r = await post(admin, '/admin/vehicles/2', { ...base, tariff: '' });
  assert.equal(r.status, 303);
  assert.equal(srv.sql('SELECT tariff_id FROM vehicle WHERE id = 2')[0].tariff_id, null);
  assert.match(lastLog(), /changed: tariff "Transport" -> ""$/);
  r = await admin.get('/admin/vehicles');
  assert.match(r.body, />Fiat 500<\/a><\/td><td>Kleinwagen, Marktplatz<\/td><td>–<\/td>/);
  // Another organisation's tariff or a bad value: 422, nothing written.
  const before = snapshot();
  r = await post(admin, '/admin/vehicles/2', { ...base, tariff: 5 });
  assert.equal(r.status, 422);
  assert.match(r.body, /Diesen Tarif gibt es nicht/);
  r = await post(admin, '/admin/vehicles/2', { ...base, tariff: 'abc' });
  assert.equal(r.status, 422);
  assert.equal(snapshot(), before);
  // A new vehicle with a tariff.
  r = await post(admin, '/admin/vehicles/new', { name: 'Neuer Kleinwagen', area: 2, tariff: 1 });
  assert.equal(r.status, 303);
  const id = Number(r.location.match(/(\d+)/)[1]);
  assert.equal(srv.sql(`SELECT tariff_id FROM vehicle WHERE id = ${id}`)[0].tariff_id, 1);
  assert.match(lastLog(), new RegExp(`ADMIN vehicle ${id} created: name "Neuer Kleinwagen", descr "", area "Südstadt", sort 0, tariff "Klein"$`));
  r = await post(admin, '/admin/vehicles/2', { ...base, tariff: 1 });
  assert.equal(r.status, 303);
  // A vehicle released on the market keeps its name and tariff while the release stands: 409, nothing written.
  const released = { name: 'VW Golf', descr: 'Kompaktwagen, Benzin', area: 1, sort: 10, tariff: 2 };
  const locked = snapshot();
  r = await post(admin, '/admin/vehicles/1', { ...released, tariff: 3 });
  assert.equal(r.status, 409);
  assert.match(r.body, /Der Tarif lässt sich nicht ändern, solange das Fahrzeug auf dem Marktplatz freigegeben ist/);
  r = await post(admin, '/admin/vehicles/1', { ...released, name: 'VW Golf neu' });
  assert.equal(r.status, 409);
  assert.match(r.body, /Der Name lässt sich nicht ändern/);
  assert.ok(r.body.includes('value="VW Golf neu"'), 'input kept');
  assert.equal(snapshot(), locked);
  r = await post(admin, '/admin/vehicles/1', { ...released, descr: 'frisch gewaschen' });
  assert.equal(r.status, 303, 'the description may change');
});

test('settings: the organisation number and the storno share (0..100 %)', async () => {
  let r = await admin.get('/admin/settings');
  assert.equal(r.status, 200);
  assert.match(r.body, /<strong class="org-id">1<\/strong>/);
  assert.match(r.body, /<code class="api-url">\/api\/v1\/billing\/getBillings\/usergroup\/1\/datalimit\/100<\/code>/);
  assert.match(r.body, /name="storno_share_pct"[^>]*value="50"/);
  assert.match((await admin2.get('/admin/settings')).body, /<strong class="org-id">2<\/strong>/);
  const base = { name: 'Demo-CarSharing', tz: 'Europe/Berlin', cancel_hours: 24, billing_period: 'month', grid_minutes: 15, lang: 'de' };
  const before = snapshot();
  for (const bad of ['101', '-1', 'x', '50.5']) {
    r = await post(admin, '/admin/settings', { ...base, storno_share_pct: bad });
    assert.equal(r.status, 422, bad);
    assert.match(r.body, new RegExp(`name="storno_share_pct"[^>]*value="${bad.replace('.', '\\.')}"`));
  }
  assert.match((await post(admin, '/admin/settings', { ...base, storno_share_pct: '101' })).body, /zwischen 0 und 100 %/);
  assert.equal(snapshot(), before);
  for (const [v, from] of [[0, 50], [100, 0], [75, 100]]) {
    r = await post(admin, '/admin/settings', { ...base, storno_share_pct: v });
    assert.equal(r.status, 303);
    assert.equal(srv.sql('SELECT storno_share_pct AS p FROM org WHERE id = 1')[0].p, v);
    assert.match(lastLog(), new RegExp(`ADMIN settings changed: storno_share_pct ${from} -> ${v}$`));
  }
  // A form without the field keeps the share.
  r = await post(admin, '/admin/settings', { ...base, cancel_hours: 25 });
  assert.equal(r.status, 303);
  assert.equal(srv.sql('SELECT storno_share_pct AS p FROM org WHERE id = 1')[0].p, 75);
  assert.match(lastLog(), /changed: cancel_hours 24 -> 25$/);
  r = await post(admin, '/admin/settings', { ...base, storno_share_pct: 50 });
  assert.equal(r.status, 303);
  assert.equal(srv.sql('SELECT storno_share_pct AS p FROM org WHERE id = 1')[0].p, 50);
});

const GETS = ['/admin/tariffs', '/admin/tariffs/1', '/admin/api', '/admin/api/1/delete'];
const POSTS = ['/admin/tariffs/new', '/admin/tariffs/1', '/admin/tariffs/1/delete', '/admin/api/new', '/admin/api/1/delete'];

test('members get 403 on every new route; nothing is written', async () => {
  const before = snapshot();
  for (const p of GETS) assert.equal((await member.get(p)).status, 403, p);
  const t = await token(member);
  for (const p of POSTS) assert.equal((await member.post(p, { csrf: t, name: 'HACK', per_hour: '1' })).status, 403, p);
  assert.equal(snapshot(), before);
});

test("another organisation's ids are 404, its tariffs are not offered, and nothing changes", async () => {
  const before = snapshot();
  for (const p of ['/admin/tariffs/1', '/admin/api/1/delete']) assert.equal((await admin2.get(p)).status, 404, p);
  for (const p of ['/admin/tariffs/1', '/admin/tariffs/1/delete', '/admin/api/1/delete']) {
    assert.equal((await post(admin2, p, { name: 'Gekapert', per_hour: '1' })).status, 404, p);
  }
  // Its vehicle cannot be put on organisation 1's tariff.
  const r = await post(admin2, '/admin/vehicles/9', { name: 'Citroën C3', descr: 'Kleinwagen, Gleis 1', area: 4, sort: 10, tariff: 1 });
  assert.equal(r.status, 422);
  assert.equal(snapshot(), before);
  const list = await admin2.get('/admin/tariffs');
  assert.match(list.body, />Standard<\/a>/);
  assert.doesNotMatch(list.body, />Klein<\/a>/);
});

test('POST without, with a wrong or with a foreign-origin CSRF token is 403 and writes nothing', async () => {
  const before = snapshot();
  const good = await token(admin);
  const f = { name: 'NEU', per_hour: '1' };
  for (const p of POSTS) {
    assert.equal((await admin.post(p, f)).status, 403, `${p} without`);
    assert.equal((await admin.post(p, { ...f, csrf: 'a'.repeat(64) })).status, 403, `${p} wrong`);
    assert.equal((await admin.post(p, { ...f, csrf: good }, { headers: { Origin: 'http://evil.example' } })).status, 403, `${p} origin`);
  }
  assert.equal(snapshot(), before);
});

test('no ADMIN line, table or worker log ever holds a token the page showed', async () => {
  assert.ok(tokens.length >= 2);
  const lines = srv.sql('SELECT line FROM actionlog').map((l) => l.line);
  assert.ok(lines.some((l) => / ADMIN api account \d+ BUCHHALTUNG-2 created$/.test(l)));
  const logs = srv.logs();
  for (const t of tokens) {
    assert.ok(!lines.some((l) => l.includes(t)), 'not in the action log');
    assert.ok(!logs.includes(t), 'not in the worker logs');
    for (const f of [srv.db, `${srv.db}-wal`]) {
      if (fs.existsSync(f)) assert.ok(!fs.readFileSync(f).includes(t), `not in ${f}`);
    }
  }
});
