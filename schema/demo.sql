-- demo: two organisations with members, areas, vehicles and bookings around today, for `make run` only.
-- Never load this into a production database: the passwords below are public.
--   Demo-CarSharing: ADMIN/admin (administrator), NEUMANN/neumann, MEIER, HUBER, SCHMIDT, WAGNER (password demo)
--   Zweite CSO:      ADMIN2/admin2 (administrator), BERGER (password demo)
-- The password hashes are libsodium crypto_pwhash_str (argon2id, OPSLIMIT/MEMLIMIT_INTERACTIVE).
-- Booking times are computed from the moment this file is loaded (UTC, on the 15-minute grid).
-- tools/server.sh runs this file inside one transaction after the migrations.

INSERT INTO org (id, name, tz, cancel_hours, grid_minutes, lang) VALUES
  (1, 'Demo-CarSharing', 'Europe/Berlin', 24, 15, 'de'),
  (2, 'Zweite CSO',      'Europe/Berlin', 24, 15, 'de');

INSERT INTO member (id, org_id, login, descr, member_no, pw_hash, is_admin) VALUES
  (1, 1, 'ADMIN',   'Verwaltung Demo-CarSharing',     '1000',
   '$argon2id$v=19$m=65536,t=2,p=1$JgEr706xMCkRjRdNZ5CZ5A$GxBivXPN/i8b6rLs3rdpV2j26EagS+bWRKIKPWPfNxg', 1),
  (2, 1, 'NEUMANN', 'Nina Neumann, 0171 2345678',     '1002',
   '$argon2id$v=19$m=65536,t=2,p=1$TS1QLcVNT6vg99tnbLkZzQ$mgc/Tz8bPKDg77jv8NH7957/tP/DEqcoR+LrstObIRc', 0),
  (3, 1, 'MEIER',   'Michael Meier, 0160 9876543',    '1003',
   '$argon2id$v=19$m=65536,t=2,p=1$QvNXzBRU+YcH4wOdtt54qA$QupdhF1sNVwhd1rnHC+DsjinWcMuyDUB0VqqfDnX7Nc', 0),
  (4, 1, 'HUBER',   'Hanna Huber, 030 1234567',       '1004',
   '$argon2id$v=19$m=65536,t=2,p=1$5S3S89nJmUZP/suM0o4YtA$eMB7IbiyTv/b3Q3NJ5IBqB8Paq/ynhXhlLEMzBWenjw', 0),
  (5, 1, 'SCHMIDT', 'Stefan Schmidt, 0151 1112223',   '1005',
   '$argon2id$v=19$m=65536,t=2,p=1$oj1PlDwKev2vdyalGwGwgQ$W2Bb4IZtpxI5ZPMk+pMzGuQjiUSkREK5tJ3gMKvotm4', 0),
  (6, 1, 'WAGNER',  'Jürgen Wagner, 0176 5554443',    '1006',
   '$argon2id$v=19$m=65536,t=2,p=1$yIqv3Sienkdi0kkN78Xs0Q$LPwvZ/RBdzGinEibw7f2wVnv87NvINJH0jXj+N+v5a0', 0),
  (7, 2, 'ADMIN2',  'Verwaltung Zweite CSO',          '2000',
   '$argon2id$v=19$m=65536,t=2,p=1$6Rs6xGSjmEutuKOKZJN5+A$5uSCZpeEvB3y1MoChCiz/QzHXOegHnyRHtEKAuRRAAI', 1),
  (8, 2, 'BERGER',  'Paul Berger, 0221 7654321',      '2001',
   '$argon2id$v=19$m=65536,t=2,p=1$eISg0sg+loQAJfe22D0oiQ$YK1dddVudRYyBzJ2R6cNPfT9IEK2WyJEdc8mCtmviJo', 0);

-- An area with sort above 90 is hidden from members (bookstore.c).
INSERT INTO area (id, org_id, name, sort) VALUES
  (1, 1, 'Innenstadt',   10),
  (2, 1, 'Südstadt',     20),
  (3, 1, 'Werkstatt',    95),
  (4, 2, 'Hauptbahnhof', 10);

INSERT INTO vehicle (id, org_id, area_id, name, descr, sort) VALUES
  (1,  1, 1, 'VW Golf',               'Kompaktwagen, Benzin',       10),
  (2,  1, 1, 'Fiat 500',              'Kleinwagen, Marktplatz',     20),
  (3,  1, 1, 'Renault Zoe',           'Elektro, Ladesäule Rathaus', 30),
  (4,  1, 1, 'Opel Zafira (7 Sitze)', 'Van, 7 Sitze, Kindersitze', 40),
  (5,  1, 2, 'Skoda Octavia Kombi',   'Kombi, Anhängerkupplung',    10),
  (6,  1, 2, 'VW Transporter',        'Kleinbus, 9 Sitze',          20),
  (7,  1, 2, 'Toyota Yaris Hybrid',   'Kleinwagen, Automatik',      30),
  (8,  1, 3, 'Ford Fiesta',           'in Reparatur',               10),
  (9,  2, 4, 'Citroën C3',            'Kleinwagen, Gleis 1',        10),
  (10, 2, 4, 'Dacia Logan MCV',       'Kombi, Parkhaus Süd',        20);

