#!/usr/bin/env python3
"""gen.py: builds the benchmark database — 3 organisations, 2,000 members, a 50- and a 1,000-vehicle area, a year of bookings; with --portal the portal of 200 organisations and 10 million bookings.

    python3 tests/bench/gen.py --db build/bench/var/wagenbuch.db --schema schema --facts build/bench/facts.json

The schema comes from schema/NNN_*.sql exactly as tools/server.sh applies it (each migration in one
immediate transaction, then PRAGMA user_version). Bookings are non-overlapping per vehicle, on the
15-minute grid, from 335 days before today to 30 days after it (365 days). Every member's password
is the one precomputed argon2id hash of "demo" in schema/demo.sql (member MEIER), so that no hash
is computed here. Deterministic for one date and seed; the facts file names what bench.py needs.
"""
import argparse
import datetime as dt
import json
import os
import random
import re
import sqlite3
import sys
import time
from zoneinfo import ZoneInfo

TZ = ZoneInfo('Europe/Berlin')
DAY = 86400
SLOT = 900  # the 15-minute grid

FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Klara', 'Lukas',
         'Mia', 'Noah', 'Olga', 'Paul', 'Rosa', 'Simon', 'Tilda', 'Uwe', 'Vera', 'Willi', 'Yusuf', 'Zoe']
LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
        'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger']
MODELS = ['VW Golf', 'Fiat 500', 'Renault Zoe', 'Opel Corsa', 'Skoda Fabia', 'VW Polo', 'Ford Transit',
          'Toyota Yaris', 'Opel Zafira', 'Skoda Octavia Kombi', 'VW up!', 'Tesla Model 3', 'Citroen Berlingo']
DESCR = ['Kompaktwagen, Benzin', 'Kleinwagen', 'Elektro, Ladesäule', 'Van, 7 Sitze', 'Kombi, AHK',
         'Transporter, 3 Sitze', 'Elektro, Typ 2', '']
PURPOSES = ['', '', '', 'Einkauf', 'Arzttermin', 'Umzug', 'Ausflug', 'Besuch bei Oma', 'Baumarkt',
            'Dienstfahrt', 'Urlaub', 'Flughafen', 'Möbel abholen', 'Wochenendtrip an die Ostsee']

# Organisation, members, areas (name, sort, vehicles, mean hours between booking starts).
ORGS = [
    dict(id=1, name='Stadtauto Nord', members=1500, areas=[
        ('Zentrum', 10, 50, 24.0),       # the 50-vehicle week: ~1 booking per vehicle and day
        ('Nordstadt', 20, 30, 4.0),
        ('Hafen', 30, 30, 4.0),
        ('Universität', 40, 20, 4.0),
        ('Werkstatt', 95, 5, 48.0),      # hidden from members (sort > 90)
    ]),
    dict(id=2, name='Regionalflotte', members=350, areas=[
        ('Fuhrpark', 10, 1000, 96.0),    # the 1,000-vehicle area
    ]),
    dict(id=3, name='Dorfauto', members=150, areas=[
        ('Dorfplatz', 10, 4, 24.0),
    ]),
]


def demo_hash(schema_dir):
    """The argon2id hash of "demo" (member MEIER) from schema/demo.sql."""
    text = open(os.path.join(schema_dir, 'demo.sql'), encoding='utf-8').read()
    m = re.search(r"'MEIER',[^\n]*\n\s*'(\$argon2id\$[^']+)'", text)
    if not m:
        sys.exit('gen.py: no argon2id hash for MEIER in schema/demo.sql')
    return m.group(1)


def migrate(db, schema_dir):
    version = 0
    for name in sorted(os.listdir(schema_dir)):
        m = re.match(r'^(\d{3})_.*\.sql$', name)
        if not m:
            continue
        sql = open(os.path.join(schema_dir, name), encoding='utf-8').read()
        db.executescript('BEGIN IMMEDIATE;\n' + sql + '\nCOMMIT;')
        version = int(m.group(1))
    if not version:
        sys.exit(f'gen.py: no migrations in {schema_dir}')
    db.execute(f'PRAGMA user_version = {version}')
    return version


def duration(rng):
    """Booking length in seconds: mostly a few hours, sometimes a day or a weekend."""
    x = rng.random()
    if x < 0.55:
        q = rng.randint(4, 16)        # 1-4 h
    elif x < 0.85:
        q = rng.randint(16, 40)       # 4-10 h
    elif x < 0.97:
        q = rng.randint(40, 96)       # 10-24 h
    else:
        q = rng.randint(96, 288)      # 1-3 days
    return q * SLOT


# The portal (issue 17): 200 organisations of 1,000 members and 100 vehicles (two areas of 50),
# 500 bookings per vehicle over the year: 20,000 vehicles, 200,000 members, 10,000,000 bookings.
PORTAL_ORGS, PORTAL_MEMBERS, PORTAL_VEHICLES, PORTAL_PER_VEHICLE = 200, 1000, 100, 500


