-- 010_invoices: invoices per member number ("Rechnungen") with their lines, the gap-free numbering,
-- issuing runs, what billing records they invoiced, hand-overs to accounting (DATEV, Lexware), and
-- the invoice settings of an organisation and the postal addresses of members. Money in cents.

-- Invoice settings of an organisation (one row, created on first save). vat_rate in hundredths of a
-- percent (1900 = 19 %); vat_mode 'none' is § 19 UStG. NULL Berater/Mandant: not set yet.
CREATE TABLE inv_settings (
  org_id         INTEGER PRIMARY KEY REFERENCES org(id),
  address        TEXT NOT NULL DEFAULT '',
  iban           TEXT NOT NULL DEFAULT '',
  vat_mode       TEXT NOT NULL DEFAULT 'none' CHECK (vat_mode IN ('none', 'net', 'gross')),
  vat_rate       INTEGER NOT NULL DEFAULT 1900 CHECK (vat_rate BETWEEN 0 AND 10000),
  number_format  TEXT NOT NULL DEFAULT '{YYYY}-{NNNN}',
  payment_days   INTEGER NOT NULL DEFAULT 14 CHECK (payment_days BETWEEN 0 AND 365),
  datev_berater  INTEGER CHECK (datev_berater IS NULL OR datev_berater BETWEEN 1001 AND 9999999),
  datev_mandant  INTEGER CHECK (datev_mandant IS NULL OR datev_mandant BETWEEN 1 AND 99999),
  debtor_base    INTEGER NOT NULL DEFAULT 10000 CHECK (debtor_base BETWEEN 0 AND 999999999),
  account_len    INTEGER NOT NULL DEFAULT 4 CHECK (account_len BETWEEN 4 AND 8),
  fy_start       INTEGER NOT NULL DEFAULT 1 CHECK (fy_start BETWEEN 1 AND 12)
);

-- The revenue account ("Erlöskonto", DATEV Gegenkonto) of a tariff, by the tariff's name as billing
-- records keep it.
CREATE TABLE inv_revenue (
  org_id   INTEGER NOT NULL REFERENCES org(id),
  tariff   TEXT NOT NULL,
  account  INTEGER NOT NULL CHECK (account BETWEEN 1 AND 99999999),
  PRIMARY KEY (org_id, tariff)
) WITHOUT ROWID;

-- A member's postal address (optional; several lines).
CREATE TABLE inv_address (
  member_id  INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  address    TEXT NOT NULL DEFAULT ''
);

-- The last number used per organisation and year (year 0: the one sequence of a number format
-- without year): the sequence is gap-free because it is only advanced inside the immediate
-- transaction that writes the invoice.
CREATE TABLE inv_seq (
  org_id  INTEGER NOT NULL REFERENCES org(id),
  year    INTEGER NOT NULL,
  last    INTEGER NOT NULL,
  PRIMARY KEY (org_id, year)
) WITHOUT ROWID;

-- One issuing run (kind 'issue': all invoices of a period) or one cancellation ('cancel').
-- [t0, t1) is the billing period in UTC; period its name, e.g. "2026-11" or "2026-10_2026-12".
CREATE TABLE inv_run (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  kind        TEXT NOT NULL CHECK (kind IN ('issue', 'cancel')),
  t0          INTEGER NOT NULL,
  t1          INTEGER NOT NULL,
  period      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  created_by  INTEGER NOT NULL     -- no foreign key: deleting a member must not fail on history
);
CREATE INDEX inv_run_org ON inv_run(org_id, kind, t0);

