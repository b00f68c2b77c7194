// E-mail over HTTP and wb-cron: the outbox is filled in the booking's transaction, a real SMTP server
// (aiosmtpd) receives the messages; a relay that is down or hangs never slows a booking; reminders once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './harness.mjs';
import { Client as BaseClient } from './client.mjs';
import { startSmtp, startSilent, cron } from './mailkit.mjs';

class Client extends BaseClient {
  post(p, form = {}, opts = {}) {
    return super.post(p, form, { ...opts, headers: { Origin: null, ...(opts.headers ?? {}) } });
  }
}

const TZ = 'Europe/Berlin';
const FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const parts = (t) => Object.fromEntries(FMT.formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
const input = (t) => { const p = parts(t); return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`; };
const human = (t) => { const p = parts(t); return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`; };
const nowS = () => Math.floor(Date.now() / 1000);
const q15 = (t) => t + ((900 - (t % 900)) % 900);

let srv, smtp, admin, neu;
const one = (q) => srv.sql(q)[0];

async function signIn(login, pw) {
  const c = new Client(srv.base);
  const r = await c.login(login, pw, { org: 1 });
  assert.equal(r.status, 303);
  c.token = c.csrf((await c.get('/calendar')).body);
  return c;
}

async function settings(fields) {
  const r = await admin.post('/admin/mail', {
    csrf: admin.token, transport: 'smtp', sender: 'buchung@demo-carsharing.example', smtp_host: '127.0.0.1',
    smtp_port: smtp.port, smtp_security: 'none', smtp_user: '', base_url: 'https://buchen.example.org',
    reminder_minutes: 120, ...fields,
  });
  assert.equal(r.status, 303, r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]);
}

// Books for NEUMANN as the administrator: days ahead (or a start time), hours long.
let slot = 0;
async function book({ start, hours = 2, purpose = '', vehicle = 1 } = {}) {
  const s = start ?? q15(nowS() + (40 + slot++) * 86400);
  const top = one('SELECT coalesce(max(id), 0) AS n FROM outbox').n;
  const r = await admin.post('/calendar/booking/new', {
    csrf: admin.token, vehicle, member: 2, start: input(s), end: input(s + hours * 3600), purpose,
  });
  assert.equal(r.status, 303, r.body.match(/<div class="errors[\s\S]*?<\/div>/)?.[0]);
  return { id: Number(r.location.match(/booking\/(\d+)/)[1]), start: s, end: s + hours * 3600, top };
}

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({ demo: true });
  admin = await signIn('ADMIN', 'admin');
  neu = await signIn('NEUMANN', 'neumann');
  await settings({});
  const r = await admin.post('/admin/members/2/mail', { csrf: admin.token, email: 'nina.neumann@example.org' });
  assert.equal(r.status, 303);
});
after(async () => { await srv?.stop(); await smtp?.stop(); });

test('settings: bad input is 422 with the form kept; the SMTP password is stored sealed, never shown', async () => {
  const bad = await admin.post('/admin/mail', { csrf: admin.token, transport: 'smtp', sender: 'kein-at', smtp_host: '', smtp_port: 70000 });
  assert.equal(bad.status, 422);
  assert.match(bad.body, /gültige E-Mail-Adresse/);
  assert.match(bad.body, /zwischen 1 und 65535/);
  assert.match(bad.body, /value="kein-at"/);
  await settings({ smtp_user: 'relayuser', smtp_password: 'Geheim-Passwort-42' });
  const row = one('SELECT smtp_password FROM mail_settings WHERE org_id = 1');
  assert.match(row.smtp_password, /^s1:/);
  assert.ok(!row.smtp_password.includes('Geheim'));
  const key = path.join(srv.varDir, 'sealed.key');
  assert.equal(fs.statSync(key).mode & 0o777, 0o600);
  const page = await admin.get('/admin/mail');
  assert.equal(page.status, 200);
  assert.ok(!page.body.includes('Geheim-Passwort-42'));
  assert.match(page.body, /Ein Passwort ist gespeichert/);
  assert.ok(!srv.sql("SELECT line FROM actionlog WHERE line LIKE '%Geheim%'").length);
  await settings({ smtp_user: '' , clear_password: '1' });
  assert.equal(one('SELECT smtp_password FROM mail_settings WHERE org_id = 1').smtp_password, '');
  assert.match(page.body, /href="\/admin\/mail" class="on" aria-current="page">E-Mails<\/a>/);
  const form = await admin.get('/admin/members/2');
  assert.match(form.body, /href="\/admin\/members\/2\/mail"/);
  // A member cannot reach the page; another organisation's member address is 404.
  assert.equal((await neu.get('/admin/mail')).status, 403);
  assert.equal((await admin.get('/admin/members/8/mail')).status, 404);
});

