package dev.trainingbot.worker;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.health.HealthCheckCommand;
import dev.trainingbot.common.health.HealthChecks;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.logging.ErrorReporting;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.worker.admin.GenerateAdminHash;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.content.ContentException;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.i18n.Messages;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar worker.jar}: runs a worker until SIGTERM, then drains, commits and exits.
 * {@code java -jar worker.jar generate-admin-hash}: prints a bcrypt hash for {@code ADMIN_PASS_HASH}.
 * {@code java -jar worker.jar aot-training}: what the image records its AOT cache from — the self-warm-up, then the
 * healthcheck.
 */
public final class WorkerMain {

    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("healthcheck")) {
            System.exit(healthcheck(List.of(args).subList(1, args.length), Env.system(), System.out));
            return;
        }
        if (args.length > 0 && args[0].equals("aot-training")) {
            System.exit(aotTraining(Env.system(), System.out));
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

    /**
     * The AOT cache's training run: the self-warm-up on the configured course (the parsing, rendering and writing of
     * the hot path, no server touched), then the healthcheck (the configuration and every client, against whatever
     * servers the environment names). The cache then holds the classes and the method profiles of both. Returns the
     * healthcheck's exit code, or 2 when the configuration or the course is invalid.
     */
    static int aotTraining(Env env, java.io.PrintStream out) {
        try {
            WorkerConfig config = WorkerConfig.from(env);
            Languages languages = Languages.discover(WorkerMain.class.getClassLoader(), config.defaultLanguage());
            Course course = CourseLoader.load(config.contentPath(), languages);
            Screens screens =
                    new Screens(CourseCatalog.of(course), new Messages(languages, WorkerMain.class.getClassLoader()));
            long started = System.nanoTime();
            long rounds = WarmUp.run(config.warmUp(), Json.mapper(), screens, course, languages);
            out.printf(
                    "self-warm-up: %d rounds on the course in %d ms%n",
                    rounds, Duration.ofNanos(System.nanoTime() - started).toMillis());
        } catch (ConfigException | ContentException e) {
            log.error(e.getMessage());
            return 2;
        }
        return healthcheck(List.of(), env, out);
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
