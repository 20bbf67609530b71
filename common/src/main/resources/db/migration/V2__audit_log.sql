-- What the fleet did, written by the audit-consumer from tg.audit in batches.
-- event_id is the idempotency key: a redelivered or replayed event adds no row.
CREATE TABLE audit_log (
    event_id    UUID        PRIMARY KEY,
    ts          TIMESTAMPTZ NOT NULL,
    type        TEXT        NOT NULL,
    user_id     BIGINT,
    chat_id     BIGINT,
    update_id   BIGINT,
    outcome     TEXT        NOT NULL,
    latency_us  BIGINT      NOT NULL DEFAULT 0,
    details     JSONB       NOT NULL DEFAULT '{}'::jsonb,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE INDEX audit_log_user_ts ON audit_log (user_id, ts) WHERE user_id IS NOT NULL;

-- Records of tg.audit that are not audit events. Kept, not dropped, so that nothing read is lost;
-- the key is the record's position, so a replay does not add them twice.
CREATE TABLE audit_log_rejected (
    topic       TEXT        NOT NULL,
    kafka_partition INT     NOT NULL,
    kafka_offset BIGINT     NOT NULL,
    payload     BYTEA,
    error       TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
