-- 002_import_upload: CSV uploads waiting for the administrator's confirmation after the preview.
-- A row exists only between a faultless preview and its confirmation (or until it is a day old).
CREATE TABLE import_upload (
  id         INTEGER PRIMARY KEY,
  org_id     INTEGER NOT NULL REFERENCES org(id),
  member_id  INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('members', 'vehicles')),
  created_at INTEGER NOT NULL,
  data       BLOB NOT NULL
);
CREATE INDEX import_upload_org ON import_upload(org_id, member_id);
