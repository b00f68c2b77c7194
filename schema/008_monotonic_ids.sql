-- 008_monotonic_ids: ids that appear in the action log, the booking file, invoices or the API are
-- never given again after a delete. Without AUTOINCREMENT SQLite takes max(id)+1, so deleting the
-- newest booking handed its number to the next one (the log showed CREATE 277 ... / DELETE 277 /
-- CREATE 277 for two different bookings). AUTOINCREMENT needs a rebuilt table: SQLite's documented
-- twelve-step procedure (new_X, copy, drop X, rename new_X to X, recreate indexes and triggers).
-- Rows keep their ids (the copy inserts them explicitly, which also seeds sqlite_sequence with the
-- current maximum). db_migrate runs this with foreign_keys OFF (a DROP TABLE would otherwise cascade
-- into booking_version, session, trip, ...) and runs PRAGMA foreign_key_check before it commits.
-- Generated from the schema of 001-007 (every table's text as sqlite_schema holds it, ALTER-added
-- columns included); the data-generation (gen_*) and billing (bil_*) triggers are recreated below.
-- Tables whose key is another table's id (trip, offer, billing_scan, billing_dirty) need nothing.

-- org
CREATE TABLE new_org (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE,
  tz            TEXT NOT NULL DEFAULT 'Europe/Berlin',
  cancel_hours  INTEGER NOT NULL DEFAULT 24 CHECK (cancel_hours BETWEEN 0 AND 720),
  grid_minutes  INTEGER NOT NULL DEFAULT 15 CHECK (grid_minutes IN (15, 30)),
  lang          TEXT NOT NULL DEFAULT 'de' CHECK (lang IN ('de', 'en')),
  billing_period TEXT NOT NULL DEFAULT 'month' CHECK (billing_period IN ('month', 'quarter'))
, storno_share_pct INTEGER NOT NULL DEFAULT 100
  CHECK (storno_share_pct BETWEEN 0 AND 100), address TEXT NOT NULL DEFAULT '', lat REAL, lon REAL);
INSERT INTO new_org SELECT * FROM org;
DROP TABLE org;
ALTER TABLE new_org RENAME TO org;
CREATE TRIGGER gen_org_upd AFTER UPDATE ON org BEGIN UPDATE generation SET n = n + 1; END;

-- member
CREATE TABLE new_member (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  login      TEXT NOT NULL CHECK (login = upper(login) AND length(login) BETWEEN 1 AND 32),
  descr      TEXT NOT NULL DEFAULT '',
  member_no  TEXT NOT NULL DEFAULT '',
  pw_hash    TEXT NOT NULL DEFAULT '',
  is_admin   INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  locked     INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch()), is_operator INTEGER NOT NULL DEFAULT 0 CHECK (is_operator IN (0, 1)),
  UNIQUE (org_id, login)
);
INSERT INTO new_member SELECT * FROM member;
DROP TABLE member;
ALTER TABLE new_member RENAME TO member;
CREATE TRIGGER gen_member_upd AFTER UPDATE OF login, descr, member_no, is_admin, locked ON member BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_member_del AFTER DELETE ON member BEGIN UPDATE generation SET n = n + 1; END;

-- area
CREATE TABLE new_area (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL REFERENCES org(id),
  name   TEXT NOT NULL,
  sort   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO new_area SELECT * FROM area;
DROP TABLE area;
ALTER TABLE new_area RENAME TO area;
CREATE INDEX area_org ON area(org_id, sort, name);
CREATE TRIGGER gen_area_ins AFTER INSERT ON area BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_area_upd AFTER UPDATE ON area BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_area_del AFTER DELETE ON area BEGIN UPDATE generation SET n = n + 1; END;

-- tariff
CREATE TABLE new_tariff (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id    INTEGER NOT NULL REFERENCES org(id),
  name      TEXT NOT NULL,
  per_hour  INTEGER NOT NULL DEFAULT 0 CHECK (per_hour BETWEEN 0 AND 100000000),
  max_24h   INTEGER CHECK (max_24h IS NULL OR max_24h BETWEEN 0 AND 100000000),
  per_km    INTEGER NOT NULL DEFAULT 0 CHECK (per_km BETWEEN 0 AND 100000000),
  currency  TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
  UNIQUE (org_id, name)
);
INSERT INTO new_tariff SELECT * FROM tariff;
DROP TABLE tariff;
ALTER TABLE new_tariff RENAME TO tariff;

-- vehicle
CREATE TABLE new_vehicle (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id  INTEGER NOT NULL REFERENCES org(id),
  area_id INTEGER NOT NULL REFERENCES area(id),
  name    TEXT NOT NULL,
  descr   TEXT NOT NULL DEFAULT '' CHECK (length(descr) <= 30),
  sort    INTEGER NOT NULL DEFAULT 0, tariff_id INTEGER REFERENCES tariff(id),
  UNIQUE (org_id, name)
);
INSERT INTO new_vehicle SELECT * FROM vehicle;
DROP TABLE vehicle;
ALTER TABLE new_vehicle RENAME TO vehicle;
CREATE INDEX vehicle_area ON vehicle(area_id, sort, name);
CREATE INDEX vehicle_tariff ON vehicle(tariff_id);
CREATE TRIGGER gen_vehicle_ins AFTER INSERT ON vehicle BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_vehicle_upd AFTER UPDATE ON vehicle BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_vehicle_del AFTER DELETE ON vehicle BEGIN UPDATE generation SET n = n + 1; END;

-- booking
CREATE TABLE new_booking (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_booking SELECT * FROM booking;
DROP TABLE booking;
ALTER TABLE new_booking RENAME TO booking;
CREATE INDEX booking_member ON booking(member_id, start);
CREATE INDEX booking_org_time ON booking(org_id, start);
CREATE INDEX booking_org_end ON booking(org_id, end);
CREATE INDEX booking_vehicle_time ON booking(vehicle_id, end, start, status, member_id, org_id, purpose);
CREATE TRIGGER gen_booking_ins AFTER INSERT ON booking BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_booking_upd AFTER UPDATE ON booking BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_booking_del AFTER DELETE ON booking BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER bil_booking_ins AFTER INSERT ON booking BEGIN
  INSERT INTO billing_dirty SELECT NEW.id, NEW.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = NEW.id);
END;
CREATE TRIGGER bil_booking_upd AFTER UPDATE OF vehicle_id, member_id, start, end, status, purpose ON booking BEGIN
  INSERT INTO billing_dirty SELECT NEW.id, NEW.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = NEW.id);
