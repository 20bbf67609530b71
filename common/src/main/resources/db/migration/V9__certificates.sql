-- A certificate of completion: issued once per user, when every section's quiz is passed. The code is what the
-- certificate prints and what an admin looks it up by; name and title are kept as printed.
CREATE TABLE certificates (
    code             TEXT        PRIMARY KEY CHECK (code ~ '^[0-9A-Z]{16}$'),
    user_id          BIGINT      NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    holder_name      TEXT        NOT NULL,
    course_title     TEXT        NOT NULL,
    issued_at        TIMESTAMPTZ NOT NULL,
    -- When the document reached the learner; null until then, so that a retried update sends it again.
    document_sent_at TIMESTAMPTZ
);
