// Smoke test of the server setup: nginx routing, static files, 404 for unknown pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ROOT } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { await srv?.stop(); });

test('GET / redirects to the calendar', async () => {
  const r = await new Client(srv.base).get('/');
  assert.equal(r.status, 302);
  assert.equal(r.location, '/calendar');
});

// Some file under htdocs/, preferring css/.
function someStaticFile() {
  for (const dir of ['css', 'js', '.']) {
    const d = path.join(ROOT, 'htdocs', dir);
    if (!fs.existsSync(d)) continue;
    const f = fs.readdirSync(d).sort().find((n) => fs.statSync(path.join(d, n)).isFile());
    if (f) return path.posix.join(dir, f);
  }
  return null;
}

test('static files are served from htdocs/', async (t) => {
  const rel = someStaticFile();
  if (!rel) return t.skip('htdocs/ has no files yet');
  const r = await new Client(srv.base).get(`/static/${rel}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.buffer, fs.readFileSync(path.join(ROOT, 'htdocs', rel)));
  if (rel.endsWith('.css')) assert.match(r.headers['content-type'], /^text\/css/);
});

test('unknown paths are 404 from nginx', async () => {
  const c = new Client(srv.base);
  for (const p of ['/no-such-page', '/static/no-such-file.css', '/loginx', '/calendarfoo/bar']) {
    const r = await c.get(p);
    assert.equal(r.status, 404, p);
  }
});

test('the demo database is there', () => {
  const [o] = srv.sql("SELECT count(*) AS n FROM org WHERE name IN ('Demo-CarSharing', 'Zweite CSO')");
  assert.equal(o.n, 2);
  const [v] = srv.sql('PRAGMA user_version');
  assert.ok(v.user_version >= 1);
});

test('csrf() reads the hidden field', () => {
  assert.equal(csrf('<form><input type="hidden" name="csrf" value="a&amp;b1"></form>'), 'a&b1');
  assert.equal(csrf("<input value='x9' name='csrf' type='hidden'>"), 'x9');
  assert.equal(csrf('<input type="hidden" name="csrfx" value="no">'), null);
});
