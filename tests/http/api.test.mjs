// The billing API: authentication (401/403/429), limits and headers (400), paging, marking, the correction window, XSD validity, concurrent retrieval.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT } from './harness.mjs';
import { Client } from './client.mjs';

const URL1 = (n) => `/api/v1/billing/getBillings/usergroup/1/datalimit/${n}`;
const basic = (name, token) => 'Basic ' + Buffer.from(`${name}:${token}`).toString('base64');
const AUTH = basic('BILLING', 'billing');

let srv;
let tmp;
before(async () => {
  srv = await startServer({ demo: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-api-'));
});
after(async () => {
  await srv?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function get(url, headers = {}) {
  return new Client(srv.base).get(url, { headers: { Authorization: AUTH, ...headers } });
}

// The billingIds of an answer, in document order.
const ids = (xml) => [...xml.matchAll(/<billingId>(\d+)<\/billingId>/g)].map((m) => Number(m[1]));
const field = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

// Validates xml against the XSD the server serves, with xmllint; returns its output.
let xsdPath;
async function validate(xml) {
  if (!xsdPath) {
    const r = await new Client(srv.base).get('/api/v1/billing/billing.xsd');
    assert.equal(r.status, 200);
    xsdPath = path.join(tmp, 'billing.xsd');
    fs.writeFileSync(xsdPath, r.buffer);
  }
  const f = path.join(tmp, `answer-${Date.now()}-${Math.random()}.xml`);
  fs.writeFileSync(f, xml);
  return execFileSync('xmllint', ['--noout', '--schema', xsdPath, f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('two clients marking at the same time never get the same record', async () => {
  // First test, on the untouched demo data: every record is still unretrieved.
  const [{ n: before }] = srv.sql('SELECT count(*) AS n FROM billing');
  assert.equal(before, 0, 'records are created lazily, on the first API call');
  const seen = [[], []];
  for (let round = 0; round < 20; round++) {
    const rs = await Promise.all([0, 1].map(() => get(URL1(25), { markAsRetrieved: 'true' })));
    rs.forEach((r, i) => { assert.equal(r.status, 200); seen[i].push(...ids(r.body)); });
    if (rs.every((r) => ids(r.body).length === 0)) break;
  }
  const a = new Set(seen[0]);
  const both = seen[1].filter((id) => a.has(id));
  assert.deepEqual(both, [], 'no record went to both clients');
  const [{ n: total }] = srv.sql('SELECT count(*) AS n FROM billing WHERE org_id = 1');
  assert.ok(total > 50, `demo data has billing records (${total})`);
  assert.equal(seen[0].length + seen[1].length, total, 'together they got every record');
  const [{ n: unmarked }] = srv.sql('SELECT count(*) AS n FROM billing WHERE org_id = 1 AND billing_date IS NULL');
  assert.equal(unmarked, 0);
  for (const s of seen) assert.deepEqual(s, [...s].sort((x, y) => x - y), 'each client got increasing ids');
});

test('missing or wrong credentials are 401 with WWW-Authenticate; members cannot call the API', async () => {
  const c = new Client(srv.base);
  for (const h of [{}, { Authorization: basic('BILLING', 'wrong') }, { Authorization: basic('ADMIN', 'admin') },
    { Authorization: 'Bearer billing' }, { Authorization: 'Basic ###' }]) {
    const r = await c.get(URL1(10), { headers: h });
    assert.equal(r.status, 401, JSON.stringify(h));
    assert.match(r.headers['www-authenticate'], /^Basic realm="/);
    assert.match(r.headers['content-type'], /^application\/xml/);
    assert.doesNotMatch(r.body, /<billing>/);
  }
  // The account name is case-insensitive, the token is not.
  assert.equal((await c.get(URL1(1), { headers: { Authorization: basic('billing', 'billing') } })).status, 200);
  assert.equal((await c.get(URL1(1), { headers: { Authorization: basic('BILLING', 'BILLING') } })).status, 401);
});

test('an API account cannot sign in to the web UI', async () => {
  const c = new Client(srv.base);
  const r = await c.login('BILLING', 'billing', { org: 1 });
  assert.equal(r.status, 422);
});

test('another organisation\'s usergroup gets the answer of a wrong token: the token is never confirmed', async () => {
  const right = await get('/api/v1/billing/getBillings/usergroup/2/datalimit/10');
  const wrong = await new Client(srv.base).get('/api/v1/billing/getBillings/usergroup/2/datalimit/10',
    { headers: { Authorization: basic('BILLING', 'not-the-token') } });
  assert.equal(right.status, 401);
  assert.equal(right.status, wrong.status);
  assert.equal(right.body, wrong.body);
  assert.equal(right.headers['www-authenticate'], wrong.headers['www-authenticate']);
  assert.doesNotMatch(right.body, /another organisation/);
});

test('malformed limit or header is 400 with a message', async () => {
  for (const n of [0, 10001, 99999]) {
    const r = await get(URL1(n));
    assert.equal(r.status, 400, `limit ${n}`);
    assert.match(r.body, /<error>datalimit must be/);
  }
  assert.equal((await get(URL1(10000))).status, 200);
  for (const [h, v] of [['markAsRetrieved', 'yes'], ['includeRetrievedBillingData', 'maybe'], ['startTime', 'abc'],
    ['endTime', '-5'], ['startTime', '1.5'], ['endTime', '99999999999999999999']]) {
    const r = await get(URL1(10), { [h]: v });
    assert.equal(r.status, 400, `${h}: ${v}`);
    assert.match(r.body, new RegExp(`<error>${h} must be`));
  }
  // A malformed datalimit is the API's XML 400 too, never the site's HTML 404.
  for (const n of ['abc', '-1', '1.5', '01', '12345678901234567890']) {
    const r = await get(URL1(n));
    assert.equal(r.status, 400, `limit ${n}`);
    assert.match(r.headers['content-type'], /^application\/xml/);
    assert.match(r.body, /<error>datalimit must be/);
  }
  const g = await get('/api/v1/billing/getBillings/usergroup/x/datalimit/5');
  assert.equal(g.status, 400);
  assert.match(g.body, /<error>usergroup must be/);
});

test('the XSD is served and every answer validates against it', async () => {
  const x = await new Client(srv.base).get('/api/v1/billing/billing.xsd');
  assert.equal(x.status, 200);
  assert.match(x.headers['content-type'], /^application\/xml/);
  assert.match(x.body, /<xs:schema/);
  const full = await get(URL1(10000), { includeRetrievedBillingData: 'true' });
  assert.equal(full.status, 200);
  assert.ok(ids(full.body).length > 50);
  await validate(full.body);
  const empty = await get(URL1(5));
  assert.equal(ids(empty.body).length, 0);
  assert.match(empty.body, /<billings>\s*<\/billings>/);
  await validate(empty.body);
  // Every classification and the fields' forms.
  const kinds = new Set(field(full.body, 'classification'));
  assert.ok(kinds.has('normal') && kinds.has('storno'), [...kinds].join());
  for (const p of field(full.body, 'price')) assert.match(p, /^-?\d+\.\d\d$/);
  for (const c of field(full.body, 'currency')) assert.equal(c, 'EUR');
  // Texts are escaped: a purpose with markup comes back as text and the answer still validates.
  srv.sql("UPDATE billing SET purpose = '<b>&\"x''</b>' WHERE id = (SELECT min(id) FROM billing)");
  const esc = await get(URL1(1), { includeRetrievedBillingData: 'true' });
  assert.match(esc.body, /<teaser>&lt;b&gt;&amp;&quot;x&apos;&lt;\/b&gt;<\/teaser>/);
  await validate(esc.body);
});

test('fields map from the booking', async () => {
  const r = await get(URL1(10000), { includeRetrievedBillingData: 'true' });
  const first = r.body.match(/<billing>.*?<\/billing>/s)[0];
  const id = Number(field(first, 'billingId')[0]);
  const [row] = srv.sql(`SELECT b.booking_id, b.start, b.end, b.price, b.billing_date, v.id AS vid, v.name AS vname,
      a.name AS area, m.login, m.member_no FROM billing b JOIN vehicle v ON v.id = b.vehicle_id
      JOIN area a ON a.id = v.area_id JOIN member m ON m.id = b.member_id WHERE b.id = ${id}`);
  assert.equal(field(first, 'assignmentId')[0], String(row.booking_id));
  assert.equal(field(first, 'startDate')[0], String(row.start * 1000));
  assert.equal(field(first, 'endDate')[0], String(row.end * 1000));
  assert.equal(field(first, 'duration')[0], String((row.end - row.start) * 1000));
  assert.equal(field(first, 'billingDate')[0], String(row.billing_date));
  assert.equal(field(first, 'objectId')[0], String(row.vid));
  assert.equal(field(first, 'title')[0], row.vname);
  assert.equal(field(first, 'location')[0], row.area);
  assert.equal(field(first, 'userLogin')[0], row.login);
  assert.equal(field(first, 'personnelNumber')[0], row.member_no);
  assert.equal(field(first, 'company')[0], 'Demo-CarSharing');
  assert.equal(field(first, 'oe')[0], '1');
  assert.equal(field(first, 'price')[0], (row.price / 100).toFixed(2));
});

test('paging with marking: n at a time until none, in billingId order', async () => {
  // New records: re-open everything so that the whole set is unretrieved again.
  srv.sql('UPDATE billing SET billing_date = NULL');
  const [{ n: total }] = srv.sql('SELECT count(*) AS n FROM billing WHERE org_id = 1');
  const got = [];
  for (let i = 0; i < 100; i++) {
    const r = await get(URL1(30), { markAsRetrieved: 'true' });
    const page = ids(r.body);
    assert.ok(page.length <= 30);
    if (page.length === 0) break;
    got.push(...page);
    for (const d of field(r.body, 'billingDate')) assert.match(d, /^\d{13}$/, 'marked records carry their billingDate');
  }
  assert.equal(got.length, total);
  assert.deepEqual(got, [...got].sort((a, b) => a - b));
  assert.equal(new Set(got).size, total);
  // Without marking, the same page comes back each time.
  srv.sql(`UPDATE billing SET billing_date = NULL WHERE id IN (${got.slice(0, 5).join(',')})`);
  const a = await get(URL1(3));
  const b = await get(URL1(3));
  assert.deepEqual(ids(a.body), got.slice(0, 3));
  assert.deepEqual(ids(b.body), got.slice(0, 3));
  assert.deepEqual(field(a.body, 'billingDate'), ['', '', '']);
  const [{ n: still }] = srv.sql('SELECT count(*) AS n FROM billing WHERE billing_date IS NULL');
  assert.equal(still, 5);
});

test('correction window: startTime/endTime re-fetch retrieved records without marking', async () => {
  srv.sql('UPDATE billing SET billing_date = 1700000000000');
  const all = srv.sql('SELECT id FROM billing WHERE org_id = 1 ORDER BY id').map((r) => r.id);
  const lo = all[10], hi = all[20];
  // Already retrieved: nothing without includeRetrievedBillingData.
  assert.equal(ids((await get(URL1(100), { startTime: String(lo), endTime: String(hi) })).body).length, 0);
  const r = await get(URL1(100), { includeRetrievedBillingData: 'true', startTime: String(lo), endTime: String(hi) });
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r.body), all.slice(11, 20), 'strictly above startTime and below endTime');
  assert.deepEqual([...new Set(field(r.body, 'billingDate'))], ['1700000000000']);
  // Marking retrieved records keeps their first billingDate.
  await get(URL1(100), { includeRetrievedBillingData: 'true', markAsRetrieved: 'true', startTime: String(lo), endTime: String(hi) });
  const [{ n }] = srv.sql('SELECT count(*) AS n FROM billing WHERE billing_date <> 1700000000000');
  assert.equal(n, 0);
  // Paging through the window with startTime = the last billingId seen.
  const got = [];
  let start = lo;
  for (;;) {
    const p = ids((await get(URL1(4), { includeRetrievedBillingData: 'true', startTime: String(start), endTime: String(hi) })).body);
    if (!p.length) break;
    got.push(...p);
    start = p[p.length - 1];
  }
  assert.deepEqual(got, all.slice(11, 20));
});

test('the account\'s last call is recorded', async () => {
  const [a] = srv.sql("SELECT last_call_at FROM api_account WHERE name = 'BILLING'");
  assert.ok(a.last_call_at > Date.now() / 1000 - 600);
});

test('failed attempts are throttled like the login', async () => {
  const c = new Client(srv.base);
  const statuses = [];
  for (let i = 0; i < 7; i++) {
    const r = await c.get(URL1(1), { headers: { Authorization: basic('GUESSER', `wrong${i}`) } });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  assert.equal(statuses[6], 429);
  // The demo account is not affected.
  assert.equal((await get(URL1(1))).status, 200);
});

test('the throttle is per account, whatever usergroup the path names', async () => {
  const c = new Client(srv.base);
  const statuses = [];
  for (let i = 0; i < 7; i++) {
    // Each attempt names another organisation: before, each (org, account) pair had its own counter.
    const r = await c.get(`/api/v1/billing/getBillings/usergroup/${i + 1}/datalimit/1`,
      { headers: { Authorization: basic('HOPPER', `wrong${i}`) } });
    statuses.push(r.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  assert.equal(statuses[5], 429);
  assert.equal(statuses[6], 429);
  // A throttled account is refused before its path is looked at: the right token changes nothing.
  const n = srv.sql("SELECT count(*) AS n FROM login_attempt WHERE login = 'API:HOPPER' AND org_id IS NULL")[0].n;
  assert.ok(n >= 7, 'attempts are counted without an organisation');
});

test('xmllint is available for the XSD checks', () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'htdocs/api/billing.xsd')));
});