-- An issued invoice, with a copy of everything it shows, so that later changes of settings,
-- names or addresses never alter it (GoBD). cancels: the invoice a cancellation invoice reverses.
CREATE TABLE invoice (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id        INTEGER NOT NULL REFERENCES org(id),
  run_id        INTEGER NOT NULL REFERENCES inv_run(id),
  number        TEXT NOT NULL,
  year          INTEGER NOT NULL,   -- the sequence's key (inv_seq.year)
  seq           INTEGER NOT NULL,
  cancels       INTEGER REFERENCES invoice(id),
  member_no     TEXT NOT NULL,
  member_id     INTEGER NOT NULL,   -- no foreign key: the invoice outlives the login
  name          TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',
  t0            INTEGER NOT NULL,
  t1            INTEGER NOT NULL,
  period        TEXT NOT NULL,
  inv_date      TEXT NOT NULL,      -- YYYY-MM-DD, local
  due_date      TEXT NOT NULL,
  issued_at     INTEGER NOT NULL,
  vat_mode      TEXT NOT NULL,
  vat_rate      INTEGER NOT NULL,
  net           INTEGER NOT NULL,
  vat           INTEGER NOT NULL,
  gross         INTEGER NOT NULL,
  org_name      TEXT NOT NULL,
  org_address   TEXT NOT NULL,
  iban          TEXT NOT NULL,
  UNIQUE (org_id, number),
  UNIQUE (org_id, year, seq)
);
CREATE UNIQUE INDEX invoice_cancels ON invoice(cancels) WHERE cancels IS NOT NULL;
CREATE INDEX invoice_org_member ON invoice(org_id, member_no, id);
CREATE INDEX invoice_run ON invoice(run_id);

-- Lines: one per billing record (kind normal, storno, chgsto), or a correction of an earlier
-- invoice (correction 1: the reversal of an invoiced record, or the difference after a record was
-- corrected in place; prev_invoice is the invoice whose amount it corrects).
CREATE TABLE invoice_line (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  invoice_id    INTEGER NOT NULL REFERENCES invoice(id),
  billing_id    INTEGER NOT NULL,
  booking_id    INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  correction    INTEGER NOT NULL DEFAULT 0 CHECK (correction IN (0, 1, 2)),
  prev_invoice  INTEGER,
  start         INTEGER NOT NULL,
  end           INTEGER NOT NULL,
  vehicle       TEXT NOT NULL,
  tariff        TEXT NOT NULL,
  minutes       INTEGER NOT NULL,
  km            INTEGER NOT NULL,     -- -1: unknown
  time_price    INTEGER NOT NULL,
  km_price      INTEGER NOT NULL,
  share_pct     INTEGER NOT NULL,     -- storno share of storno and chgsto lines, else 100
  amount        INTEGER NOT NULL
);
CREATE INDEX invoice_line_invoice ON invoice_line(invoice_id, start, id);

-- Which billing record is invoiced, by which invoice, with which amount. A record is never in two
-- rows, so nothing is invoiced twice; cancelling an invoice removes (or restores) its marks.
CREATE TABLE inv_mark (
  billing_id  INTEGER PRIMARY KEY,
  invoice_id  INTEGER NOT NULL REFERENCES invoice(id),
  amount      INTEGER NOT NULL
);

-- Hand-overs to accounting: which invoice went into which file, when.
CREATE TABLE inv_handover (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id      INTEGER NOT NULL REFERENCES org(id),
  invoice_id  INTEGER NOT NULL REFERENCES invoice(id),
  target      TEXT NOT NULL CHECK (target IN ('datev', 'lexware')),
  at          INTEGER NOT NULL,
  file        TEXT NOT NULL
);
CREATE INDEX inv_handover_invoice ON inv_handover(invoice_id, target);

-- Issued invoices and their lines are immutable (GoBD): corrections are cancellation invoices.
CREATE TRIGGER invoice_no_update BEFORE UPDATE ON invoice BEGIN
  SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
CREATE TRIGGER invoice_no_delete BEFORE DELETE ON invoice BEGIN
  SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
CREATE TRIGGER invoice_line_no_update BEFORE UPDATE ON invoice_line BEGIN
  SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
CREATE TRIGGER invoice_line_no_delete BEFORE DELETE ON invoice_line BEGIN
  SELECT RAISE(ABORT, 'issued invoices are immutable');
END;
