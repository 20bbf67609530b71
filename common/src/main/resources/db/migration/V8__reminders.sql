-- Reminders: the scheduler's own table, what each learner chose about reminders, and every reminder decided on.

-- db-scheduler's table (its PostgreSQL schema, unchanged). One row per task instance; the scheduler that picks a due
-- row locks it by a version check, so each execution runs on one worker of the fleet.
CREATE TABLE scheduled_tasks (
    task_name            TEXT        NOT NULL,
    task_instance        TEXT        NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMPTZ NOT NULL,
    picked               BOOLEAN     NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMPTZ,
    version              BIGINT      NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- A learner's choices about reminders: muted from a reminder's button, and their time zone once the bot knows it
-- (Telegram does not tell; REMINDER_TIME_ZONE stands in until then).
CREATE TABLE reminder_settings (
    user_id    BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    muted_at   TIMESTAMPTZ,
    time_zone  TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every reminder decided on, at most one per learner, rule and occurrence of that rule (for "N days inactive" the
-- inactivity that began at the learner's last activity; for a deadline the cohort and its date), whatever the number
-- of workers or restarts. A row is written before its outbox record, so a crash between the two loses nothing: the
-- next scan puts unqueued rows on the outbox again, and the sender sends a row once.
CREATE TABLE reminders (
    id         BIGSERIAL   PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rule       TEXT        NOT NULL,
    occurrence TEXT        NOT NULL,
    chat_id    BIGINT      NOT NULL,
    text       TEXT        NOT NULL,
    section_id TEXT,
    language   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    queued_at  TIMESTAMPTZ,                       -- acknowledged on tg.outbox
    sent_at    TIMESTAMPTZ,                       -- what the send came to is known
    outcome    TEXT CHECK (outcome IN ('delivered', 'blocked', 'muted', 'failed')),
    CONSTRAINT reminders_once UNIQUE (user_id, rule, occurrence)
);

CREATE INDEX reminders_unqueued ON reminders (created_at) WHERE queued_at IS NULL;
CREATE INDEX reminders_sent_at ON reminders (sent_at);
