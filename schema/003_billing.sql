-- 003_billing: tariffs, trip data, billing records (with their change queue), billing exports and API accounts.
-- Money is integer cents (EUR); billing times (billingId, billing_date) are UTC epoch milliseconds,
-- everything else UTC epoch seconds as in 001.

-- A tariff: hourly price, an optional cap per started 24 hours (NULL: no cap) and a price per km.
CREATE TABLE tariff (
  id        INTEGER PRIMARY KEY,
  org_id    INTEGER NOT NULL REFERENCES org(id),
  name      TEXT NOT NULL,
  per_hour  INTEGER NOT NULL DEFAULT 0 CHECK (per_hour BETWEEN 0 AND 100000000),
  max_24h   INTEGER CHECK (max_24h IS NULL OR max_24h BETWEEN 0 AND 100000000),
  per_km    INTEGER NOT NULL DEFAULT 0 CHECK (per_km BETWEEN 0 AND 100000000),
  currency  TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
  UNIQUE (org_id, name)
);

-- Each vehicle on one tariff; NULL (no tariff yet) bills 0.
ALTER TABLE vehicle ADD COLUMN tariff_id INTEGER REFERENCES tariff(id);
CREATE INDEX vehicle_tariff ON vehicle(tariff_id);

-- The part of the time price a STORNO (and a CHGSTO version) costs.
ALTER TABLE org ADD COLUMN storno_share_pct INTEGER NOT NULL DEFAULT 100
  CHECK (storno_share_pct BETWEEN 0 AND 100);

-- Odometer readings of one ended booking. vehicle_id and start are copied from the booking
-- so that "the vehicle's last reading before this booking" is one index seek.
CREATE TABLE trip (
  booking_id  INTEGER PRIMARY KEY REFERENCES booking(id) ON DELETE CASCADE,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  vehicle_id  INTEGER NOT NULL REFERENCES vehicle(id),
  start       INTEGER NOT NULL,
  km_start    INTEGER NOT NULL CHECK (km_start BETWEEN 0 AND 100000000),
  km_end      INTEGER NOT NULL CHECK (km_end >= km_start AND km_end <= 100000000),
  entered_by  INTEGER NOT NULL REFERENCES member(id),
  entered_at  INTEGER NOT NULL
);
CREATE INDEX trip_vehicle_start ON trip(vehicle_id, start, km_end);

-- Billing records. id is the billingId: the creation time in ms, made unique and increasing by
-- taking max(now_ms, max(id) + 1) inside the creating immediate transaction.
-- Source: the booking itself (version_id NULL; kind 'normal' or 'storno') or one CHGSTO version
-- (version_id set; kind 'chgsto'). A 'reversal' cancels the record named by reverses, with the
-- negated price and the same snapshot. A record is current while nothing reverses it.
-- The snapshot (vehicle, member, start, end, km) is what the price was computed from; a change
-- of the booking's data (not of the tariff) is a correction: in place while the record was
-- neither retrieved (billing_date) nor exported, else reversal plus new record.
CREATE TABLE billing (
  id            INTEGER PRIMARY KEY,
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
-- The API's read: an organisation's records by billingId, unretrieved ones first-class.
CREATE INDEX billing_org_date_id ON billing(org_id, billing_date, id);
CREATE INDEX billing_org_id ON billing(org_id, id);
-- Record creation: the current records of a booking.
CREATE INDEX billing_booking ON billing(booking_id, version_id);
CREATE UNIQUE INDEX billing_reverses ON billing(reverses) WHERE reverses IS NOT NULL;
-- Exports: the unexported records of a period.
CREATE INDEX billing_org_export ON billing(org_id, exported, start);

-- Record creation without a daemon: bookings whose end passed since the last run are found by
-- billing_scan.until and the index below; everything that changes billable data later puts the
-- booking into billing_dirty by trigger. (No INSERT OR IGNORE: an outer statement's ON CONFLICT
-- clause would override it inside the trigger.)
CREATE INDEX booking_org_end ON booking(org_id, end);
CREATE TABLE billing_scan (
  org_id  INTEGER PRIMARY KEY REFERENCES org(id),
  until   INTEGER NOT NULL
);
CREATE TABLE billing_dirty (
  booking_id  INTEGER PRIMARY KEY,
  org_id      INTEGER NOT NULL
);
CREATE INDEX billing_dirty_org ON billing_dirty(org_id);

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
CREATE TRIGGER bil_version_ins AFTER INSERT ON booking_version BEGIN
  INSERT INTO billing_dirty SELECT NEW.booking_id, NEW.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = NEW.booking_id);
END;
CREATE TRIGGER bil_trip_ins AFTER INSERT ON trip BEGIN
  INSERT INTO billing_dirty SELECT NEW.booking_id, NEW.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = NEW.booking_id);
END;
CREATE TRIGGER bil_trip_upd AFTER UPDATE ON trip BEGIN
  INSERT INTO billing_dirty SELECT NEW.booking_id, NEW.org_id
    WHERE NOT EXISTS (SELECT 1 FROM billing_dirty WHERE booking_id = NEW.booking_id);
END;

-- Billing exports ("Verrechnungsexport"). deleted_at set: in the bin, restorable.
CREATE TABLE billing_export (
  id          INTEGER PRIMARY KEY,
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
CREATE INDEX billing_export_org ON billing_export(org_id, deleted_at, created_at);

-- Rows of an export: copies of billing records (billing_id set) or manual rows (NULL). A deleted
-- row stays visible, marked, and is left out of the file.
CREATE TABLE billing_export_row (
  id          INTEGER PRIMARY KEY,
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
CREATE INDEX billing_export_row_export ON billing_export_row(export_id, start, id);

-- API accounts: a name and the SHA-256 of a generated token. They are no members, so they can
-- never sign in to the web UI, and members can never call the API.
CREATE TABLE api_account (
  id            INTEGER PRIMARY KEY,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  name          TEXT NOT NULL CHECK (name = upper(name) AND length(name) BETWEEN 1 AND 32),
  token_hash    BLOB NOT NULL CHECK (length(token_hash) = 32),
  created_at    INTEGER NOT NULL DEFAULT (unixepoch()),
  last_call_at  INTEGER,
  UNIQUE (org_id, name)
);
CREATE INDEX api_account_name ON api_account(name);