-- Bookings: day offset from today, start in minutes after midnight UTC, length in minutes.
-- Past bookings were created two days before their start; future ones some days ago.
CREATE TEMP TABLE demo_booking (vehicle_id, member_id, created_by, day, start_min, minutes, purpose);
INSERT INTO temp.demo_booking VALUES
  (1, 2, 2, -7,  8*60,      3*60,  'Einkauf'),
  (1, 3, 3, -2, 14*60,      5*60,  'Umzug helfen'),
  (1, 4, 4,  0,  9*60,      2*60,  ''),
  (1, 2, 2,  1,  8*60,      4*60,  'Arzttermin'),
  (1, 5, 5,  3,  7*60+30,  10*60+30, 'Ausflug an die Ostsee'),
  (2, 2, 2, -5, 10*60,      2*60,  ''),
  (2, 6, 6, -1, 16*60,      3*60,  'Baumarkt'),
  (2, 2, 2,  2,  9*60+15,   2*60+45, 'Wocheneinkauf'),
  (2, 4, 1,  4, 12*60,      6*60,  'telefonisch gebucht'),
  (3, 5, 5, -3,  8*60,     10*60,  'Dienstreise'),
  (3, 2, 2,  0, 13*60,      2*60+30, 'Kita abholen'),
  (3, 3, 3,  1, 10*60,      3*60,  ''),
  (3, 6, 6,  5, 16*60,     28*60,  'Wochenende'),
  (4, 4, 4, -4,  7*60,     12*60,  'Familienbesuch'),
  (4, 3, 3,  2,  8*60,     34*60,  'Kurzurlaub'),
  (5, 6, 6, -6,  9*60,      4*60,  ''),
  (5, 5, 5,  0,  7*60,      3*60,  'Wertstoffhof'),
  (5, 2, 2,  1, 15*60,      4*60,  'Möbel abholen'),
  (6, 3, 1, -1,  8*60,      8*60,  'Umzug'),
  (6, 4, 4,  6,  8*60,     10*60,  'Sperrmüll'),
  (7, 2, 2, -8, 11*60+45,   1*60+15, ''),
  (7, 1, 1,  2, 17*60,      2*60,  'Überführung'),
  (8, 1, 1,  1,  8*60,      9*60,  'Inspektion'),
  (9, 8, 8, -2, 10*60,      3*60,  'Einkauf'),
  (9, 8, 8,  1,  9*60,      5*60,  'Ausflug'),
  (10, 7, 7, 0, 12*60,      4*60,  'Probefahrt');

INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
SELECT v.org_id, b.vehicle_id, b.member_id, s.start, s.start + b.minutes * 60, b.purpose, 'active', b.created_by,
       s.created, s.created
FROM temp.demo_booking b
JOIN vehicle v ON v.id = b.vehicle_id
JOIN (SELECT rowid AS rid,
             unixepoch('now', 'start of day') + day * 86400 + start_min * 60 AS start,
             min(unixepoch('now', 'start of day') + day * 86400 + start_min * 60 - 2 * 86400,
                 unixepoch('now', 'start of day') - (3 + rowid % 4) * 86400 + 9 * 3600 + (rowid % 8) * 900) AS created
      FROM temp.demo_booking) s ON s.rid = b.rowid
ORDER BY s.start;

DROP TABLE temp.demo_booking;

-- ---- Billing demo data (schema/003_billing.sql): tariffs, every vehicle on one, completed bookings
-- of the past three months with trip data, a few STORNOs, and the API account BILLING of
-- Demo-CarSharing whose token is `billing` (DEMO ONLY: a real token is generated and shown once).
UPDATE org SET storno_share_pct = 50 WHERE id = 1;

INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES
  (1, 1, 'Klein',     250, 3000, 22),
  (2, 1, 'Kompakt',   350, 4000, 25),
  (3, 1, 'Transport', 500, 6000, 30),
  (4, 1, 'Elektro',   300, 3500,  0),
  (5, 2, 'Standard',  300, 3600, 20);

