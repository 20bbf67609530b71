package dev.trainingbot.worker;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.health.HealthCheckCommand;
import dev.trainingbot.common.health.HealthChecks;
import dev.trainingbot.common.logging.ErrorReporting;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.worker.admin.GenerateAdminHash;
import dev.trainingbot.worker.course.content.ContentException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar worker.jar}: runs a worker until SIGTERM, then drains, commits and exits.
 * {@code java -jar worker.jar generate-admin-hash}: prints a bcrypt hash for {@code ADMIN_PASS_HASH}.
 */
public final class WorkerMain {

    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("healthcheck")) {
            System.exit(healthcheck(List.of(args).subList(1, args.length), Env.system(), System.out));
            return;
        }
        if (args.length > 0 && args[0].equals("generate-admin-hash")) {
            GenerateAdminHash.main(args);
            return;
        }
        WorkerConfig config;
        try {
            config = WorkerConfig.from(Env.system());
        } catch (ConfigException e) {
            log.error(e.getMessage());
            System.exit(2);
            return;
        }
        ErrorReporting.install(Env.system(), "worker");
        Worker worker;
        try {
            worker = Worker.start(config, Metrics.prometheus("worker"));
        } catch (ContentException e) {
            log.error("the course content is invalid: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            worker.close();
                            ErrorReporting.flush(Duration.ofSeconds(2));
                        },
                        "worker-shutdown"));
    }

    /** {@code healthcheck [--json]}: the dependencies this service needs, one line each; returns the exit code. */
    public static int healthcheck(List<String> args, Env env, java.io.PrintStream out) {
        return HealthCheckCommand.run(
                args,
                List.of(
                        HealthChecks.environment(env, WorkerConfig::from),
                        HealthChecks.filesystem(env, "CONTENT_PATH", WorkerConfig.DEFAULT_CONTENT_PATH),
                        HealthChecks.database(env),
                        HealthChecks.redis(env),
                        HealthChecks.kafka(env, topics -> topics.all()),
                        HealthChecks.telegram(env),
                        HealthChecks.adminPassword(env)),
                out);
    }
}