END;
CREATE TRIGGER bil_booking_del AFTER DELETE ON booking BEGIN
  INSERT INTO billing_dirty SELECT OLD.id, OLD.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = OLD.id);
END;

-- booking_version
CREATE TABLE new_booking_version (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO new_booking_version SELECT * FROM booking_version;
DROP TABLE booking_version;
ALTER TABLE new_booking_version RENAME TO booking_version;
CREATE INDEX booking_version_booking ON booking_version(booking_id);
CREATE INDEX booking_version_org_time ON booking_version(org_id, start);
CREATE TRIGGER bil_version_ins AFTER INSERT ON booking_version BEGIN
  INSERT INTO billing_dirty SELECT NEW.booking_id, NEW.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = NEW.booking_id);
END;

-- actionlog
CREATE TABLE new_actionlog (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id INTEGER NOT NULL REFERENCES org(id),
  at     INTEGER NOT NULL,
  line   TEXT NOT NULL
);
INSERT INTO new_actionlog SELECT * FROM actionlog;
DROP TABLE actionlog;
ALTER TABLE new_actionlog RENAME TO actionlog;
CREATE INDEX actionlog_org_time ON actionlog(org_id, at, id);

-- import_upload
CREATE TABLE new_import_upload (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('members', 'vehicles')),
  created_at INTEGER NOT NULL,
  data       BLOB NOT NULL
);
INSERT INTO new_import_upload SELECT * FROM import_upload;
DROP TABLE import_upload;
ALTER TABLE new_import_upload RENAME TO import_upload;
CREATE INDEX import_upload_org ON import_upload(org_id, member_id);

-- billing
CREATE TABLE new_billing (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  booking_id    INTEGER NOT NULL,
  version_id    INTEGER,
  kind          TEXT NOT NULL CHECK (kind IN ('normal', 'storno', 'chgsto', 'reversal')),
  reverses      INTEGER REFERENCES billing(id),
  vehicle_id    INTEGER NOT NULL,
  member_id     INTEGER NOT NULL,
  start         INTEGER NOT NULL,
  end           INTEGER NOT NULL,
  km            INTEGER,
  price         INTEGER NOT NULL,
  tariff_name   TEXT NOT NULL DEFAULT '',
  purpose       TEXT NOT NULL DEFAULT '',
  billing_date  INTEGER,
  exported      INTEGER NOT NULL DEFAULT 0 CHECK (exported IN (0, 1)),
  CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
);
INSERT INTO new_billing SELECT * FROM billing;
DROP TABLE billing;
ALTER TABLE new_billing RENAME TO billing;
CREATE INDEX billing_org_date_id ON billing(org_id, billing_date, id);
CREATE INDEX billing_org_id ON billing(org_id, id);
CREATE INDEX billing_booking ON billing(booking_id, version_id);
CREATE UNIQUE INDEX billing_reverses ON billing(reverses) WHERE reverses IS NOT NULL;
CREATE INDEX billing_org_export ON billing(org_id, exported, start);
CREATE INDEX billing_org_start ON billing(org_id, start, id);

