-- A finished quiz is recorded by the update that finished it: a retried update (its Telegram reply failed, its
-- conversation was saved concurrently) must not record the attempt twice. Rows from before have no update id;
-- a unique constraint allows any number of NULLs.
ALTER TABLE quiz_attempts ADD COLUMN update_id BIGINT;
ALTER TABLE quiz_attempts ADD CONSTRAINT quiz_attempts_update_id_key UNIQUE (update_id);