UPDATE vehicle SET tariff_id = CASE id
  WHEN 1 THEN 2 WHEN 2 THEN 1 WHEN 3 THEN 4 WHEN 4 THEN 3 WHEN 5 THEN 2 WHEN 6 THEN 3 WHEN 7 THEN 1
  WHEN 8 THEN 2 WHEN 9 THEN 5 WHEN 10 THEN 5 END;

-- Every third day from 90 to 12 days ago, one booking per vehicle (the booking days shift per
-- vehicle), of 1 to 28 hours, by the organisation's members in turn; days -10 .. 6 are above.
CREATE TEMP TABLE demo_past AS
WITH RECURSIVE d(day) AS (SELECT -90 UNION ALL SELECT day + 3 FROM d WHERE day + 3 <= -12)
SELECT v.id AS vehicle_id, v.org_id AS org_id, d.day + (v.id % 3) AS day,
       (7 + abs(v.id * 5 + d.day * 7) % 10) * 60 AS start_min,
       CASE abs(v.id + d.day) % 5 WHEN 0 THEN 28 * 60 WHEN 1 THEN 90 ELSE (2 + abs(v.id + d.day * 3) % 7) * 60 END AS minutes
FROM vehicle v, d WHERE v.id <> 8;

INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by, created_at, changed_at)
SELECT p.org_id, p.vehicle_id,
       CASE p.org_id WHEN 1 THEN 2 + abs(p.vehicle_id + p.day) % 5 ELSE 8 END AS member_id,
       unixepoch('now', 'start of day') + p.day * 86400 + p.start_min * 60,
       unixepoch('now', 'start of day') + p.day * 86400 + p.start_min * 60 + p.minutes * 60,
       CASE abs(p.day) % 4 WHEN 0 THEN 'Einkauf' WHEN 1 THEN 'Dienstfahrt' WHEN 2 THEN '' ELSE 'Ausflug' END,
       CASE WHEN abs(p.vehicle_id * 7 + p.day) % 13 = 0 THEN 'storno' ELSE 'active' END,
       CASE p.org_id WHEN 1 THEN 2 + abs(p.vehicle_id + p.day) % 5 ELSE 8 END,
       unixepoch('now', 'start of day') + (p.day - 2) * 86400 + 9 * 3600,
       unixepoch('now', 'start of day') + (p.day - 2) * 86400 + 9 * 3600
FROM temp.demo_past p ORDER BY p.day, p.vehicle_id;
DROP TABLE temp.demo_past;

-- Odometer readings of every ended active booking of a vehicle with a km price, increasing per
-- vehicle, except the most recent one of the Fiat 500 (so that "trip data missing" shows).
INSERT INTO trip (booking_id, org_id, vehicle_id, start, km_start, km_end, entered_by, entered_at)
SELECT id, org_id, vehicle_id, start,
       10000 * vehicle_id + 37 * (n - 1),
       10000 * vehicle_id + 37 * n,
       member_id, end + 3600
FROM (SELECT b.*, row_number() OVER (PARTITION BY b.vehicle_id ORDER BY b.start) AS n,
             row_number() OVER (PARTITION BY b.vehicle_id ORDER BY b.start DESC) AS back
      FROM booking b JOIN vehicle v ON v.id = b.vehicle_id JOIN tariff t ON t.id = v.tariff_id
      WHERE b.status = 'active' AND b.end <= unixepoch('now') AND t.per_km > 0)
WHERE NOT (vehicle_id = 2 AND back = 1);

-- API account BILLING / token "billing" of Demo-CarSharing (demo only); token_hash = SHA-256("billing").
INSERT INTO api_account (org_id, name, token_hash, created_at) VALUES
  (1, 'BILLING', X'0c95c7ece1ce1a9750275ef1c6d7ad6b278f70d66592207783ffe7d58474cc01', unixepoch('now', '-30 days'));

-- ---- Marketplace demo data (schema/005_market.sql): a third organisation, addresses and coordinates,
-- the mini-market "Regio-Markt" with all three organisations, released vehicles (one in Link mode),
-- a release list with one complete and one incomplete vehicle, a watchlist and subscriptions.
--   Dritte CSO (id 4: the HTTP tests create their own organisation 3): ADMIN3/admin3 (administrator).
--   ADMIN of Demo-CarSharing is the portal operator.
INSERT INTO org (id, name, tz, cancel_hours, grid_minutes, lang) VALUES (4, 'Dritte CSO', 'Europe/Berlin', 24, 15, 'de');
UPDATE org SET address = CASE id
    WHEN 1 THEN 'Rathausplatz 2, 79098 Freiburg im Breisgau'
    WHEN 2 THEN 'Hauptstraße 90, 77652 Offenburg'
    WHEN 4 THEN 'Marktplatz 1, 76133 Karlsruhe' END,
  lat = CASE id WHEN 1 THEN 47.99590 WHEN 2 THEN 48.47280 WHEN 4 THEN 49.00937 END,
  lon = CASE id WHEN 1 THEN 7.84950 WHEN 2 THEN 7.94410 WHEN 4 THEN 8.40444 END;

