package dev.trainingbot.audit;

import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.HttpSettings;
import dev.trainingbot.common.config.KafkaSettings;
import java.time.Duration;

/**
 * The audit-consumer's configuration.
 *
 * @param batchSize {@code AUDIT_BATCH_SIZE} (default 1000): at most this many events per insert; larger batches
 *     insert faster per row but hold more in memory and redo more after a crash
 * @param batchMaxWait {@code AUDIT_BATCH_MAX_WAIT_MS} (default 1000): a batch is written at the latest this long after
 *     its first event arrived, and the broker holds a fetch as long (at most 1 s), so a quiet fleet's events reach
 *     the table within about twice this; the longer, the fewer wake-ups an idle audit-consumer has
 */
public record AuditConsumerConfig(
        KafkaSettings kafka, DatabaseSettings database, HttpSettings http, int batchSize, Duration batchMaxWait) {

    public static AuditConsumerConfig from(Env env) {
        ConfigReader config = new ConfigReader(env);
        KafkaSettings kafka = KafkaSettings.read(config);
        DatabaseSettings database = DatabaseSettings.read(config);
        HttpSettings http = HttpSettings.read(config, 8082);
        int batchSize = config.integer("AUDIT_BATCH_SIZE", 1_000, 1, 50_000);
        Duration maxWait = config.millis("AUDIT_BATCH_MAX_WAIT_MS", 1_000, 1, 60_000);
        config.validate();
        return new AuditConsumerConfig(kafka, database, http, batchSize, maxWait);
    }
}
