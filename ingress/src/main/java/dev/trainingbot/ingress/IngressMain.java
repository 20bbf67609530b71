package dev.trainingbot.ingress;

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

/** {@code java -jar ingress.jar}: runs the ingress until SIGTERM, then drains and exits. */
public final class IngressMain {

    private static final Logger log = LoggerFactory.getLogger(IngressMain.class);

    private IngressMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("healthcheck")) {
            System.exit(healthcheck(List.of(args).subList(1, args.length), Env.system(), System.out));
            return;
        }
        IngressConfig config;
        try {
            config = IngressConfig.from(Env.system());
        } catch (ConfigException e) {
            log.error(e.getMessage());
            System.exit(2);
            return;
        }
        ErrorReporting.install(Env.system(), "ingress");
        Ingress ingress;
        try {
            ingress = Ingress.start(config, Metrics.prometheus("ingress"));
        } catch (StartRefusedException e) {
            log.error(e.getMessage());
            ErrorReporting.flush(Duration.ofSeconds(2));
            System.exit(2);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            ingress.close();
                            ErrorReporting.flush(Duration.ofSeconds(2));
                        },
                        "ingress-shutdown"));
    }

    /** {@code healthcheck [--json]}: the dependencies this service needs, one line each; returns the exit code. */
    public static int healthcheck(List<String> args, Env env, java.io.PrintStream out) {
        return HealthCheckCommand.run(
                args,
                List.of(
                        HealthChecks.environment(env, IngressConfig::from),
                        HealthChecks.filesystem(),
                        HealthChecks.kafka(env, topics -> List.of(topics.updates())),
                        HealthChecks.telegram(env)),
                out);
    }
}
