-- A finished quiz is recorded by the update that finished it: a retried update (its Telegram reply failed, its
-- conversation was saved concurrently) must not record the attempt twice. Rows from before have no update id;
-- a unique constraint allows any number of NULLs.
ALTER TABLE quiz_attempts ADD COLUMN update_id BIGINT;
ALTER TABLE quiz_attempts ADD CONSTRAINT quiz_attempts_update_id_key UNIQUE (update_id);

-- users.chat_id is the user's private chat with the bot (whose id is the user's id), where broadcasts go. It was
-- overwritten with the chat of any update, groups included; it is now written from private chats only, and a user
-- seen only in groups has none. Ids of groups written before are forgotten: the user's next private message writes
-- their chat again.
ALTER TABLE users ALTER COLUMN chat_id DROP NOT NULL;
UPDATE users SET chat_id = NULL WHERE chat_id <> id;
