package dev.trainingbot.benchmark.infra;

import dev.trainingbot.testkit.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The Kafka broker as a process of its own: {@code KafkaBrokerMain <data dir> <broker port> <controller port>} runs
 * the testkit's single-node KRaft broker until SIGTERM, when it shuts down cleanly. Started again on the same
 * directory and ports it comes back with its topics, records and committed offsets — a broker restart.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <data dir> <broker port> <controller port>");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.stop();
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        System.out.println("broker ready on " + broker.bootstrapServers());
        stopped.await();
    }
}