-- billing_export
CREATE TABLE new_billing_export (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  title       TEXT NOT NULL,
  teaser      TEXT NOT NULL DEFAULT '',
  provider    TEXT NOT NULL DEFAULT '',
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  mark        INTEGER NOT NULL DEFAULT 0 CHECK (mark IN (0, 1)),
  owner_id    INTEGER NOT NULL REFERENCES member(id),
  created_at  INTEGER NOT NULL,
  changed_at  INTEGER NOT NULL,
  deleted_at  INTEGER
);
INSERT INTO new_billing_export SELECT * FROM billing_export;
DROP TABLE billing_export;
ALTER TABLE new_billing_export RENAME TO billing_export;
CREATE INDEX billing_export_org ON billing_export(org_id, deleted_at, created_at);

-- billing_export_row
CREATE TABLE new_billing_export_row (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  export_id   INTEGER NOT NULL REFERENCES billing_export(id) ON DELETE CASCADE,
  billing_id  INTEGER REFERENCES billing(id),
  oe          TEXT NOT NULL DEFAULT '',
  lastname    TEXT NOT NULL DEFAULT '',
  firstname   TEXT NOT NULL DEFAULT '',
  provider    TEXT NOT NULL DEFAULT '',
  title       TEXT NOT NULL DEFAULT '',
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  price       INTEGER NOT NULL,
  discount    INTEGER NOT NULL DEFAULT 0,
  deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  changed_at  INTEGER NOT NULL
);
INSERT INTO new_billing_export_row SELECT * FROM billing_export_row;
DROP TABLE billing_export_row;
ALTER TABLE new_billing_export_row RENAME TO billing_export_row;
CREATE INDEX billing_export_row_export ON billing_export_row(export_id, start, id);

-- api_account
CREATE TABLE new_api_account (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  name          TEXT NOT NULL CHECK (name = upper(name) AND length(name) BETWEEN 1 AND 32),
  token_hash    BLOB NOT NULL CHECK (length(token_hash) = 32),
  created_at    INTEGER NOT NULL DEFAULT (unixepoch()),
  last_call_at  INTEGER,
  UNIQUE (org_id, name)
);
INSERT INTO new_api_account SELECT * FROM api_account;
DROP TABLE api_account;
ALTER TABLE new_api_account RENAME TO api_account;
CREATE INDEX api_account_name ON api_account(name);

-- minimarket
CREATE TABLE new_minimarket (
  id   INTEGER PRIMARY KEY AUTOINCREMENT CHECK (id > 0),
  name TEXT NOT NULL UNIQUE
);
INSERT INTO new_minimarket SELECT * FROM minimarket;
DROP TABLE minimarket;
ALTER TABLE new_minimarket RENAME TO minimarket;

-- offer_event
CREATE TABLE new_offer_event (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  vehicle_id INTEGER NOT NULL REFERENCES vehicle(id) ON DELETE CASCADE,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  at         INTEGER NOT NULL,
  what       TEXT NOT NULL CHECK (what IN ('release', 'withdraw')),
  portal     INTEGER NOT NULL,
  by_member  INTEGER NOT NULL REFERENCES member(id)
);
INSERT INTO new_offer_event SELECT * FROM offer_event;
DROP TABLE offer_event;
ALTER TABLE new_offer_event RENAME TO offer_event;
CREATE INDEX offer_event_vehicle ON offer_event(vehicle_id, at);

-- subscription
CREATE TABLE new_subscription (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id       INTEGER NOT NULL REFERENCES org(id),
  vehicle_id   INTEGER NOT NULL REFERENCES vehicle(id) ON DELETE CASCADE,
  local_name   TEXT NOT NULL,
  local_descr  TEXT NOT NULL DEFAULT '' CHECK (length(local_descr) <= 30),
  area_id      INTEGER NOT NULL REFERENCES area(id),
  visible      INTEGER NOT NULL DEFAULT 1 CHECK (visible IN (0, 1)),
  split_rate   INTEGER CHECK (split_rate BETWEEN 0 AND 100),
  created_at   INTEGER NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES member(id),
  cancelled_at INTEGER
);
INSERT INTO new_subscription SELECT * FROM subscription;
DROP TABLE subscription;
ALTER TABLE new_subscription RENAME TO subscription;
CREATE UNIQUE INDEX subscription_active ON subscription(org_id, vehicle_id) WHERE cancelled_at IS NULL;
CREATE UNIQUE INDEX subscription_name ON subscription(org_id, local_name COLLATE NOCASE) WHERE cancelled_at IS NULL;
CREATE INDEX subscription_area ON subscription(area_id, visible) WHERE cancelled_at IS NULL;
CREATE INDEX subscription_vehicle ON subscription(vehicle_id) WHERE cancelled_at IS NULL;
CREATE TRIGGER gen_sub_ins AFTER INSERT ON subscription BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_sub_upd AFTER UPDATE ON subscription BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_sub_del AFTER DELETE ON subscription BEGIN UPDATE generation SET n = n + 1; END;

-- The calendar caches are keyed by this generation; a rebuilt schema starts them afresh.
UPDATE generation SET n = n + 1;
