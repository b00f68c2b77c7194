-- 005_market: the marketplace — portals (main market and mini-markets), offers of vehicles,
-- releases, watchlists and subscriptions through which other organisations book a vehicle.

-- The portal operator: a role above the organisations' administrators (demo data, tools/wb-operator).
ALTER TABLE member ADD COLUMN is_operator INTEGER NOT NULL DEFAULT 0 CHECK (is_operator IN (0, 1));

-- The organisation's own address, from which market distances are measured.
ALTER TABLE org ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE org ADD COLUMN lat REAL;
ALTER TABLE org ADD COLUMN lon REAL;

-- Mini-markets: closed groups of organisations whose offers only their members see.
-- Portal 0 is the install's main market and has no row.
CREATE TABLE minimarket (
  id   INTEGER PRIMARY KEY CHECK (id > 0),
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE minimarket_org (
  market_id INTEGER NOT NULL REFERENCES minimarket(id) ON DELETE CASCADE,
  org_id    INTEGER NOT NULL REFERENCES org(id),
  PRIMARY KEY (market_id, org_id)
) WITHOUT ROWID;
CREATE INDEX minimarket_org_org ON minimarket_org(org_id);

-- A vehicle's offer data (master side). portal is NULL while not released, else the portal
-- (0 main market, or a minimarket id) it is released in: one portal at a time.
-- split_rate: whole percent 0..100 of the booking fee the subscriber passes on; NULL with
-- link_mode = 1 ("Link": booking leads to link_url, no split billing).
CREATE TABLE offer (
  vehicle_id    INTEGER PRIMARY KEY REFERENCES vehicle(id) ON DELETE CASCADE,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  address       TEXT NOT NULL DEFAULT '',
  lat           REAL,
  lon           REAL,
  vclass        TEXT NOT NULL DEFAULT '' CHECK (vclass IN ('', 'small', 'family', 'van', 'cargobike', 'ecar', 'transporter', 'other')),
  split_rate    INTEGER CHECK (split_rate BETWEEN 0 AND 100),
  link_mode     INTEGER NOT NULL DEFAULT 0 CHECK (link_mode IN (0, 1)),
  link_url      TEXT NOT NULL DEFAULT '',
  conditions    TEXT NOT NULL DEFAULT '',
  on_list       INTEGER NOT NULL DEFAULT 0 CHECK (on_list IN (0, 1)),   -- on the release list (bulk release)
  portal        INTEGER,
  released_at   INTEGER,
  released_by   INTEGER REFERENCES member(id)
);
CREATE INDEX offer_portal ON offer(portal, org_id);
CREATE INDEX offer_org ON offer(org_id);

-- Dated release and withdrawal entries, shown on the vehicle.
CREATE TABLE offer_event (
  id         INTEGER PRIMARY KEY,
  vehicle_id INTEGER NOT NULL REFERENCES vehicle(id) ON DELETE CASCADE,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  at         INTEGER NOT NULL,
  what       TEXT NOT NULL CHECK (what IN ('release', 'withdraw')),
  portal     INTEGER NOT NULL,
  by_member  INTEGER NOT NULL REFERENCES member(id)
);
CREATE INDEX offer_event_vehicle ON offer_event(vehicle_id, at);

-- The subscriber side: a watchlist ("Merkliste") and subscriptions.
CREATE TABLE watch (
  org_id     INTEGER NOT NULL REFERENCES org(id),
  vehicle_id INTEGER NOT NULL REFERENCES vehicle(id) ON DELETE CASCADE,
  added_at   INTEGER NOT NULL,
  PRIMARY KEY (org_id, vehicle_id)
) WITHOUT ROWID;

-- A subscription makes a master's vehicle appear in the subscriber's calendar in one of the
-- subscriber's areas under a local name. split_rate is the rate confirmed when subscribing.
CREATE TABLE subscription (
  id           INTEGER PRIMARY KEY,
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
-- One active subscription per organisation and vehicle; local names unique among active ones.
CREATE UNIQUE INDEX subscription_active ON subscription(org_id, vehicle_id) WHERE cancelled_at IS NULL;
CREATE UNIQUE INDEX subscription_name ON subscription(org_id, local_name COLLATE NOCASE) WHERE cancelled_at IS NULL;
CREATE INDEX subscription_area ON subscription(area_id, visible) WHERE cancelled_at IS NULL;
CREATE INDEX subscription_vehicle ON subscription(vehicle_id) WHERE cancelled_at IS NULL;

-- The calendar cache must notice market changes too.
CREATE TRIGGER gen_offer_ins AFTER INSERT ON offer BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_offer_upd AFTER UPDATE ON offer BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_offer_del AFTER DELETE ON offer BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_sub_ins AFTER INSERT ON subscription BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_sub_upd AFTER UPDATE ON subscription BEGIN UPDATE generation SET n = n + 1; END;
CREATE TRIGGER gen_sub_del AFTER DELETE ON subscription BEGIN UPDATE generation SET n = n + 1; END;