def portal(a):
    """Builds the portal database with SQL inside SQLite (no row passes through Python), so that
    it takes minutes, not hours. Vehicle v's booking j starts at slot 70 j + v % 8 of the year
    and lasts 4-63 slots: never overlapping, on the grid. The booking table's indexes and
    triggers are dropped for the load and created again afterwards, and what the triggers would
    have done (billing_dirty rows, the generation) is done in one statement each."""
    t_start = time.time()
    for suffix in ('', '-wal', '-shm', '-journal'):
        if os.path.exists(a.db + suffix):
            os.remove(a.db + suffix)
    db = sqlite3.connect(a.db, isolation_level=None)
    version = migrate(db, a.schema)
    db.execute('PRAGMA journal_mode=OFF')
    db.execute('PRAGMA synchronous=OFF')
    db.execute('PRAGMA cache_size=-400000')
    db.execute('PRAGMA temp_store=FILE')
    pw = demo_hash(a.schema)
    today = dt.datetime.now(TZ).date()
    t0 = int(dt.datetime.combine(today - dt.timedelta(days=335), dt.time(0, 0), TZ).timestamp())
    created = t0 - 30 * DAY
    saved = db.execute("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'booking'"
                       " AND type IN ('index', 'trigger') AND sql IS NOT NULL").fetchall()
    db.execute('BEGIN')
    for typ, name, _ in saved:
        db.execute(f'DROP {typ.upper()} {name}')
    no, nm, nv, nb = PORTAL_ORGS, PORTAL_MEMBERS, PORTAL_VEHICLES, PORTAL_PER_VEHICLE
    db.execute('WITH RECURSIVE o(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM o WHERE i < ?)'
               " INSERT INTO org (id, name, tz, cancel_hours, grid_minutes, lang) SELECT i, 'Portal ' || i,"
               " 'Europe/Berlin', 24, 15, 'de' FROM o", (no,))
    db.execute('WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < ? - 1)'
               ' INSERT INTO member (id, org_id, login, descr, member_no, pw_hash, is_admin, created_at)'
               " SELECT i + 1, i / ?2 + 1, CASE WHEN i % ?2 = 0 THEN 'ADMIN' || (i / ?2 + 1)"
               " ELSE 'P' || (i / ?2 + 1) || '-' || (i % ?2) END, 'Mitglied ' || (i + 1), CAST(i + 1 AS TEXT),"
               ' ?3, i % ?2 = 0, ?4 FROM m', (no * nm, nm, pw, created))
    db.execute('WITH RECURSIVE a(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM a WHERE i < ? - 1)'
               " INSERT INTO area (id, org_id, name, sort) SELECT i + 1, i / 2 + 1, 'Bereich ' || (i % 2 + 1),"
               ' (i % 2 + 1) * 10 FROM a', (no * 2,))
    db.execute('WITH RECURSIVE v(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM v WHERE i < ? - 1)'
               " INSERT INTO vehicle (id, org_id, area_id, name, descr, sort) SELECT i + 1, i / ?2 + 1, i / 50 + 1,"
               " 'PW-' || printf('%05d', i + 1), 'Kompaktwagen', (i % 50) * 10 FROM v", (no * nv, nv))
    db.execute('WITH RECURSIVE j(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM j WHERE k < ? - 1)'
               ' INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by,'
               ' created_at, changed_at)'
               ' SELECT v.org_id, v.id, (v.org_id - 1) * ?2 + 1 + (v.id * 7919 + j.k * 104729) % ?2,'
               ' ?3 + (70 * j.k + v.id % 8) * 900, ?3 + (70 * j.k + v.id % 8 + 4 + (v.id * 31 + j.k * 17) % 60) * 900,'
               " '', CASE WHEN (v.id + j.k) % 25 = 0 THEN 'storno' ELSE 'active' END,"
               ' (v.org_id - 1) * ?2 + 1 + (v.id * 7919 + j.k * 104729) % ?2, ?4, ?4'
               ' FROM vehicle v CROSS JOIN j ORDER BY v.id, j.k', (nb, nm, t0, created))
    db.execute('INSERT INTO billing_dirty SELECT id, org_id FROM booking')
    db.execute('UPDATE generation SET n = n + (SELECT count(*) FROM booking)')
    for typ, name, sql in saved:
        db.execute(sql)
    db.execute('COMMIT')
    db.execute('ANALYZE')
    db.execute('PRAGMA journal_mode=WAL')
    n = db.execute('SELECT count(*) FROM booking').fetchone()[0]
    db.close()
    facts = dict(today=today.isoformat(), t0=t0, schema_version=version, orgs=no, members_total=no * nm,
                 vehicles_total=no * nv, bookings_total=n, admin='ADMIN1', member='P1-1', password='demo',
                 area=dict(id=1, org=1, vehicles=50, first_vehicle=1, last_vehicle=50),
                 seconds=round(time.time() - t_start, 1))
    with open(a.facts, 'w', encoding='utf-8') as f:
        json.dump(facts, f, indent=1)
    print(f'gen.py: {a.db}: portal of {no} organisations, {no * nm} members, {no * nv} vehicles, {n} bookings'
          f' in {facts["seconds"]} s')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--db', required=True)
    ap.add_argument('--schema', required=True)
    ap.add_argument('--facts', required=True)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--portal', action='store_true', help='build the portal database instead (issue 17)')
    a = ap.parse_args()
    if a.portal:
        return portal(a)

    t_start = time.time()
    rng = random.Random(a.seed)
    for suffix in ('', '-wal', '-shm', '-journal'):
        if os.path.exists(a.db + suffix):
            os.remove(a.db + suffix)
    db = sqlite3.connect(a.db, isolation_level=None)
    version = migrate(db, a.schema)
    # Bulk load without a journal; the app's connections switch the file to WAL (db.c).
    db.execute('PRAGMA journal_mode=OFF')
    db.execute('PRAGMA synchronous=OFF')
    db.execute('PRAGMA cache_size=-200000')
    db.execute('PRAGMA foreign_keys=ON')
    pw = demo_hash(a.schema)

    today = dt.datetime.now(TZ).date()
    t0 = int(dt.datetime.combine(today - dt.timedelta(days=335), dt.time(0, 0), TZ).timestamp())
    t1 = t0 + 365 * DAY
    now = int(time.time())

    facts = dict(today=today.isoformat(), orgs={}, t0=t0, t1=t1, schema_version=version)
    db.execute('BEGIN')
    member_id = 0
    area_id = 0
    vehicle_id = 0
    booking_rows = []
    for org in ORGS:
        oid = org['id']
        db.execute('INSERT INTO org (id, name, tz, cancel_hours, grid_minutes, lang) VALUES (?, ?, ?, 24, 15, ?)',
                   (oid, org['name'], 'Europe/Berlin', 'de'))
        members = []
        for i in range(org['members']):
            member_id += 1
            if i == 0:
                login, descr, admin = f'ADMIN{oid}', f'Verwaltung {org["name"]}', 1
            else:
                login = f'M{oid}{i:04d}'
                descr = f'{rng.choice(FIRST)} {rng.choice(LAST)}, 0{rng.randint(150, 179)} {rng.randint(1000000, 9999999)}'
                admin = 0
            db.execute('INSERT INTO member (id, org_id, login, descr, member_no, pw_hash, is_admin, created_at)'
                       ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                       (member_id, oid, login, descr, str(oid * 100000 + i), pw, admin, t0 - 30 * DAY))
            members.append(member_id)
        of = dict(name=org['name'], admin=f'ADMIN{oid}', member=f'M{oid}0001', password='demo', areas=[])
        for (aname, sort, nveh, mean_h) in org['areas']:
            area_id += 1
            db.execute('INSERT INTO area (id, org_id, name, sort) VALUES (?, ?, ?, ?)', (area_id, oid, aname, sort))
            vids = []
            for k in range(nveh):
                vehicle_id += 1
                name = f'{aname[:3].upper()}-{k + 1:04d} {rng.choice(MODELS)}'
                db.execute('INSERT INTO vehicle (id, org_id, area_id, name, descr, sort) VALUES (?, ?, ?, ?, ?, ?)',
                           (vehicle_id, oid, area_id, name, rng.choice(DESCR)[:30], k * 10))
                vids.append(vehicle_id)
                # Walk the year: gap, booking, gap, ... never overlapping, on the grid.
                t = t0 + rng.randint(0, int(mean_h * 4)) * SLOT
                while True:
                    d = duration(rng)
                    if t + d > t1:
                        break
                    m = rng.choice(members)
                    created = min(now, t - rng.randint(1, 14 * 96) * SLOT)
                    status = 'storno' if rng.random() < 0.04 else 'active'
                    booking_rows.append((oid, vehicle_id, m, t, t + d, rng.choice(PURPOSES), status, m, created, created))
                    # Mean gap such that starts are mean_h apart on average (at least one slot).
                    mean_gap = max(1.0, mean_h * 4 - d / SLOT)
                    t += d + SLOT * max(1, int(rng.expovariate(1.0 / mean_gap)))
            of['areas'].append(dict(id=area_id, name=aname, sort=sort, vehicles=nveh, first_vehicle=vids[0],
                                    last_vehicle=vids[-1]))
        facts['orgs'][str(oid)] = of
    # The generation triggers fire once per row; that is the schema's job and costs little here.
    db.executemany('INSERT INTO booking (org_id, vehicle_id, member_id, start, end, purpose, status, created_by,'
                   ' created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', booking_rows)
    db.execute('COMMIT')
    db.execute('PRAGMA journal_mode=WAL')
    counts = {str(o): n for o, n in db.execute('SELECT org_id, count(*) FROM booking GROUP BY org_id')}
    facts['bookings'] = counts
    facts['bookings_total'] = sum(counts.values())
    facts['members_total'] = member_id
    facts['vehicles_total'] = vehicle_id
    db.close()
    facts['seconds'] = round(time.time() - t_start, 1)
    with open(a.facts, 'w', encoding='utf-8') as f:
        json.dump(facts, f, indent=1)
    print(f'gen.py: {a.db}: {len(ORGS)} organisations, {member_id} members, {vehicle_id} vehicles, '
          f'{facts["bookings_total"]} bookings ({counts}) in {facts["seconds"]} s')


if __name__ == '__main__':
    main()
