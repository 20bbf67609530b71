-- The language a user chose with /language: it overrides their Telegram language_code. NULL until they choose; a
-- language the bot no longer speaks (its bundle removed since) is ignored when read, and kept until they choose again.
ALTER TABLE users ADD COLUMN language TEXT;
