package dev.trainingbot.audit;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.health.HealthCheckCommand;
import dev.trainingbot.common.health.HealthChecks;
import dev.trainingbot.common.logging.ErrorReporting;
import dev.trainingbot.common.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar audit-consumer.jar}: runs the audit sink until SIGTERM, then writes what it holds and exits.
 * {@code … replay --from …}: replays {@code tg.audit} into {@code audit_log} ({@link AuditReplay}).
 * {@code … healthcheck [--json]}: checks the database and Kafka.
 */
public final class AuditConsumerMain {

    private static final Logger log = LoggerFactory.getLogger(AuditConsumerMain.class);

    private AuditConsumerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("healthcheck")) {
            System.exit(healthcheck(List.of(args).subList(1, args.length), Env.system(), System.out));
            return;
        }
        AuditConsumerConfig config;
        try {
            config = AuditConsumerConfig.from(Env.system());
        } catch (ConfigException e) {
            log.error(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(AuditReplay.run(List.of(args).subList(1, args.length), config, System.out));
            return;
        }
        ErrorReporting.install(Env.system(), "audit-consumer");
        AuditConsumer consumer = AuditConsumer.start(config, Metrics.prometheus("audit-consumer"));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            consumer.close();
                            ErrorReporting.flush(Duration.ofSeconds(2));
                        },
                        "audit-consumer-shutdown"));
    }

    /** {@code healthcheck [--json]}: the dependencies this service needs, one line each; returns the exit code. */
    public static int healthcheck(List<String> args, Env env, java.io.PrintStream out) {
        return HealthCheckCommand.run(
                args,
                List.of(
                        HealthChecks.environment(env, AuditConsumerConfig::from),
                        HealthChecks.filesystem(),
                        HealthChecks.database(env),
                        HealthChecks.kafka(env, topics -> List.of(topics.audit()))),
                out);
    }
}