test('booking created by an administrator: one mail to the member, decoded subject, MIME text + .ics REQUEST', async () => {
  const before = smtp.messages().length;
  const b = await book({ purpose: 'Umzug; Kisten, Lampen \\ Möbel' });
  const q = one(`SELECT count(*) AS n, max(status) AS s FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`);
  assert.deepEqual([q.n, q.s], [1, 'queued']);
  const run = await cron(srv);
  assert.equal(run.status, 0, run.stderr);
  const msgs = smtp.messages().slice(before);
  assert.equal(msgs.length, 1);
  const m = msgs[0];
  assert.deepEqual(m.rcpt_tos, ['nina.neumann@example.org']);
  assert.equal(m.mail_from, 'buchung@demo-carsharing.example');
  assert.equal(m.subject, `Buchung bestätigt: VW Golf, ${human(b.start)}`);
  assert.match(m.subject_raw, /^=\?UTF-8\?B\?/);
  assert.match(m.from, /Demo-CarSharing.*<buchung@demo-carsharing\.example>/);
  assert.equal(m.mime_version, '1.0');
  assert.match(m.message_id, /^<wb\.\d+\.\d+@demo-carsharing\.example>$/);
  assert.ok(Math.abs(Date.parse(m.date) / 1000 - nowS()) < 120, m.date);
  assert.equal(m.content_type, 'multipart/mixed');
  assert.deepEqual(m.parts.map((p) => p.type), ['text/plain', 'text/calendar']);
  assert.equal(m.parts[0].charset, 'utf-8');
  assert.equal(m.parts[1].method, 'REQUEST');
  assert.equal(m.parts[1].filename, 'booking.ics');
  assert.ok(m.raw_max_line <= 998);
  assert.match(m.text, /Ihre Buchung wurde angelegt/);
  assert.match(m.text, new RegExp(`Beginn: +${human(b.start)}`));
  assert.match(m.text, new RegExp(`Ende: +${human(b.end)}`));
  assert.match(m.text, /Ausgeführt von: ADMIN/);
  assert.match(m.text, /Umzug; Kisten, Lampen/);
  assert.equal(m.ics.method, 'REQUEST');
  assert.deepEqual(m.ics.timezones, ['Europe/Berlin']);
  const ev = m.ics.events[0];
  assert.match(ev.uid, new RegExp(`^wagenbuch-booking-${b.id}-\\d+@1\\.wagenbuch$`));
  assert.equal(ev.uid, one(`SELECT uid FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`).uid);
  assert.equal(ev.sequence, 0);
  assert.equal(ev.tzid, 'Europe/Berlin');
  assert.equal(ev.summary, 'VW Golf');
  assert.equal(ev.description, 'Umzug; Kisten, Lampen \\ Möbel');
  assert.equal(Date.parse(ev.dtstart) / 1000, b.start);
  assert.equal(Date.parse(ev.dtend) / 1000, b.end);
  const sent = one(`SELECT status, answer, subject FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`);
  assert.equal(sent.status, 'sent');
  assert.match(sent.answer, /^250 OK queued as test-\d+/);
  // The admin page lists it as sent, with the answer.
  const page = await admin.get('/admin/mail');
  assert.match(page.body, /250 OK queued as test-/);
});

