package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.RedisServer;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.Distribution;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Chart;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import dev.trainingbot.common.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A fault under load on the warm two-worker fleet, done to real processes: users keep pressing at {@code rate} while a worker is killed with
 * SIGKILL, Redis is restarted, PostgreSQL refuses connections for a while, or the Kafka broker is restarted. Every
 * press is then accounted for by its callback query id: answered, lost (never answered), or answered twice; dead
 * letters are counted on {@code tg.updates.dlq}. Recovery is the time from the fault's end until every press made
 * before it was answered and three seconds in a row answer their presses within the normal latency again.
 */
public final class FaultScenario implements Scenario {

    /** What goes wrong. */
    public enum Fault {
        WORKER_KILL("worker-kill", "a worker killed with SIGKILL"),
        REDIS_RESTART("redis-restart", "Redis restarted (SIGTERM, down 3 s, started again on its data)"),
        POSTGRES_OUTAGE("postgres-outage", "PostgreSQL refusing every connection"),
        KAFKA_RESTART("kafka-restart", "the Kafka broker restarted (SIGTERM, started again on its data)");

        final String scenario;
        final String description;

        Fault(String scenario, String description) {
            this.scenario = scenario;
            this.description = description;
        }
    }

    /** The longest the scenario waits, after the load, for the last presses to be answered. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    private final LoadFleets fleets;
    private final Fault fault;
    private final double rate;
    private final Duration before;
    private final Duration outage;
    private final Duration after;

    public FaultScenario(
            LoadFleets fleets, Fault fault, double rate, Duration before, Duration outage, Duration after) {
        this.fleets = fleets;
        this.fault = fault;
        this.rate = rate;
        this.before = before;
        this.outage = outage;
        this.after = after;
    }

    @Override
    public String name() {
        return fault.scenario;
    }

    @Override
    public boolean sharesTheLoadFleet() {
        return true;
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        if (fault == Fault.REDIS_RESTART && infrastructure.ownRedis().isEmpty()) {
            return new Section(name(), "Fault: " + fault.description)
                    .paragraph("Skipped: redis-server is not installed, and the shared Redis is not restarted.")
                    .summary(name() + ": skipped (no redis-server)");
        }
        LoadFleets.LoadFleet fleet = fleets.obtain(infrastructure, 2);
        ScenarioCluster cluster = fleet.cluster();
        VirtualUsers users = fleet.usersFor(rate, Duration.ofMillis(500));
        CourseLoad.warmUp(users, rate, Duration.ofSeconds(3));
        Instant since = Instant.now();
        long twiceBefore = users.answeredTwice();
        long refusalsBefore = users.webhookRefusals();
        long deadLettersBefore = deadLetters(cluster);
        long origin = System.nanoTime();
        long[] window = new long[2];
        Thread injector = Thread.ofPlatform().name("fault").start(() -> inject(cluster, origin, window));
        long presses = users.drive(rate, before.plus(outage).plus(after));
        injector.join();
        boolean settled = users.awaitAnswers(ANSWER_TIMEOUT);
        VirtualUsers.Outcome outcome = users.outcome(since, twiceBefore);
        long deadLetters = deadLetters(cluster) - deadLettersBefore;
        double faultStart = (window[0] - origin) / 1e9;
        double faultEnd = (window[1] - origin) / 1e9;
        Distribution baseline = users.replies().between(origin, window[0]);
        double threshold = Math.max(500, 3 * baseline.p99());
        int seconds = (int) Math.ceil((System.nanoTime() - origin) / 1e9);
        Distribution[] timeline = users.replies().perSecond(origin, seconds);
        double backlog = Math.max(0, (users.replies().lastAnswerOfStartedBefore(window[1]) - window[1]) / 1e9);
        double calm = recovery(timeline, faultEnd, threshold);
        double recovery = Math.max(backlog, Double.isNaN(calm) ? 0 : calm);
        // Not calm again before the load ended: the backlog's drain is a lower bound, and says so.
        String recoveryCell = Double.isNaN(calm) ? String.format("≥ %.1f", recovery) : String.format("%.1f", recovery);
        Distribution all = users.replies().between(origin, System.nanoTime());
        Table table = new Table(
                "fault",
                "presses",
                "answered",
                "lost",
                "answered twice",
                "dead-lettered",
                "webhook retries",
                "max latency s",
                "recovery s");
        table.row(
                fault.description,
                outcome.pressed(),
                outcome.answered(),
                outcome.lost(),
                outcome.duplicated(),
                deadLetters,
                users.webhookRefusals() - refusalsBefore,
                all.maxMillis() / 1000,
                recoveryCell);
        boolean noLoss = outcome.lost() == 0 && deadLetters == 0 && settled;
        return new Section(name(), "Fault: " + fault.description)
                .paragraph(String.format(
                        "Two workers, %,d users pressing %,.0f times a second; %s at %.0f s%s. %,d presses were"
                                + " made. Recovery threshold: answers within %,.0f ms (3 × the p99 before the"
                                + " fault, at least 500 ms).",
                        users.size(),
                        rate,
                        fault.description,
                        faultStart,
                        faultEnd > faultStart + 0.5 ? String.format(", healed at %.0f s", faultEnd) : "",
                        presses,
                        threshold))
                .table(table)
                .chart(timelineChart(name() + ".svg", "Fault: " + fault.description, timeline)
                        .marker(faultStart, "fault")
                        .marker(faultEnd, faultEnd > faultStart + 0.5 ? "healed" : ""))
                .check(
                        "zero updates lost: " + fault.description,
                        outcome.lost() + " lost, " + deadLetters + " dead-lettered",
                        noLoss)
                .summary(String.format(
                        "%s: %,d presses, %,d answered, %,d lost, %,d answered twice, %,d dead-lettered,"
                                + " recovery %s s",
                        name(),
                        outcome.pressed(),
                        outcome.answered(),
                        outcome.lost(),
                        outcome.duplicated(),
                        deadLetters,
                        recoveryCell));
    }

    /** Waits {@code before}, does the fault, and records when it began and ended (nanoTime) into {@code window}. */
    private void inject(ScenarioCluster cluster, long origin, long[] window) {
        try {
            Thread.sleep(Math.max(0, before.toMillis() - (System.nanoTime() - origin) / 1_000_000));
            window[0] = System.nanoTime();
            switch (fault) {
                case WORKER_KILL -> cluster.kill(cluster.workers().getFirst());
                case REDIS_RESTART -> {
                    RedisServer redis = cluster.infrastructure().ownRedis().orElseThrow();
                    redis.stop();
                    Thread.sleep(3_000);
                    redis.start();
                }
                case POSTGRES_OUTAGE -> {
                    cluster.database().refuseConnections();
                    Thread.sleep(outage.toMillis());
                    cluster.database().restoreConnections();
                }
                case KAFKA_RESTART -> {
                    cluster.infrastructure().broker().stop();
                    cluster.infrastructure().broker().start();
                }
            }
            window[1] = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Seconds from the fault's end to the start of the first three seconds in a row whose presses were all answered
     * within {@code thresholdMillis} (measured by their p99); NaN if that never happened.
     */
    static double recovery(Distribution[] timeline, double faultEnd, double thresholdMillis) {
        int first = (int) Math.floor(faultEnd);
        for (int s = Math.max(0, first); s + 2 < timeline.length; s++) {
            boolean calm = true;
            for (int k = s; k < s + 3; k++) {
                calm &= timeline[k].count() > 0 && timeline[k].p99() <= thresholdMillis;
            }
            if (calm) {
                return Math.max(0, s - faultEnd);
            }
        }
        return Double.NaN;
    }

    /** Records on the dead-letter topic so far, all partitions. */
    static long deadLetters(ScenarioCluster cluster) throws Exception {
        String topic = cluster.kafka().topics().deadLetters();
        try (Admin admin = Admin.create(KafkaClients.admin(cluster.kafka(), "benchmark-dlq"))) {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        }
    }

    /** Each second's presses, answered, and their p99 (by the moment of the press), for a scenario's chart. */
    static Chart timelineChart(String file, String title, Distribution[] timeline) {
        List<double[]> answered = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        for (int s = 0; s < timeline.length; s++) {
            answered.add(new double[] {s, timeline[s].count()});
            p99.add(new double[] {s, timeline[s].p99() / 1000});
        }
        return new Chart(file, title, "s (by the moment of the press)", "presses answered", "p99 latency s")
                .series("presses made in the second, answered", false, answered)
                .series("their p99 latency (s)", true, p99);
    }
}
