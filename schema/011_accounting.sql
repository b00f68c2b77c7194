-- 011_accounting: an organisation's connection to its accounting system (Tryton over JSON-RPC): the
-- switch, the server, the integration user with its password sealed (store/sealed: the key is not in
-- the database), the account mapping, and the outcome of the last "Verbindung testen".
CREATE TABLE accounting (
	org_id INTEGER PRIMARY KEY REFERENCES org(id) ON DELETE CASCADE,
	enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
	url TEXT NOT NULL DEFAULT '',
	dbname TEXT NOT NULL DEFAULT '',
	login TEXT NOT NULL DEFAULT '',
	password_sealed TEXT NOT NULL DEFAULT '',
	receivable INTEGER NOT NULL DEFAULT 0,
	revenue INTEGER NOT NULL DEFAULT 0,
	journal INTEGER NOT NULL DEFAULT 0,
	payment_term INTEGER NOT NULL DEFAULT 0,
	tested_at INTEGER,
	test_status TEXT NOT NULL DEFAULT '',
	test_detail TEXT NOT NULL DEFAULT ''
);
