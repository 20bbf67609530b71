package dev.trainingbot.fleet.deploy;

import dev.trainingbot.audit.AuditConsumerConfig;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.ingress.IngressConfig;
import dev.trainingbot.worker.WorkerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
        return switch (this) {
            case INGRESS -> {
                IngressConfig config = IngressConfig.from(Env.of(env));
                yield new Settings(config, config.http().port(), config.kafka(), Optional.empty());
            }
            case WORKER -> {
                WorkerConfig config = WorkerConfig.from(Env.of(env));
                yield new Settings(
                        config,
                        config.http().port(),
                        config.kafka(),
                        Optional.of(config.consumer().drainTimeout()));
            }
            case AUDIT_CONSUMER -> {
                AuditConsumerConfig config = AuditConsumerConfig.from(Env.of(env));
                yield new Settings(config, config.http().port(), config.kafka(), Optional.empty());
            }
        };
    }
}
