package dev.trainingbot.benchmark.infra;

import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The run's Kafka broker, a {@link KafkaBrokerMain} process, which a fault scenario stops and starts again on the same
 * ports and data.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Launcher launcher;
    private final Path dataDir;
    private final int port = Launcher.freePort();
    private final int controllerPort = Launcher.freePort();
    private int starts;
    private ChildProcess process;

    private KafkaBroker(Launcher launcher, Path dataDir) {
        this.launcher = launcher;
        this.dataDir = dataDir;
    }

    public static KafkaBroker start(Launcher launcher, Path dataDir) {
        KafkaBroker broker = new KafkaBroker(launcher, dataDir);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Starts the broker process and waits until it answers. */
    public void start() {
        process = launcher.benchmarkClass(
                "kafka-" + ++starts,
                KafkaBrokerMain.class,
                List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC"),
                dataDir.toString(),
                Integer.toString(port),
                Integer.toString(controllerPort));
        awaitReachable();
    }

    /** SIGTERM: the broker shuts down cleanly, as in a rolling restart. */
    public void stop() {
        process.stop();
    }

    private void awaitReachable() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        KafkaSettings settings = new KafkaSettings(bootstrapServers(), "");
        while (true) {
            if (!process.alive()) {
                throw new IllegalStateException("the Kafka broker exited at start; see " + process.log());
            }
            // The port first: an admin client would log a warning for every refused connection.
            if (!listening() && System.nanoTime() < deadline) {
                pause();
                continue;
            }
            try (Admin admin = Admin.create(KafkaClients.admin(settings, "benchmark-probe"))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the Kafka broker did not answer within " + START_TIMEOUT.toSeconds() + " s; see "
                                    + process.log(),
                            e);
                }
                pause();
            }
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
