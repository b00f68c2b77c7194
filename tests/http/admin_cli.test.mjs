// wagenbuch-admin against real databases: migrate, org create (and sign-in with it over HTTP),
// reset-password, backup while the pages serve, restore with its checks, check, the mini-market
// commands, the upgrade from the previous release's schema, and the failure cases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, ROOT, BUILD } from './harness.mjs';
import { Client } from './client.mjs';

const BIN = path.join(BUILD, 'wagenbuch-admin');
const SCHEMA = path.join(ROOT, 'schema');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-admin-'));
const latest = Math.max(...fs.readdirSync(SCHEMA).filter((f) => /^\d{3}_.*\.sql$/.test(f)).map((f) => Number(f.slice(0, 3))));

// Runs the command on db with args; input goes to stdin (the password). -> {status, out, err}.
function admin(db, args, input = '') {
  const r = spawnSync(BIN, args, { env: { ...process.env, WB_DB: db, WB_SCHEMA: SCHEMA }, input, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
const sql = (db, q) => {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
};

let srv;
before(async () => { srv = await startServer({ demo: false }); });
after(async () => { await srv?.stop(); fs.rmSync(tmp, { recursive: true, force: true }); });

test('--help of every command exits 0; unknown commands and a password argument are usage errors (2)', () => {
  const db = path.join(tmp, 'help.db');
  for (const args of [['--help'], ['org', 'create', '--help'], ['org', 'list', '--help'], ['admin', 'reset-password', '--help'],
    ['backup', '--help'], ['restore', '--help'], ['check', '--help'], ['migrate', '--help'], ['minimarket', '--help'],
    ['operator', '--help']]) {
    const r = admin(db, args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.out, /^usage: wagenbuch-admin/, args.join(' '));
  }
  assert.equal(admin(db, []).status, 2);
  assert.equal(admin(db, ['frobnicate']).status, 2);
  const pw = admin(db, ['org', 'create', '--name', 'X', '--admin', 'a', '--password', 'Geheim-Genug-42']);
  assert.equal(pw.status, 2);
  assert.ok(!fs.existsSync(db), 'a usage error creates nothing');
});

test('migrate creates a database, names each migration, writes the set-up token (0600) and then has nothing to do', () => {
  const db = path.join(tmp, 'fresh.db');
  const r = admin(db, ['migrate']);
  assert.equal(r.status, 0, r.err);
  const applied = [...r.out.matchAll(/^applied (\d{3})_\S+\.sql$/gm)].map((m) => Number(m[1]));
  assert.deepEqual(applied, [1, 2, 3, 5, 6, 7, 8].filter((n) => n <= latest).concat(applied.filter((n) => n > 8)));
  assert.equal(sql(db, 'PRAGMA user_version')[0].user_version, latest);
  const st = fs.statSync(`${db}.setup-token`);
  assert.equal(st.mode & 0o777, 0o600);
  assert.match(fs.readFileSync(`${db}.setup-token`, 'utf8'), /^[0-9a-f]{64}\n$/);
  const again = admin(db, ['migrate']);
  assert.equal(again.status, 0);
  assert.match(again.out, /^nothing to do: schema version \d+$/m);
  assert.doesNotMatch(again.out, /^applied/m);
  assert.equal(admin(db, ['check']).status, 0);
});

test('commands other than migrate refuse a missing, foreign or outdated database (3)', () => {
  const missing = admin(path.join(tmp, 'nope.db'), ['org', 'list']);
  assert.equal(missing.status, 3);
  assert.match(missing.err, /no database at .*migrate/);
  const junk = path.join(tmp, 'junk.db');
  fs.writeFileSync(junk, 'this is no database\n'.repeat(300));
  assert.equal(admin(junk, ['org', 'list']).status, 3);
  const m = admin(junk, ['migrate']);
  assert.equal(m.status, 3);
  assert.match(m.err, /not a Wagenbuch database/);
  assert.equal(fs.readFileSync(junk, 'utf8'), 'this is no database\n'.repeat(300), 'migrate never writes into a foreign file');
  const old = path.join(tmp, 'old.db');
  execFileSync('sqlite3', [old], { input: fs.readFileSync(path.join(SCHEMA, '001_init.sql')) + '\nPRAGMA user_version = 1;' });
  const behind = admin(old, ['org', 'list']);
  assert.equal(behind.status, 3);
  assert.match(behind.err, /schema version 1.*run `wagenbuch-admin migrate`/);
  const chk = admin(old, ['check']);
  assert.equal(chk.status, 3);
  assert.match(chk.out, /schema version: 1 of \d+ \(behind: run migrate\)/);
});

test('org create: the new administrator signs in over HTTP; the set-up token is gone; the log names it', async () => {
  const before = admin(srv.db, ['org', 'list']);
  assert.equal(before.status, 0, before.err);
  assert.equal(before.out, '');
  const r = admin(srv.db, ['org', 'create', '--name', 'CarSharing Nord', '--admin', 'chefin', '--tz', 'Europe/Berlin', '--lang', 'en'],
    'Lange-Nacht-am-Deich-7\n');
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /^organisation (\d+) "CarSharing Nord" created; administrator CHEFIN$/m);
  assert.ok(!fs.existsSync(`${srv.db}.setup-token`));
  const [org] = sql(srv.db, `SELECT id, tz, lang FROM org WHERE name = 'CarSharing Nord'`);
  assert.deepEqual([org.tz, org.lang], ['Europe/Berlin', 'en']);
  const [m] = sql(srv.db, `SELECT login, is_admin, pw_hash FROM member WHERE org_id = ${org.id}`);
  assert.equal(m.login, 'CHEFIN');
  assert.equal(m.is_admin, 1);
  assert.match(m.pw_hash, /^\$argon2id\$/);
  assert.equal(sql(srv.db, `SELECT count(*) AS n FROM area WHERE org_id = ${org.id}`)[0].n, 1);
  assert.match(sql(srv.db, `SELECT line FROM actionlog WHERE org_id = ${org.id}`)[0].line,
    /WAGENBUCH-ADMIN: ADMIN organisation \d+ created: name "CarSharing Nord", .*administrator CHEFIN$/);
  const c = new Client(srv.base);
  const bad = await c.login('chefin', 'falsch-falsch-falsch');
  assert.notEqual(bad.status, 303);
  const ok = await c.login('chefin', 'Lange-Nacht-am-Deich-7');
  assert.equal(ok.status, 303);
  assert.equal((await c.get('/admin/members')).status, 200);
  const list = admin(srv.db, ['org', 'list']);
  assert.match(list.out, /^\d+\tCarSharing Nord\tEurope\/Berlin\ten\t1 members\t1 administrators$/m);
});

test('org create refuses an existing name, a weak password, a bad login, zone or language (1) and writes nothing', () => {
  const count = () => sql(srv.db, 'SELECT (SELECT count(*) FROM org) || "/" || (SELECT count(*) FROM member) || "/" || (SELECT count(*) FROM actionlog) AS n')[0].n;
  const n0 = count();
  const dup = admin(srv.db, ['org', 'create', '--name', 'CarSharing Nord', '--admin', 'zweiter'], 'Noch-ein-gutes-Passwort-1\n');
  assert.equal(dup.status, 1);
  assert.match(dup.err, /already exists/);
  for (const [pw, why] of [['kurz12', /shorter than 10/], ['aaaaaaaaaaaa', /repeated|run/], ['1234567890', /run/],
    ['Passwort2024!', /well-known/], ['xxNEUERxx12', /login/]]) {
    const r = admin(srv.db, ['org', 'create', '--name', 'CS Süd', '--admin', 'neuer'], `${pw}\n`);
    assert.equal(r.status, 1, pw);
    assert.match(r.err, /weak password/);
    assert.match(r.err, why, pw);
  }
  assert.equal(admin(srv.db, ['org', 'create', '--name', 'CS Süd', '--admin', 'ä b'], 'Lange-Nacht-am-Deich-7\n').status, 1);
  assert.equal(admin(srv.db, ['org', 'create', '--name', 'CS Süd', '--admin', 'ok', '--tz', 'Mars/Olymp'], 'Lange-Nacht-am-Deich-7\n').status, 1);
  assert.equal(admin(srv.db, ['org', 'create', '--name', 'CS Süd', '--admin', 'ok', '--tz', '../../etc/passwd'], 'Lange-Nacht-am-Deich-7\n').status, 1);
  assert.equal(admin(srv.db, ['org', 'create', '--name', 'CS Süd', '--admin', 'ok', '--lang', 'fr'], 'Lange-Nacht-am-Deich-7\n').status, 1);
  assert.equal(admin(srv.db, ['org', 'create', '--name', 'CS Süd', '--admin', 'ok'], '').status, 1, 'no password on stdin');
  assert.equal(count(), n0);
});

// Runs the command on a pseudo-terminal (python3's pty), answering both password prompts.
const TTYRUN = `import os, pty, sys, time
args = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
out = b''
def read_until(token, timeout=10):
    global out
    end = time.time() + timeout
    while token not in out and time.time() < end:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk: break
        out += chunk
read_until(b'New password: ')
os.write(fd, os.environ['PW1'].encode() + b'\\n')
read_until(b'Repeat it: ')
os.write(fd, os.environ['PW2'].encode() + b'\\n')
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk: break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
`;
function onTerminal(db, args, pw1, pw2) {
  const script = path.join(tmp, 'ttyrun.py');
  fs.writeFileSync(script, TTYRUN);
  const r = spawnSync('python3', [script, BIN, ...args], {
    env: { ...process.env, WB_DB: db, WB_SCHEMA: SCHEMA, PW1: pw1, PW2: pw2 }, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

test('on a terminal the password is asked twice without echo; two different ones are refused', () => {
  const n0 = sql(srv.db, 'SELECT count(*) AS n FROM org')[0].n;
  const diff = onTerminal(srv.db, ['org', 'create', '--name', 'Terminal-CS', '--admin', 'tty'], 'Lange-Nacht-am-Deich-7', 'Lange-Nacht-am-Deich-8');
  assert.equal(diff.status, 1, diff.out);
  assert.match(diff.out, /New password: [\s\S]*Repeat it: [\s\S]*the two passwords differ/);
  assert.ok(!diff.out.includes('Lange-Nacht'), 'no echo');
  assert.equal(sql(srv.db, 'SELECT count(*) AS n FROM org')[0].n, n0);
  const ok = onTerminal(srv.db, ['org', 'create', '--name', 'Terminal-CS', '--admin', 'tty'], 'Lange-Nacht-am-Deich-7', 'Lange-Nacht-am-Deich-7');
  assert.equal(ok.status, 0, ok.out);
  assert.ok(!ok.out.includes('Lange-Nacht'), 'no echo');
  assert.match(ok.out, /organisation \d+ "Terminal-CS" created; administrator TTY/);
  // Back to one organisation, so that the sign-ins below need no organisation field.
  sql(srv.db, `DELETE FROM actionlog WHERE org_id = (SELECT id FROM org WHERE name = 'Terminal-CS');
    DELETE FROM member WHERE org_id = (SELECT id FROM org WHERE name = 'Terminal-CS');
    DELETE FROM area WHERE org_id = (SELECT id FROM org WHERE name = 'Terminal-CS');
    DELETE FROM org WHERE name = 'Terminal-CS'`);
});

test('admin reset-password: a new password that signs in, old sessions end; unknown org, member or non-admin refused', async () => {
  const c = new Client(srv.base);
  assert.equal((await c.login('chefin', 'Lange-Nacht-am-Deich-7')).status, 303);
  assert.equal((await c.get('/admin/members')).status, 200);
  const r = admin(srv.db, ['admin', 'reset-password', 'CarSharing Nord', 'CHEFIN'], 'Morgens-Ebbe-am-Deich-8\n');
  assert.equal(r.status, 0, r.err);
  assert.notEqual((await c.get('/admin/members')).status, 200, 'the old session ended');
  const d = new Client(srv.base);
  assert.notEqual((await d.login('chefin', 'Lange-Nacht-am-Deich-7')).status, 303);
  assert.equal((await d.login('chefin', 'Morgens-Ebbe-am-Deich-8')).status, 303);
  assert.equal(admin(srv.db, ['admin', 'reset-password', 'Keine Org', 'CHEFIN'], 'Morgens-Ebbe-am-Deich-9\n').status, 1);
  const nobody = admin(srv.db, ['admin', 'reset-password', 'CarSharing Nord', 'NIEMAND'], 'Morgens-Ebbe-am-Deich-9\n');
  assert.equal(nobody.status, 1);
  assert.match(nobody.err, /no member/);
  const org = sql(srv.db, `SELECT id FROM org WHERE name = 'CarSharing Nord'`)[0].id;
  sql(srv.db, `INSERT INTO member (org_id, login) VALUES (${org}, 'MITGLIED')`);
  const plain = admin(srv.db, ['admin', 'reset-password', String(org), 'mitglied'], 'Morgens-Ebbe-am-Deich-9\n');
  assert.equal(plain.status, 1);
  assert.match(plain.err, /no administrator/);
  const weak = admin(srv.db, ['admin', 'reset-password', String(org), 'chefin'], 'chefin\n');
  assert.equal(weak.status, 1);
  assert.match(weak.err, /weak password/);
});

test('backup while the pages serve; unwritable targets refused; restore refuses foreign files and running workers', async () => {
  const c = new Client(srv.base);
  assert.equal((await c.login('chefin', 'Morgens-Ebbe-am-Deich-8')).status, 303);
  assert.equal((await c.get('/calendar')).status, 200); // the workers have the database open now
  const file = path.join(tmp, 'backup.db');
  const b = admin(srv.db, ['backup', file]);
  assert.equal(b.status, 0, b.err);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(admin(file, ['check']).status, 0);
  assert.deepEqual(sql(file, 'SELECT name FROM org ORDER BY id'), sql(srv.db, 'SELECT name FROM org ORDER BY id'));
  assert.equal(admin(srv.db, ['backup', file]).status, 1, 'an existing file is not overwritten without --force');
  assert.equal(admin(srv.db, ['backup', file, '--force']).status, 0);
  fs.writeFileSync(path.join(tmp, 'plainfile'), 'x');
  for (const target of [path.join(tmp, 'plainfile', 'backup.db'), path.join(tmp, 'no', 'such', 'dir.db'), '/proc/wagenbuch-backup.db']) {
    const r = admin(srv.db, ['backup', target]);
    assert.equal(r.status, 1, target);
    assert.match(r.err, /cannot write/);
  }
  assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes('.tmp-')), [], 'no temporary file left behind');

  const orgsBefore = sql(srv.db, 'SELECT id, name FROM org ORDER BY id');
  const junk = path.join(tmp, 'notes.db');
  fs.writeFileSync(junk, 'SQLite format 3\0 but not really'.repeat(200));
  const j = admin(srv.db, ['restore', junk, '--force']);
  assert.equal(j.status, 1);
  assert.match(j.err, /not a Wagenbuch database; nothing restored/);
  const other = path.join(tmp, 'other.db');
  execFileSync('sqlite3', [other, 'CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 3;']);
  assert.equal(admin(srv.db, ['restore', other, '--force']).status, 1);
  const newer = path.join(tmp, 'newer.db');
  fs.copyFileSync(file, newer);
  execFileSync('sqlite3', [newer, `PRAGMA user_version = ${latest + 1}`]);
  const nr = admin(srv.db, ['restore', newer, '--force']);
  assert.equal(nr.status, 1);
  assert.match(nr.err, /newer than this installation/);
  assert.equal(admin(srv.db, ['restore', path.join(tmp, 'missing.db')]).status, 1);
  assert.deepEqual(sql(srv.db, 'SELECT id, name FROM org ORDER BY id'), orgsBefore);

  // A change after the backup, then a restore: refused while workers run, done with --force.
  sql(srv.db, `UPDATE org SET name = 'Umbenannt' WHERE name = 'CarSharing Nord'`);
  const busy = admin(srv.db, ['restore', file]);
  assert.equal(busy.status, 1);
  assert.match(busy.err, /processes have the database open/);
  assert.equal(sql(srv.db, `SELECT count(*) AS n FROM org WHERE name = 'Umbenannt'`)[0].n, 1);
  const forced = admin(srv.db, ['restore', file, '--force']);
  assert.equal(forced.status, 0, forced.err);
  assert.deepEqual(sql(srv.db, 'SELECT id, name FROM org ORDER BY id'), orgsBefore);
  assert.equal(admin(srv.db, ['check']).status, 0);
  // The running workers read the restored data.
  const d = new Client(srv.base);
  assert.equal((await d.login('chefin', 'Morgens-Ebbe-am-Deich-8')).status, 303);
});

test('mini-market and operator commands (formerly tools/wb-operator)', () => {
  const add = admin(srv.db, ['minimarket', 'add', 'Nordverbund']);
  assert.equal(add.status, 0, add.err);
  const id = Number(add.out.trim());
  assert.ok(id > 0);
  assert.equal(admin(srv.db, ['minimarket', 'add', 'Nordverbund']).status, 1);
  assert.equal(admin(srv.db, ['minimarket', 'addorg', 'Nordverbund', 'CarSharing Nord']).status, 0);
  assert.equal(admin(srv.db, ['minimarket', 'addorg', 'Nordverbund', 'CarSharing Nord']).status, 0, 'idempotent');
  assert.equal(admin(srv.db, ['minimarket', 'addorg', 'Südverbund', 'CarSharing Nord']).status, 1);
  assert.equal(admin(srv.db, ['minimarket', 'addorg', 'Nordverbund', 'Keine']).status, 1);
  assert.match(admin(srv.db, ['minimarket', 'list']).out, new RegExp(`^${id}\\tNordverbund\\t\\d+ CarSharing Nord$`, 'm'));
  const g = admin(srv.db, ['operator', 'grant', 'CarSharing Nord', 'chefin']);
  assert.equal(g.status, 0, g.err);
  assert.equal(sql(srv.db, `SELECT is_operator FROM member WHERE login = 'CHEFIN'`)[0].is_operator, 1);
  assert.equal(admin(srv.db, ['operator', 'grant', 'CarSharing Nord', 'niemand']).status, 1);
  // tools/wb-operator, kept for old scripts, runs the same commands.
  const w = spawnSync(path.join(ROOT, 'tools/wb-operator'), ['minimarket', 'list'],
    { env: { ...process.env, WB_DB: srv.db, WB_SCHEMA: SCHEMA, WB_ADMIN: BIN }, encoding: 'utf8' });
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stdout, new RegExp(`^${id}\\tNordverbund\\t`, 'm'));
  assert.equal(spawnSync(path.join(ROOT, 'tools/wb-operator'), ['org', 'list'], { env: { ...process.env, WB_DB: srv.db } }).status, 2);
});

test('upgrade: a database of the previous release (schema from git history) with demo data migrates, passes check, data unchanged', () => {
  // The previous release: the last commit before migration 008 was added.
  const rev = execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%H', '--diff-filter=A', '--', 'schema/008_monotonic_ids.sql'], { encoding: 'utf8' }).trim();
  const prev = rev ? `${rev}~1` : 'HEAD';
  const files = execFileSync('git', ['-C', ROOT, 'ls-tree', '--name-only', prev, 'schema/'], { encoding: 'utf8' })
    .split('\n').filter((f) => /schema\/\d{3}_.*\.sql$/.test(f)).sort();
  assert.ok(files.length >= 6 && !files.some((f) => f.includes('008_')), files.join(' '));
  const db = path.join(tmp, 'upgrade.db');
  let version = 0;
  for (const f of files) {
    execFileSync('sqlite3', ['-bail', db], { input: `BEGIN;\n${execFileSync('git', ['-C', ROOT, 'show', `${prev}:${f}`])}\nCOMMIT;` });
    version = Number(path.basename(f).slice(0, 3));
  }
  execFileSync('sqlite3', ['-bail', db], { input: `PRAGMA user_version = ${version}; PRAGMA journal_mode = WAL; BEGIN;\n${execFileSync('git', ['-C', ROOT, 'show', `${prev}:schema/demo.sql`])}\nCOMMIT;` });
  // Some history the migration must keep: a deleted newest booking, a version, a log line, a billing row.
  execFileSync('sqlite3', ['-bail', db], { input: `PRAGMA foreign_keys = ON;
    INSERT INTO actionlog (org_id, at, line) VALUES (1, 1700000000, 'vorher');
    INSERT INTO booking_version (booking_id, org_id, vehicle_id, member_id, start, end, purpose, kind, replaced_at, replaced_by)
      SELECT id, org_id, vehicle_id, member_id, start, end, purpose, 'CHGSTO', 1700000000, 1 FROM booking ORDER BY id LIMIT 1;
    DELETE FROM booking WHERE id = (SELECT max(id) FROM booking);` });
  const dump = (d) => ['booking', 'booking_version', 'billing', 'actionlog', 'member', 'vehicle', 'trip', 'offer', 'subscription']
    .map((t) => JSON.stringify(sql(d, `SELECT * FROM ${t} ORDER BY rowid`))).join('\n');
  const before = dump(db);
  const maxBooking = sql(db, 'SELECT max(id) AS m FROM booking')[0].m;
  const chk0 = admin(db, ['check']);
  assert.equal(chk0.status, 3, 'behind before the migration');
  const m = admin(db, ['migrate']);
  assert.equal(m.status, 0, m.out + m.err);
  assert.match(m.out, /^applied 008_monotonic_ids\.sql$/m);
  const chk = admin(db, ['check']);
  assert.equal(chk.status, 0, chk.out + chk.err);
  assert.equal(dump(db), before);
  assert.equal(sql(db, 'PRAGMA foreign_key_check').length, 0);
  // The booking trigger of the billing scan still fires, and after a delete the next booking gets a
  // new number (a number deleted before the upgrade is unknown to it and may come again once).
  const ins = `INSERT INTO booking (org_id, vehicle_id, member_id, start, end, created_by, created_at, changed_at)
    SELECT org_id, vehicle_id, member_id, start + 86400000, end + 86400000, created_by, created_at, changed_at FROM booking WHERE id = ${maxBooking}`;
  sql(db, ins);
  const [nb] = sql(db, 'SELECT max(id) AS m FROM booking');
  assert.equal(nb.m, maxBooking + 1);
  sql(db, `DELETE FROM booking WHERE id = ${nb.m}`);
  sql(db, ins);
  assert.equal(sql(db, 'SELECT max(id) AS m FROM booking')[0].m, maxBooking + 2);
  assert.equal(sql(db, `SELECT count(*) AS n FROM billing_dirty WHERE booking_id = ${nb.m}`)[0].n, 1);
});
