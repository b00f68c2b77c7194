// HTTP tests of the admin page's CSV export and import: round trip, preview, errors with lines, awkward files, all-or-nothing, multipart boundaries in one worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { Client, csrf } from './client.mjs';

let srv, admin, member, admin2;

before(async () => {
  // One worker per page: every upload below goes through the same admin process.
  srv = await startServer({ demo: true, workers: 1 });
  admin = new Client(srv.base);
  member = new Client(srv.base);
  admin2 = new Client(srv.base);
  assert.equal((await admin.login('ADMIN', 'admin', { org: 1 })).status, 303);
  assert.equal((await member.login('NEUMANN', 'neumann', { org: 1 })).status, 303);
  assert.equal((await admin2.login('ADMIN2', 'admin2', { org: 2 })).status, 303);
});
after(async () => { await srv?.stop(); });

const count = (sql) => srv.sql(sql)[0].n;
const snapshot = () => JSON.stringify(srv.sql(
  "SELECT (SELECT group_concat(id || '/' || name || '/' || descr || '/' || area_id || '/' || sort, '|') FROM vehicle) AS v," +
  " (SELECT group_concat(id || '/' || login || '/' || descr || '/' || member_no || '/' || is_admin || '/' || locked, '|') FROM member) AS m," +
  " (SELECT count(*) FROM actionlog) AS l, (SELECT count(*) FROM import_upload) AS u"));

async function token(c) {
  return csrf((await c.get('/calendar')).body);
}

// POSTs a multipart form: fields plus a file part "file" (Buffer or string).
async function upload(c, kind, content, { boundary = '----WbTest' + Math.random().toString(16).slice(2), tok, filename = 'liste.csv' } = {}) {
  const t = tok === undefined ? await token(c) : tok;
  const parts = [];
  const field = (name, value) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  if (t !== null) parts.push(field('csrf', t));
  if (kind !== null) parts.push(field('kind', kind));
  if (content !== null) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return c.post('/admin/import', Buffer.concat(parts), { contentType: `multipart/form-data; boundary=${boundary}` });
}

const summary = (body) => {
  const n = (cls) => Number(body.match(new RegExp(`class="${cls}">(\\d+)`))[1]);
  return { new: n('n-new'), changed: n('n-changed'), unchanged: n('n-unchanged'), errors: n('n-errors') };
};
const errors = (body) => [...body.matchAll(/<tr class="imp-error"><td class="line">(\d+)<\/td><td class="column">([^<]*)<\/td><td class="msg">([^<]*)<\/td>/g)]
  .map((m) => ({ line: Number(m[1]), column: m[2], msg: m[3] }));
const uploadId = (body) => Number(body.match(/action="\/admin\/import\/(\d+)"/)?.[1] ?? 0);

async function confirm(c, id) {
  return c.post(`/admin/import/${id}`, { csrf: await token(c) });
}

