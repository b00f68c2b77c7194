-- 013_accounting_transfer: what became of each issued invoice in the accounting system (Tryton): the
-- claim (a lease with a token, taken in one immediate transaction before any network call, so that two
-- administrators never book one invoice twice), the Tryton invoice id and number once Tryton confirmed
-- it, the credit note of an undo, the last failure; and the Tryton revenue account per tariff (ids in
-- Tryton, unlike inv_revenue's DATEV account numbers).
CREATE TABLE acct_transfer (
	invoice_id INTEGER PRIMARY KEY REFERENCES invoice(id),
	org_id INTEGER NOT NULL REFERENCES org(id),
	state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'undoing', 'undone')),
	lease_until INTEGER NOT NULL DEFAULT 0,
	token INTEGER NOT NULL DEFAULT 0,
	tryton_id INTEGER NOT NULL DEFAULT 0,
	tryton_number TEXT NOT NULL DEFAULT '',
	undo_id INTEGER NOT NULL DEFAULT 0,
	undo_number TEXT NOT NULL DEFAULT '',
	error_kind TEXT NOT NULL DEFAULT '',     -- a tryton_status name, '' when the last attempt succeeded
	error_detail TEXT NOT NULL DEFAULT '',
	error_op TEXT NOT NULL DEFAULT '',       -- 'transfer' or 'undo': which attempt failed
	changed_at INTEGER NOT NULL
);
CREATE INDEX acct_transfer_org ON acct_transfer(org_id, state);

CREATE TABLE acct_revenue (
	org_id INTEGER NOT NULL REFERENCES org(id),
	tariff TEXT NOT NULL,
	account INTEGER NOT NULL CHECK (account > 0),
	PRIMARY KEY (org_id, tariff)
) WITHOUT ROWID;

-- Members linked to a customer (party) of the accounting system by the import (party code = member number).
CREATE TABLE acct_party (
	member_id INTEGER PRIMARY KEY REFERENCES member(id) ON DELETE CASCADE,
	org_id INTEGER NOT NULL REFERENCES org(id),
	party_id INTEGER NOT NULL,
	code TEXT NOT NULL
);
CREATE INDEX acct_party_org ON acct_party(org_id, party_id);