test('change and cancel: the same UID with a rising SEQUENCE; DELETE before the period says so, CANCEL method', async () => {
  const b = await book();
  const ch = await admin.post(`/calendar/booking/${b.id}/edit`, {
    csrf: admin.token, vehicle: 1, member: 2, start: input(b.start + 3600), end: input(b.end + 3600), purpose: '',
  });
  assert.equal(ch.status, 303);
  const del = await admin.post(`/calendar/booking/${b.id}/delete`, { csrf: admin.token });
  assert.equal(del.status, 303);
  const uid = one(`SELECT uid FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top} ORDER BY id LIMIT 1`).uid;
  assert.equal(srv.sql(`SELECT DISTINCT uid FROM outbox WHERE uid = '${uid}'`).length, 1);
  const before = smtp.messages().length;
  assert.equal((await cron(srv)).status, 0);
  const msgs = smtp.messages().slice(before).filter((m) => m.ics?.events[0]?.uid === uid);
  assert.equal(msgs.length, 3);
  const seqs = msgs.map((m) => m.ics.events[0].sequence).sort();
  assert.deepEqual(seqs, [0, 1, 2]);
  const last = msgs.find((m) => m.ics.events[0].sequence === 2);
  assert.equal(last.ics.method, 'CANCEL');
  assert.equal(last.ics.events[0].status, 'CANCELLED');
  assert.equal(last.parts[1].method, 'CANCEL');
  assert.match(last.subject, /^Buchung gelöscht: VW Golf/);
  assert.match(last.text, /DELETE/);
  assert.match(last.text, /vor Beginn der Stornofrist/);
  const changed = msgs.find((m) => m.ics.events[0].sequence === 1);
  assert.match(changed.subject, /^Buchung geändert/);
  assert.equal(Date.parse(changed.ics.events[0].dtstart) / 1000, b.start + 3600);
});

test('STORNO within the cancellation period says STORNO and that it stays billable', async () => {
  // Moved into the cancellation period behind the application's back (the demo fills today's calendar).
  const b = await book();
  const s = q15(nowS() + 5 * 3600);
  srv.sql(`UPDATE booking SET start = ${s}, end = ${s + 3600} WHERE id = ${b.id}`);
  const del = await admin.post(`/calendar/booking/${b.id}/delete`, { csrf: admin.token });
  assert.equal(del.status, 303);
  assert.equal(one(`SELECT status FROM booking WHERE id = ${b.id}`).status, 'storno');
  const before = smtp.messages().length;
  await cron(srv);
  const m = smtp.messages().slice(before).find((x) => x.subject.startsWith('Buchung storniert'));
  assert.ok(m, 'a STORNO mail');
  assert.match(m.text, /STORNO/);
  assert.match(m.text, /abrechenbar/);
});

test('members who switched booking mails off get none; without an address nothing is queued', async () => {
  let r = await admin.post('/admin/members/2/mail', { csrf: admin.token, email: 'nina.neumann@example.org', off_booking: '1' });
  assert.equal(r.status, 303);
  const maxId = () => one('SELECT coalesce(max(id), 0) AS n FROM outbox').n;
  let top = maxId();
  await book();
  assert.equal(maxId(), top);
  r = await admin.post('/admin/members/2/mail', { csrf: admin.token, email: 'nina.neumann@example.org' });
  assert.equal(r.status, 303);
  const c = await admin.post('/calendar/booking/new', { csrf: admin.token, vehicle: 1, member: 3, start: input(q15(nowS() + 70 * 86400)), end: input(q15(nowS() + 70 * 86400) + 3600) });
  assert.equal(c.status, 303);
  const id = Number(c.location.match(/booking\/(\d+)/)[1]);
  assert.equal(maxId(), top);
  assert.equal(one(`SELECT seq FROM booking_ics WHERE booking_id = ${id}`).seq, 0);
});

