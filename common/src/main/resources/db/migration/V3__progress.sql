-- A user's way through the course. Sections, lessons and quizzes live in the content file; rows refer to them by id.

-- A lesson counts as completed once the user opened it.
CREATE TABLE lesson_completions (
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    section_id   TEXT        NOT NULL,
    lesson_id    TEXT        NOT NULL,
    completed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, section_id, lesson_id)
);

-- Every finished quiz; best and last scores per section are read from here.
CREATE TABLE quiz_attempts (
    id          BIGSERIAL   PRIMARY KEY,
    user_id     BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    section_id  TEXT        NOT NULL,
    score       INT         NOT NULL CHECK (score >= 0),
    max_score   INT         NOT NULL CHECK (max_score > 0 AND score <= max_score),
    finished_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX quiz_attempts_user_section ON quiz_attempts (user_id, section_id, finished_at DESC);
CREATE INDEX quiz_attempts_section ON quiz_attempts (section_id);
CREATE INDEX lesson_completions_section ON lesson_completions (section_id);
