-- Cohorts: groups of learners an admin invites through a deep link (t.me/<bot>?start=<code>). A revoked cohort
-- enrols nobody more; its members stay in it.
CREATE TABLE cohorts (
    id         BIGSERIAL   PRIMARY KEY,
    -- Telegram's start parameter: at most 64 characters of A-Z a-z 0-9 _ -
    code       TEXT        NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
    name       TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    starts_on  DATE,                                -- optional: when the cohort starts (reminders count from it)
    created_by BIGINT      NOT NULL,                -- the admin's Telegram user id
    -- the update that created it: the same update handled again (after a failed reply) finds it instead of a twin
    created_update_id BIGINT UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);

-- A learner is in one cohort at most; switching moves the row. update_id is the update that enrolled them, so that
-- the same update handled again is recognised as the enrolment it made, not as a second visit.
CREATE TABLE cohort_members (
    user_id     BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    cohort_id   BIGINT      NOT NULL REFERENCES cohorts (id),
    enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    update_id   BIGINT      NOT NULL
);

CREATE INDEX cohort_members_cohort ON cohort_members (cohort_id);