test('relay down: the booking is as fast as ever, the mail waits with the reason and arrives once it is back', async () => {
  const port = smtp.port;
  await smtp.stop();
  const t0 = Date.now();
  const b = await book();
  assert.ok(Date.now() - t0 < 1500, `booking took ${Date.now() - t0} ms`);
  const run = await cron(srv);
  assert.equal(run.status, 0);
  const q = one(`SELECT status, attempts, answer, next_at FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`);
  assert.equal(q.status, 'queued');
  assert.equal(q.attempts, 1);
  assert.match(q.answer, /connect|Couldn't|refused/i);
  assert.ok(q.next_at > nowS() + 30, 'backs off');
  const page = await admin.get('/admin/mail');
  assert.match(page.body, /wartet/);
  smtp = await startSmtp({ port, dir: smtp.dir });
  const before = smtp.messages().length;
  await cron(srv);
  assert.equal(smtp.messages().length, before, 'not before the back-off ends');
  srv.sql(`UPDATE outbox SET next_at = 0 WHERE booking_id = ${b.id} AND id > ${b.top}`);
  await cron(srv);
  const got = smtp.messages().slice(before);
  assert.equal(got.length, 1);
  assert.equal(got[0].ics.events[0].uid, one(`SELECT uid FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`).uid);
  assert.equal(one(`SELECT status FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`).status, 'sent');
});

test('relay hangs: bookings stay fast, wb-cron gives up on the relay within its timeouts, later mails wait', async () => {
  const silent = await startSilent();
  try {
    await settings({ smtp_port: silent.port });
    const t0 = Date.now();
    const b1 = await book();
    const b2 = await book();
    assert.ok(Date.now() - t0 < 3000, `two bookings took ${Date.now() - t0} ms`);
    const run = await cron(srv, { WB_MAIL_CONNECT_TIMEOUT: '2', WB_MAIL_TIMEOUT: '3' });
    assert.equal(run.status, 0);
    assert.ok(run.ms < 9000, `cron took ${run.ms} ms`);
    const rows = srv.sql(`SELECT status, answer FROM outbox WHERE id > ${b1.top} AND booking_id IN (${b1.id}, ${b2.id}) ORDER BY id`);
    assert.deepEqual(rows.map((r) => r.status), ['queued', 'queued']);
    assert.match(rows.map((r) => r.answer).join(' '), /timeout|timed out/i);
    // A day later it is given up, visible to the administrators, and can be sent again.
    srv.sql(`UPDATE outbox SET next_at = 0, queued_at = queued_at - 90000 WHERE booking_id = ${b1.id} AND id > ${b1.top}`);
    await cron(srv, { WB_MAIL_CONNECT_TIMEOUT: '1', WB_MAIL_TIMEOUT: '1' });
    const f = one(`SELECT id, status, answer FROM outbox WHERE booking_id = ${b1.id} AND id > ${b1.top}`);
    assert.equal(f.status, 'failed');
    const page = await admin.get('/admin/mail');
    assert.match(page.body, /aufgegeben/);
    await settings({});
    const rs = await admin.post(`/admin/mail/${f.id}/resend`, { csrf: admin.token });
    assert.equal(rs.status, 303);
    assert.equal(one(`SELECT status FROM outbox WHERE id = ${f.id}`).status, 'queued');
    assert.equal((await neu.post(`/admin/mail/${f.id}/resend`, { csrf: neu.token })).status, 403);
    srv.sql('UPDATE outbox SET next_at = 0 WHERE status = \'queued\'');
    const before = smtp.messages().length;
    await cron(srv);
    assert.equal(one(`SELECT status FROM outbox WHERE id = ${f.id}`).status, 'sent');
    assert.ok(smtp.messages().length >= before + 2);
  } finally {
    await settings({});
    await silent.stop();
  }
});

// A vehicle of organisation 1 with two free hours starting within the next hour: the demo's bookings
// lie around the day the database was made, so the time of day decides which vehicle is free.
function soonFree() {
  for (const v of srv.sql('SELECT id, name FROM vehicle WHERE org_id = 1 ORDER BY id')) {
    for (let m = 30; m <= 60; m += 15) {
      const s = q15(nowS() + m * 60);
      const busy = one(`SELECT count(*) AS n FROM booking WHERE vehicle_id = ${v.id} AND status = 'active'` +
        ` AND end > ${s} AND start < ${s + 7200}`).n;
      if (!busy) return { vehicle: v.id, name: v.name, start: s };
    }
  }
  throw new Error('no vehicle of organisation 1 is free for two hours within the next hour');
}

test('reminders: two wb-cron runs in parallel queue and send each reminder once; none when switched off', async () => {
  const free = soonFree();
  const b = await book({ start: free.start, hours: 1, vehicle: free.vehicle });
  const before = smtp.messages().length;
  const [r1, r2] = await Promise.all([cron(srv), cron(srv)]);
  assert.equal(r1.status, 0);
  assert.equal(r2.status, 0);
  await cron(srv);
  const rem = srv.sql(`SELECT status FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top} AND kind = 'reminder'`);
  assert.equal(rem.length, 1);
  assert.equal(rem[0].status, 'sent');
  const got = smtp.messages().slice(before).filter((m) => m.subject.startsWith('Erinnerung'));
  assert.equal(got.length, 1);
  assert.equal(got[0].subject, `Erinnerung: ${free.name} ab ${human(b.start)}`);
  assert.equal(got[0].parts.length, 1, 'no attachment in a reminder');
  assert.equal(smtp.messages().slice(before).filter((m) => m.subject.startsWith('Buchung bestätigt')).length, 1);
  // cron records its run for the admin page.
  assert.ok(one('SELECT last_run FROM cron_state').last_run >= nowS() - 60);
  const page = await admin.get('/admin/mail');
  assert.ok(!page.body.includes('cron-late'));
  // Switched off: no reminder.
  await admin.post('/admin/members/2/mail', { csrf: admin.token, email: 'nina.neumann@example.org', off_reminder: '1' });
  const b2 = await book({ start: b.end, hours: 1, vehicle: free.vehicle });
  await cron(srv);
  assert.equal(srv.sql(`SELECT 1 FROM outbox WHERE booking_id = ${b2.id} AND id > ${b2.top} AND kind = 'reminder'`).length, 0);
  await admin.post('/admin/members/2/mail', { csrf: admin.token, email: 'nina.neumann@example.org' });
});

test('cron late: the administrators see a warning when wb-cron has not run for more than 10 minutes', async () => {
  srv.sql(`UPDATE cron_state SET last_run = ${nowS() - 700}`);
  const page = await admin.get('/admin/mail');
  assert.match(page.body, /class="warning cron-late"/);
  await cron(srv);
  assert.ok(!(await admin.get('/admin/mail')).body.includes('cron-late'));
});

test('a member changes their own address only through a link to the new one, and sets preferences', async () => {
  const page = await neu.get('/login/mail');
  assert.equal(page.status, 200);
  assert.match(page.body, /nina\.neumann@example\.org/);
  const bad = await neu.post('/login/mail', { csrf: neu.token, email: 'nicht gültig' });
  assert.equal(bad.status, 422);
  const r = await neu.post('/login/mail', { csrf: neu.token, email: 'nina@neu.example.org', off_trip: '1' });
  assert.equal(r.status, 303);
  const mm = one('SELECT email, pending_email, off_trip, off_booking FROM member_mail WHERE member_id = 2');
  assert.deepEqual([mm.email, mm.pending_email, mm.off_trip, mm.off_booking], ['nina.neumann@example.org', 'nina@neu.example.org', 1, 0]);
  const before = smtp.messages().length;
  await cron(srv);
  const m = smtp.messages().slice(before).find((x) => x.rcpt_tos.includes('nina@neu.example.org'));
  assert.ok(m, 'confirmation to the new address');
  assert.match(m.subject, /E-Mail-Adresse bestätigen/);
  // Until confirmed, booking mails still go to the old address.
  const b = await book();
  await cron(srv);
  assert.equal(smtp.messages().filter((x) => x.subject.startsWith('Buchung bestätigt') && x.rcpt_tos.includes('nina.neumann@example.org')).length > 0, true);
  assert.equal(one(`SELECT recipient FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`).recipient, 'nina.neumann@example.org');
  const link = m.text.match(/https:\/\/buchen\.example\.org(\/login\/mail\/confirm\?token=[0-9a-f]{64})/)[1];
  const c = await new Client(srv.base).get(link);
  assert.equal(c.status, 200);
  assert.match(c.body, /nina@neu\.example\.org/);
  assert.equal(one('SELECT email FROM member_mail WHERE member_id = 2').email, 'nina@neu.example.org');
  assert.equal((await new Client(srv.base).get(link)).status, 404, 'single use');
  // Another member cannot touch it: /login/mail is always one's own.
  assert.equal((await new Client(srv.base).get('/login/mail')).status, 303);
  await admin.post('/admin/members/2/mail', { csrf: admin.token, email: 'nina.neumann@example.org' });
});

test('after the end of a km-priced booking without readings: one request to enter them, with the link', async () => {
  const t = nowS();
  srv.sql(`INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
    VALUES (1, 1, 2, ${t - 400 * 86400}, ${t - 400 * 86400 + 3600}, 'alt', 'active', 2, ${t - 401 * 86400}, ${t - 401 * 86400}),
           (1, 1, 2, ${t - 7200}, ${t - 3600}, 'Fahrt', 'active', 2, ${t - 86400}, ${t - 86400}),
           (1, 3, 2, ${t - 7200}, ${t - 3600}, 'Elektro', 'active', 2, ${t - 86400}, ${t - 86400})`);
  const [old, km, ev] = srv.sql('SELECT id FROM booking ORDER BY rowid DESC LIMIT 3').map((r) => r.id).reverse();
  const before = smtp.messages().length;
  await cron(srv);
  await cron(srv);
  const q = srv.sql(`SELECT booking_id FROM outbox WHERE kind = 'trip' AND booking_id IN (${old}, ${km}, ${ev})`);
  assert.deepEqual(q.map((r) => r.booking_id), [km], 'only the ended km-priced one, once');
  const m = smtp.messages().slice(before).find((x) => x.subject.startsWith('Bitte Kilometerstände eintragen: VW Golf'));
  assert.ok(m);
  assert.ok(m.text.includes(`https://buchen.example.org/calendar/booking/${km}/trip`), m.text);
  assert.equal(m.parts.length, 1);
});

test('English organisation: the mail is in English', async () => {
  srv.sql("UPDATE org SET lang = 'en' WHERE id = 1");
  try {
    const b = await book();
    const before = smtp.messages().length;
    await cron(srv);
    const m = smtp.messages().slice(before).find((x) => x.ics?.events[0]?.uid === one(`SELECT uid FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`).uid);
    assert.ok(m);
    assert.match(m.subject, /^Booking confirmed: VW Golf, /);
    assert.match(m.text, /your booking was created/);
    assert.match(m.text, /Done by:  ADMIN/);
    assert.ok(m.text.includes(`https://buchen.example.org/calendar/booking/${b.id}`));
  } finally {
    srv.sql("UPDATE org SET lang = 'de' WHERE id = 1");
  }
});

test('sendmail transport (shared hosting): the local program gets envelope and message; its exit status decides', async () => {
  const prog = path.join(path.dirname(new URL(import.meta.url).pathname), 'sendmail-relay.py');
  await settings({ transport: 'sendmail', smtp_host: '' });
  try {
    const b = await book();
    const before = smtp.messages().length;
    await cron(srv, { WB_SENDMAIL: prog, WB_TEST_SMTP_PORT: String(smtp.port) });
    const got = smtp.messages().slice(before);
    assert.equal(got.length, 1);
    assert.equal(got[0].mail_from, 'buchung@demo-carsharing.example');
    assert.deepEqual(got[0].rcpt_tos, ['nina.neumann@example.org']);
    assert.match(got[0].subject, /^Buchung bestätigt/);
    assert.equal(one(`SELECT status, answer FROM outbox WHERE booking_id = ${b.id} AND id > ${b.top}`).status, 'sent');
    // EX_TEMPFAIL waits and is tried again; another failure is given up with the reason.
    const b2 = await book();
    await cron(srv, { WB_SENDMAIL: prog, WB_TEST_SENDMAIL_EXIT: '75' });
    let q = one(`SELECT status, answer FROM outbox WHERE booking_id = ${b2.id} AND id > ${b2.top}`);
    assert.deepEqual([q.status, q.answer], ['queued', 'sendmail: exit status 75']);
    srv.sql(`UPDATE outbox SET next_at = 0 WHERE booking_id = ${b2.id} AND id > ${b2.top}`);
    await cron(srv, { WB_SENDMAIL: prog, WB_TEST_SENDMAIL_EXIT: '67' });
    q = one(`SELECT status, answer FROM outbox WHERE booking_id = ${b2.id} AND id > ${b2.top}`);
    assert.deepEqual([q.status, q.answer], ['failed', 'sendmail: exit status 67']);
  } finally {
    await settings({});
  }
});
