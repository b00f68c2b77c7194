-- 001_init: organisations, members, areas, vehicles, bookings, sessions, login attempts, action log.
-- Times are UTC epoch seconds. Every organisation-owned row carries org_id.

CREATE TABLE org (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  tz            TEXT NOT NULL DEFAULT 'Europe/Berlin',
  cancel_hours  INTEGER NOT NULL DEFAULT 24 CHECK (cancel_hours BETWEEN 0 AND 720),
  grid_minutes  INTEGER NOT NULL DEFAULT 15 CHECK (grid_minutes IN (15, 30)),
  lang          TEXT NOT NULL DEFAULT 'de' CHECK (lang IN ('de', 'en')),
  billing_period TEXT NOT NULL DEFAULT 'month' CHECK (billing_period IN ('month', 'quarter'))
);

-- login is stored upper-case; uniqueness is per organisation.
CREATE TABLE member (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  login      TEXT NOT NULL CHECK (login = upper(login) AND length(login) BETWEEN 1 AND 32),
  descr      TEXT NOT NULL DEFAULT '',
  member_no  TEXT NOT NULL DEFAULT '',
  pw_hash    TEXT NOT NULL DEFAULT '',
  is_admin   INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  locked     INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  UNIQUE (org_id, login)
);

CREATE TABLE area (
  id     INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),
  name   TEXT NOT NULL,
  sort   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX area_org ON area(org_id, sort, name);

CREATE TABLE vehicle (
  id      INTEGER PRIMARY KEY,
  org_id  INTEGER NOT NULL REFERENCES org(id),
  area_id INTEGER NOT NULL REFERENCES area(id),
  name    TEXT NOT NULL,
  descr   TEXT NOT NULL DEFAULT '' CHECK (length(descr) <= 30),
  sort    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (org_id, name)
);
CREATE INDEX vehicle_area ON vehicle(area_id, sort, name);

-- The current version of a booking. status: 'active'; 'storno' (cancelled
-- within the cancellation period: kept and billable); 'deleted' (cancelled
-- before it, but kept because an earlier CHGSTO version of it is billable).
-- Only active bookings block a vehicle.
CREATE TABLE booking (
  id          INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  vehicle_id  INTEGER NOT NULL REFERENCES vehicle(id),
  member_id   INTEGER NOT NULL REFERENCES member(id),
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL CHECK (end > start),
  purpose     TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'storno', 'deleted')),
  created_by  INTEGER NOT NULL REFERENCES member(id),
  created_at  INTEGER NOT NULL,
  changed_at  INTEGER NOT NULL
);
-- Overlap check and the calendar read: a vehicle's bookings ending after a moment
-- (old bookings are skipped by the index, however long the history).
CREATE INDEX booking_vehicle_time ON booking(vehicle_id, end, start, status, member_id);
CREATE INDEX booking_member ON booking(member_id, start);
CREATE INDEX booking_org_time ON booking(org_id, start);

-- Previous versions replaced by a change. kind: 'CHGSTO' (billable) or 'CHGDEL'.
CREATE TABLE booking_version (
  id          INTEGER PRIMARY KEY,
  booking_id  INTEGER NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  vehicle_id  INTEGER NOT NULL REFERENCES vehicle(id),
  member_id   INTEGER NOT NULL REFERENCES member(id),
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  purpose     TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL CHECK (kind IN ('CHGSTO', 'CHGDEL')),
  replaced_at INTEGER NOT NULL,
  replaced_by INTEGER NOT NULL REFERENCES member(id)
);
CREATE INDEX booking_version_booking ON booking_version(booking_id);
CREATE INDEX booking_version_org_time ON booking_version(org_id, start);

-- Sessions: only the SHA-256 of the cookie's token is stored.
CREATE TABLE session (
  token_hash  BLOB PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  long_lived  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX session_member ON session(member_id);

-- Every login attempt, successful or not (throttling reads the failures).
CREATE TABLE login_attempt (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  org_id  INTEGER,
  login   TEXT NOT NULL,
  addr    TEXT NOT NULL,
  ok      INTEGER NOT NULL
);
CREATE INDEX login_attempt_login ON login_attempt(login, at);
CREATE INDEX login_attempt_addr ON login_attempt(addr, at);

-- The action log: one finished line per action, in the organisation's format.
CREATE TABLE actionlog (
  id     INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),
  at     INTEGER NOT NULL,
  line   TEXT NOT NULL
);
CREATE INDEX actionlog_org_time ON actionlog(org_id, at, id);

-- Data generation: bumped by every change that can alter a rendered calendar,
-- so that a worker's render cache and the ETag know when they are stale.
CREATE TABLE generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO generation VALUES (1, 1);

CREATE TRIGGER gen_booking_ins AFTER INSERT ON booking BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_booking_upd AFTER UPDATE ON booking BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_booking_del AFTER DELETE ON booking BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_vehicle_ins AFTER INSERT ON vehicle BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_vehicle_upd AFTER UPDATE ON vehicle BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_vehicle_del AFTER DELETE ON vehicle BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_area_ins AFTER INSERT ON area BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_area_upd AFTER UPDATE ON area BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_area_del AFTER DELETE ON area BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_member_upd AFTER UPDATE OF login, descr, member_no, is_admin, locked ON member BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_member_del AFTER DELETE ON member BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_org_upd AFTER UPDATE ON org BEGIN UPDATE generation SET n = n + 1; END;
