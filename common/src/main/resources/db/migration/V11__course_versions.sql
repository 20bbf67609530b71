-- Course content versions: every course the fleet has served, newest last. A worker serves the newest row whose
-- content its loader accepts; publishing a row is followed by NOTIFY course_versions, '<version>', so every worker
-- switches within seconds without polling. A roll-back publishes an older content again, as a new version.
CREATE TABLE course_versions (
    version    INT         PRIMARY KEY,
    content    TEXT        NOT NULL,
    checksum   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by TEXT        NOT NULL
);

CREATE INDEX course_versions_checksum ON course_versions (checksum);
