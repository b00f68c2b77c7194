-- 009_mail: reaching people — mail settings, members' addresses and preferences, the outbox,
-- calendar sequence numbers, reminders sent, one-time tokens, access requests and the cron lock.

-- How an organisation's mail leaves. transport 'none' queues nothing. The SMTP password is sealed
-- (store/sealed.c: crypto_secretbox under the key file beside the database), never plain text.
-- base_url is the install's public address for links in mails (never taken from a request's Host).
CREATE TABLE mail_settings (
  org_id           INTEGER PRIMARY KEY REFERENCES org(id),
  sender           TEXT NOT NULL DEFAULT '',
  transport        TEXT NOT NULL DEFAULT 'none' CHECK (transport IN ('none', 'smtp', 'sendmail')),
  smtp_host        TEXT NOT NULL DEFAULT '',
  smtp_port        INTEGER NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
  smtp_security    TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN ('starttls', 'tls', 'none')),
  smtp_user        TEXT NOT NULL DEFAULT '',
  smtp_password    TEXT NOT NULL DEFAULT '',
  base_url         TEXT NOT NULL DEFAULT '',
  reminder_minutes INTEGER NOT NULL DEFAULT 120 CHECK (reminder_minutes BETWEEN 0 AND 10080),
  requests_enabled INTEGER NOT NULL DEFAULT 0 CHECK (requests_enabled IN (0, 1))
);

-- A member's address and which kinds of mail they switched off (password and account mails
-- cannot be switched off). pending_email waits for the confirmation link.
CREATE TABLE member_mail (
  member_id      INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
  org_id         INTEGER NOT NULL REFERENCES org(id),
  email          TEXT NOT NULL DEFAULT '',
  pending_email  TEXT NOT NULL DEFAULT '',
  off_booking    INTEGER NOT NULL DEFAULT 0 CHECK (off_booking IN (0, 1)),
  off_reminder   INTEGER NOT NULL DEFAULT 0 CHECK (off_reminder IN (0, 1)),
  off_trip       INTEGER NOT NULL DEFAULT 0 CHECK (off_trip IN (0, 1))
);
CREATE INDEX member_mail_email ON member_mail(org_id, email);

-- The outbox: one row per message, queued in the transaction of its cause and composed by the
-- sender (tools/wb-cron) from kind and the fields below in the organisation's language.
-- status: 'queued' (next_at: next attempt), 'sent', 'failed' (given up; answer says why).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  member_id   INTEGER,
  kind        TEXT NOT NULL,
  action      TEXT NOT NULL DEFAULT '',
  recipient   TEXT NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  actor       TEXT NOT NULL DEFAULT '',
  booking_id  INTEGER,
  uid         TEXT NOT NULL DEFAULT '',
  vehicle     TEXT NOT NULL DEFAULT '',
  start       INTEGER NOT NULL DEFAULT 0,
  end         INTEGER NOT NULL DEFAULT 0,
  purpose     TEXT NOT NULL DEFAULT '',
  tz          TEXT NOT NULL DEFAULT 'Europe/Berlin',
  seq         INTEGER NOT NULL DEFAULT 0,
  link        TEXT NOT NULL DEFAULT '',
  subject     TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  queued_at   INTEGER NOT NULL,
  next_at     INTEGER NOT NULL,
  sent_at     INTEGER,
  answer      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(status, next_at);
CREATE INDEX outbox_org ON outbox(org_id, id);

-- Each booking's calendar identity: its SEQUENCE (rising with every mail and change) and, for a
-- cancelled booking, when and how, so that feeds show it as CANCELLED for 30 days.
CREATE TABLE booking_ics (
  booking_id   INTEGER PRIMARY KEY,
  org_id       INTEGER NOT NULL,
  member_id    INTEGER NOT NULL,
  vehicle_id   INTEGER NOT NULL,
  vehicle      TEXT NOT NULL DEFAULT '',
  start        INTEGER NOT NULL,
  end          INTEGER NOT NULL,
  purpose      TEXT NOT NULL DEFAULT '',
  seq          INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL DEFAULT 0,
  changed_at   INTEGER NOT NULL,
  cancelled_at INTEGER
);
CREATE INDEX booking_ics_member ON booking_ics(member_id, end);
CREATE INDEX booking_ics_vehicle ON booking_ics(vehicle_id, end);

-- Reminders and trip-data requests already queued: the primary key makes a second one impossible.
CREATE TABLE mail_sent (
  booking_id INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'trip')),
  start      INTEGER NOT NULL,
  PRIMARY KEY (booking_id, kind, start)
) WITHOUT ROWID;

-- One-time and feed tokens: only the SHA-256 of the 32 random bytes is stored.
-- kind: 'reset' (password), 'email' (confirm a new address: data), 'request' (confirm an access
-- request), 'feed' (a member's calendar feed), 'vfeed' (a vehicle's feed).
CREATE TABLE token (
  hash       BLOB PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('reset', 'email', 'request', 'feed', 'vfeed')),
  org_id     INTEGER NOT NULL REFERENCES org(id),
  member_id  INTEGER REFERENCES member(id) ON DELETE CASCADE,
  vehicle_id INTEGER,
  ref_id     INTEGER,
  data       TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX token_member ON token(member_id, kind);
CREATE INDEX token_expiry ON token(expires_at);

-- Password-reset requests (throttling) by address and by (org, login-or-mail).
CREATE TABLE reset_attempt (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  org_id INTEGER,
  who    TEXT NOT NULL,
  addr   TEXT NOT NULL
);
CREATE INDEX reset_attempt_who ON reset_attempt(who, at);
CREATE INDEX reset_attempt_addr ON reset_attempt(addr, at);

-- "Zugang anfordern": status 'unconfirmed' (mail link pending), 'open' (for the administrators),
-- 'accepted', 'declined'.
CREATE TABLE access_request (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  login      TEXT NOT NULL,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'unconfirmed'
             CHECK (status IN ('unconfirmed', 'open', 'accepted', 'declined')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  member_id  INTEGER
);
CREATE INDEX access_request_org ON access_request(org_id, status, id);

-- The background command's lock and its last run (one row).
CREATE TABLE cron_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  holder       TEXT NOT NULL DEFAULT '',
  locked_until INTEGER NOT NULL DEFAULT 0,
  last_run     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO cron_state (id) VALUES (1);