INSERT INTO member (id, org_id, login, descr, member_no, pw_hash, is_admin) VALUES
  (9, 4, 'ADMIN3', 'Verwaltung Dritte CSO', '3000',
   '$argon2id$v=19$m=65536,t=2,p=1$omiux3KZZGChArZYFCe/sw$RiIYCrlMnNGB+qA6nXbOQQBWzMhBJZtuVn+hgzkHAQc', 1);
UPDATE member SET is_operator = 1 WHERE id = 1;

INSERT INTO area (id, org_id, name, sort) VALUES (5, 4, 'Karlsruhe Mitte', 10);
INSERT INTO tariff (id, org_id, name, per_hour, max_24h, per_km) VALUES (6, 4, 'Basis', 280, 3200, 20);
INSERT INTO vehicle (id, org_id, area_id, name, descr, sort, tariff_id) VALUES
  (11, 4, 5, 'Tesla Model 3', 'Elektro, Ladepark Mitte', 10, 6),
  (12, 4, 5, 'Urban Arrow',   'Lastenrad, E-Motor',      20, 6);

INSERT INTO minimarket (id, name) VALUES (1, 'Regio-Markt');
INSERT INTO minimarket_org (market_id, org_id) VALUES (1, 1), (1, 2), (1, 4);

-- portal NULL: not released. released_at: some days ago.
INSERT INTO offer (vehicle_id, org_id, address, lat, lon, vclass, split_rate, link_mode, link_url, conditions, on_list, portal, released_at, released_by) VALUES
  (1,  1, 'Rathausplatz 2, 79098 Freiburg',        47.99590, 7.84950, 'family',      20, 0, '',
   'Tankkarte im Handschuhfach; bitte vollgetankt zurückgeben.', 0, 0, unixepoch('now', '-20 days'), 1),
  (3,  1, 'Rathausplatz 2, 79098 Freiburg',        47.99600, 7.84990, 'ecar',      NULL, 1, 'https://demo-carsharing.example/buchen?fahrzeug=3',
   'Ladekarte liegt im Fahrzeug; bitte nach der Fahrt anstecken.', 0, 0, unixepoch('now', '-15 days'), 1),
  (6,  1, 'Günterstalstraße 40, 79100 Freiburg',   47.98420, 7.84770, 'transporter', 30, 0, '',
   'Nur mit Führerschein Klasse B seit mindestens zwei Jahren; Ladung sichern.', 0, 1, unixepoch('now', '-10 days'), 1),
  (4,  1, 'Rathausplatz 2, 79098 Freiburg',        47.99590, 7.84950, 'family',      25, 0, '',
   'Kindersitze im Kofferraum.', 1, NULL, NULL, NULL),
  (2,  1, 'Marktplatz, 79098 Freiburg',            NULL,     NULL,    'small',       20, 0, '',
   '', 1, NULL, NULL, NULL),
  (10, 2, 'Parkhaus Süd, 77652 Offenburg',         48.46590, 7.94280, 'family',      15, 0, '',
   'Schlüssel im Tresor am Eingang, Code über die Buchung.', 0, 0, unixepoch('now', '-30 days'), 7),
  (11, 4, 'Ladepark Mitte, 76133 Karlsruhe',       49.00870, 8.39880, 'ecar',        10, 0, '',
   'Nur für Mitglieder über 21 Jahre.', 0, 1, unixepoch('now', '-5 days'), 9),
  (12, 4, 'Marktplatz 1, 76133 Karlsruhe',         49.00937, 8.40444, 'cargobike',    0, 0, '',
   'Akku bitte nach der Fahrt laden.', 0, 0, unixepoch('now', '-12 days'), 9);

INSERT INTO offer_event (vehicle_id, org_id, at, what, portal, by_member)
  SELECT vehicle_id, org_id, released_at, 'release', portal, released_by FROM offer WHERE portal IS NOT NULL;

INSERT INTO watch (org_id, vehicle_id, added_at) VALUES
  (2, 6,  unixepoch('now', '-3 days')),
  (2, 12, unixepoch('now', '-2 days'));

INSERT INTO subscription (id, org_id, vehicle_id, local_name, local_descr, area_id, visible, split_rate, created_at, created_by) VALUES
  (1, 2, 1,  'Golf Freiburg',   'aus Freiburg, Rathaus', 4, 1, 20, unixepoch('now', '-18 days'), 7),
  (2, 4, 10, 'Dacia Offenburg', 'Kombi aus Offenburg',   5, 1, 15, unixepoch('now', '-25 days'), 9);