test('members and vehicles export as CSV with BOM, German headers, quoting and formula protection, no passwords', async () => {
  srv.sql("UPDATE member SET descr = '=HYPERLINK(\"http://x\")' WHERE login = 'HUBER'");
  const r = await admin.get('/admin/members/csv');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
  assert.equal(r.headers['content-disposition'], 'attachment; filename="teilnehmer.csv"');
  assert.deepEqual([...r.buffer.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = r.body.slice(1).split('\r\n');
  // #16: the headers of a German organisation are German (the import reads them back).
  assert.equal(lines[0], '"Benutzername";"Beschreibung";"Mitgliedsnummer";"Verwalter";"Gesperrt"');
  assert.ok(lines.includes('"ADMIN";"Verwaltung Demo-CarSharing";"1000";1;0'));
  assert.ok(lines.includes('"HUBER";"\'=HYPERLINK(""http://x"")";"1004";0;0'), 'formula guard of the one CSV writer');
  assert.ok(!r.body.includes('argon2'));
  assert.ok(!r.body.includes('BERGER'), 'other organisation');
  const v = await admin.get('/admin/vehicles/csv');
  assert.equal(v.headers['content-disposition'], 'attachment; filename="fahrzeuge.csv"');
  assert.match(v.body, /^\uFEFF"Name";"Beschreibung";"Bereich";"Sortiernummer"\r\n"VW Golf";"Kompaktwagen, Benzin";"Innenstadt";10\r\n/);
  assert.ok(!v.body.includes('Citroën'));
  assert.equal((await member.get('/admin/members/csv')).status, 403);
  assert.equal((await member.get('/admin/vehicles/csv')).status, 403);
  assert.equal((await member.get('/admin/import')).status, 403);
  srv.sql("UPDATE member SET descr = 'Hanna Huber, 030 1234567' WHERE login = 'HUBER'");
});

test('an unedited export imports as unchanged (round trip), and nothing is written by a preview', async () => {
  for (const kind of ['members', 'vehicles']) {
    const file = (await admin.get(`/admin/${kind}/csv`)).buffer;
    const before = count('SELECT count(*) AS n FROM actionlog');
    const r = await upload(admin, kind, file);
    assert.equal(r.status, 200, r.body);
    const s = summary(r.body);
    assert.equal(s.new + s.changed + s.errors, 0, kind);
    assert.equal(s.unchanged, count(`SELECT count(*) AS n FROM ${kind === 'members' ? 'member' : 'vehicle'} WHERE org_id = 1`));
    assert.match(r.body, /Die Datei ändert nichts/);
    assert.equal(count('SELECT count(*) AS n FROM actionlog'), before);
  }
});

test('an edited export: preview shows new and changed rows, confirm writes them with ADMIN lines in one go', async () => {
  let text = (await admin.get('/admin/members/csv')).body;
  text = text.replace('"1003";0;0', '"1099";0;1') + '"neu-ling";"Nina Neuling; Tel. 1";"2000";"nein";""\r\n';
  let r = await upload(admin, 'members', text);
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(summary(r.body), { new: 1, changed: 1, unchanged: 5, errors: 0 });
  assert.match(r.body, /Mitgliedsnummer &quot;1003&quot; → &quot;1099&quot;, Gesperrt nein → ja/);  // #16: the preview's words are German
  assert.equal(count("SELECT count(*) AS n FROM member WHERE login = 'NEU-LING'"), 0, 'preview writes nothing');
  const id = uploadId(r.body);
  assert.ok(id > 0);
  // Someone else cannot run it: another organisation's administrator, or a member.
  assert.equal((await confirm(admin2, id)).status, 404);
  assert.equal((await confirm(member, id)).status, 403);
  assert.equal((await admin.post(`/admin/import/${id}`, {})).status, 403, 'no csrf');
  r = await confirm(admin, id);
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/members?imported=1');
  assert.deepEqual(srv.sql("SELECT descr, member_no, is_admin, locked, pw_hash FROM member WHERE login = 'NEU-LING' AND org_id = 1")[0],
    { descr: 'Nina Neuling; Tel. 1', member_no: '2000', is_admin: 0, locked: 0, pw_hash: '' });
  assert.deepEqual(srv.sql("SELECT member_no, locked FROM member WHERE login = 'MEIER'")[0], { member_no: '1099', locked: 1 });
  const log = srv.sql('SELECT line FROM actionlog WHERE org_id = 1 ORDER BY id DESC LIMIT 3').map((x) => x.line).reverse();
  assert.match(log[0], /ADMIN: ADMIN member 3 MEIER changed by import: member_no "1003" -> "1099", locked 0 -> 1$/);
  assert.match(log[1], /ADMIN: ADMIN member \d+ NEU-LING created by import: descr "Nina Neuling; Tel. 1", member_no "2000", admin 0, locked 0$/);
  assert.match(log[2], /ADMIN: ADMIN import of members: 1 new, 1 changed, 5 unchanged$/);
  assert.equal(count('SELECT count(*) AS n FROM import_upload'), 0);
  // The same upload cannot run twice.
  assert.equal((await confirm(admin, id)).status, 404);
});

test('row errors: every one with line and column, nothing staged or written', async () => {
  const before = snapshot();
  let r = await upload(admin, 'members', 'login;descr;member_no;admin\r\n' +
    'GUT;ok;1;0\r\n' +
    "Jörg D'hondt;x;2;0\r\n" +
    '"gut";"second, with ""quotes""";3;1\r\n' +
    ';leer;4;0\r\n' +
    'ADMIN;Chef;1000;nein\r\n' +
    'VIELLEICHT;x;5;vielleicht\r\n');
  assert.equal(r.status, 422);
  assert.deepEqual(errors(r.body).map((e) => [e.line, e.column]),
    [[3, 'login'], [4, 'login'], [5, 'login'], [6, 'admin'], [7, 'admin']]);
  const e = errors(r.body);
  assert.match(e[0].msg, /Vorschlag: JOERG-DHONDT/);
  assert.match(e[1].msg, /schon in Zeile 2/);
  assert.match(e[3].msg, /nicht selbst/);
  assert.match(e[4].msg, /„vielleicht“ ist kein Ja\/Nein-Wert/);
  assert.equal(uploadId(r.body), 0, 'no confirm button');
  r = await upload(admin, 'vehicles', 'name,descr,area,sort\n' +
    'Neuwagen,"Ä30 characters, exactly right",Innenstadt,5\n' +
    'Langer,"0123456789012345678901234567890",Innenstadt,1\n' +
    'Irgendwo,,Mond,1\n' +
    'vw golf,,Innenstadt,x\n' +
    'NEUWAGEN,,südstadt,\n');
  assert.equal(r.status, 422);
  assert.deepEqual(errors(r.body).map((e) => [e.line, e.column]), [[3, 'descr'], [4, 'area'], [5, 'sort'], [6, 'name']]);
  assert.match(errors(r.body)[0].msg, /31 Zeichen lang/);
  assert.match(errors(r.body)[1].msg, /Bereich „Mond“/);
  r = await upload(admin, 'vehicles', 'name;descr;sort\nA;b;1\n');
  assert.equal(r.status, 422);
  assert.deepEqual(errors(r.body), [{ line: 1, column: 'area', msg: 'Die Spalte „area“ fehlt in der Kopfzeile.' }]);
  r = await upload(admin, 'members', 'name;descr\nA;b\n');
  assert.equal(r.status, 422);
  assert.match(r.body, /Spalte „login“ fehlt/);
  assert.equal(snapshot(), before);
});

test('awkward files: separators in quotes with a BOM, Windows-1252, empty, header only, broken quote', async () => {
  const before = snapshot();
  let r = await upload(admin, 'members', '\uFEFFlogin,descr,member_no\r\n"KOMMA","Meier, Hans; ""Hansi""\r\nzweite Zeile",7\r\n');
  assert.equal(r.status, 422, 'a line break inside a description is refused');
  assert.deepEqual(errors(r.body).map((e) => [e.line, e.column]), [[2, 'descr']]);
  r = await upload(admin, 'members', '\uFEFFlogin,descr,member_no\r\n"KOMMA","Meier, Hans; ""Hansi""",7\r\n');
  assert.equal(r.status, 200);
  assert.deepEqual(summary(r.body), { new: 1, changed: 0, unchanged: 0, errors: 0 });
  assert.match(r.body, /<td>Meier, Hans; &quot;Hansi&quot;<\/td>/);
  // Windows-1252: "Jürgen Öztürk" with 0xFC 0xD6 0xFC.
  r = await upload(admin, 'members', Buffer.from([...Buffer.from('login;descr\r\nOEZTUERK;J'), 0xfc, ...Buffer.from('rgen '), 0xd6, ...Buffer.from('zt'), 0xfc, ...Buffer.from('rk\r\n')]));
  assert.equal(r.status, 200);
  assert.match(r.body, /Windows-1252/);
  assert.match(r.body, /<td>Jürgen Öztürk<\/td>/);
  r = await upload(admin, 'members', Buffer.from([0x6c, 0x6f, 0x67, 0x69, 0x6e, 0x0a, 0x81, 0x0a]));
  assert.equal(r.status, 422);
  assert.match(r.body, /keine Textdatei in UTF-8 oder Windows-1252 \(Zeile 2\)/);
  r = await upload(admin, 'members', '');
  assert.equal(r.status, 422);
  assert.match(r.body, /Die Datei ist leer/);
  r = await upload(admin, 'members', '\uFEFF\r\n\r\n');
  assert.equal(r.status, 422);
  assert.match(r.body, /enthält keine Daten/);
  r = await upload(admin, 'members', 'login;descr;member_no\r\n');
  assert.equal(r.status, 200);
  assert.deepEqual(summary(r.body), { new: 0, changed: 0, unchanged: 0, errors: 0 });
  r = await upload(admin, 'members', 'login;descr\r\nA;b\r\n"B;c\r\nC;d\r\n');
  assert.equal(r.status, 422);
  assert.match(r.body, /In Zeile 3 beginnt ein Feld/);
  r = await upload(admin, 'members', null);
  assert.equal(r.status, 422);
  assert.match(r.body, /Bitte wählen Sie eine Datei/);
  r = await upload(admin, 'cars', 'login\nX\n');
  assert.equal(r.status, 422);
  // The staged uploads of the faultless previews are the only writes.
  const after = JSON.parse(snapshot());
  const b = JSON.parse(before);
  assert.equal(after.m, b.m);
  assert.equal(after.v, b.v);
  assert.equal(after.l, b.l);
});

test('uploads with boundaries of different lengths, one after another in one worker, all parse', async () => {
  const file = 'login;descr\r\nBOUNDARY;x\r\n';
  for (const boundary of ['a', 'x'.repeat(70), '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'b1', '-'.repeat(27) + '9051914041544843365972754266', 'q'.repeat(69), 'z']) {
    const r = await upload(admin, 'members', file, { boundary });
    assert.equal(r.status, 200, `boundary of ${boundary.length}`);
    assert.deepEqual(summary(r.body), { new: 1, changed: 0, unchanged: 0, errors: 0 }, `boundary of ${boundary.length}`);
  }
});

test('multipart POSTs without or with a wrong CSRF token are 403', async () => {
  const before = snapshot();
  assert.equal((await upload(admin, 'members', 'login\nX\n', { tok: null })).status, 403);
  assert.equal((await upload(admin, 'members', 'login\nX\n', { tok: 'b'.repeat(64) })).status, 403);
  assert.equal((await upload(member, 'members', 'login\nX\n')).status, 403);
  assert.equal(snapshot(), before);
});

test('a file over 5 MB is refused with a clear message', async () => {
  const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a');
  const r = await upload(admin, 'members', big);
  assert.equal(r.status, 413);
  assert.match(r.body, /größer als 5 MB/);
});

test('a confirmation that no longer fits writes nothing at all', async () => {
  const r = await upload(admin, 'vehicles', 'name;descr;area;sort\nErster Neuer;;Innenstadt;1\nZweiter Neuer;;Südstadt;2\n');
  assert.equal(r.status, 200);
  const id = uploadId(r.body);
  // Meanwhile Südstadt is renamed: the second row's area is unknown now.
  srv.sql("UPDATE area SET name = 'Süd' WHERE id = 2");
  const before = snapshot();
  const c = await confirm(admin, id);
  assert.equal(c.status, 409);
  assert.match(c.body, /inzwischen geändert/);
  assert.match(c.body, /Bereich „Südstadt“/);
  assert.equal(snapshot(), before, 'not even the first row');
  assert.equal(count("SELECT count(*) AS n FROM vehicle WHERE name = 'Erster Neuer'"), 0);
  srv.sql("UPDATE area SET name = 'Südstadt' WHERE id = 2");
  assert.equal((await confirm(admin, id)).status, 303);
  assert.equal(count("SELECT count(*) AS n FROM vehicle WHERE name IN ('Erster Neuer', 'Zweiter Neuer') AND org_id = 1"), 2);
});

test('10,000 rows: preview and import in one transaction', async () => {
  let text = 'login;descr;member_no\r\n';
  for (let i = 0; i < 10000; i++) text += `M${String(i).padStart(5, '0')};"Mitglied ${i}, Tel. ${i}";${5000 + i}\r\n`;
  let t = Date.now();
  const r = await upload(admin, 'members', text);
  const previewMs = Date.now() - t;
  assert.equal(r.status, 200);
  assert.deepEqual(summary(r.body), { new: 10000, changed: 0, unchanged: 0, errors: 0 });
  assert.equal((r.body.match(/<tr class="act-new">/g) || []).length, 2000, 'the preview lists 2000 rows');
  assert.match(r.body, /nicht aufgeführt sind \(sie sind in den Zahlen oben enthalten\): 8000/);
  t = Date.now();
  const c = await confirm(admin, uploadId(r.body));
  const applyMs = Date.now() - t;
  assert.equal(c.status, 303);
  assert.equal(count("SELECT count(*) AS n FROM member WHERE org_id = 1 AND login LIKE 'M0%'"), 10000);
  console.log(`# 10,000 rows: preview ${previewMs} ms, import ${applyMs} ms`);
  assert.ok(previewMs < 10000 && applyMs < 10000);
});
