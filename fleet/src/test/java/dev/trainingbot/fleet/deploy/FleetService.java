package dev.trainingbot.fleet.deploy;

import dev.trainingbot.audit.AuditConsumerConfig;
import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.logging.ErrorReporting;
import dev.trainingbot.ingress.IngressConfig;
import dev.trainingbot.worker.WorkerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three services of the image, each configured by its own parser from the environment a deployment file gives
 * its container: a missing or invalid variable fails with the service's {@code ConfigException}, naming it.
 */
enum FleetService {
    INGRESS("ingress"),
    WORKER("worker"),
    AUDIT_CONSUMER("audit-consumer");

    /** What a container's configuration comes to, as far as the deployment files must agree with it. */
    record Settings(Record config, int httpPort, KafkaSettings kafka, Optional<Duration> drainTimeout) {}

    private final String id;

    FleetService(String id) {
        this.id = id;
    }

    /** The name of the jar, the compose service and the {@code SERVICE} value; Deployments add "trainingbot-". */
    String id() {
        return id;
    }

    String deploymentName() {
        return "trainingbot-" + id;
    }

    /**
     * Parses {@code containerEnvironment} with the service's real configuration class. {@code CONTENT_PATH} is read
     * as the container reads it, relative to the image's working directory (see {@link Repository#inImage}).
     */
    Settings configure(Map<String, String> containerEnvironment) {
        Map<String, String> env = new HashMap<>(containerEnvironment);
        env.put(
                "CONTENT_PATH",
                Repository.inImage(env.getOrDefault("CONTENT_PATH", "content/course.yaml"))
                        .toString());
        return configure(Env.of(env));
    }

    /**
     * The variables the service reads, found by asking its code: the names its configuration record, its error
     * reporting and its logging configuration (logback.xml's {@code ${NAME:-default}}) look up, whether set or not.
     */
    Set<String> variablesRead() {
        Env env = Env.of(Map.of());
        try {
            configure(env);
        } catch (ConfigException expected) {
            // An empty environment misses the required variables; every name was asked for all the same.
        }
        ErrorReporting.install(env, id);
        Set<String> names = new TreeSet<>(env.namesAsked());
        Matcher m = LOGBACK_VARIABLE.matcher(Repository.read(LOGBACK));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static final String LOGBACK = "common/src/main/resources/logback.xml";
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-[^}]*)?}");

    private Settings configure(Env env) {
        return switch (this) {
            case INGRESS -> {
                IngressConfig config = IngressConfig.from(env);
                yield new Settings(config, config.http().port(), config.kafka(), Optional.empty());
            }
            case WORKER -> {
                WorkerConfig config = WorkerConfig.from(env);
                yield new Settings(
                        config,
                        config.http().port(),
                        config.kafka(),
                        Optional.of(config.consumer().drainTimeout()));
            }
            case AUDIT_CONSUMER -> {
                AuditConsumerConfig config = AuditConsumerConfig.from(env);
                yield new Settings(config, config.http().port(), config.kafka(), Optional.empty());
            }
        };
    }
}
