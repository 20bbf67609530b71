-- The people who talk to the bot. One row per Telegram user, created on first contact.
CREATE TABLE users (
    id            BIGINT      PRIMARY KEY,          -- Telegram user id
    chat_id       BIGINT      NOT NULL,             -- their private chat with the bot
    first_name    TEXT,
    last_name     TEXT,
    username      TEXT,
    language_code TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    blocked_at    TIMESTAMPTZ                       -- set when Telegram answers "bot was blocked by the user"
);

CREATE INDEX users_last_seen_at ON users (last_seen_at);
