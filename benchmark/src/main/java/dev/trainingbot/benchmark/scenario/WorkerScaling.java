package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * 1, 2 and 4 workers under the same load: one fleet, workers added between measurements (each time the group is
 * left to settle), so the users and their conversations carry over as they would in a scale-out.
 */
public final class WorkerScaling implements Scenario {

    private static final List<Integer> COUNTS = List.of(1, 2, 4);

    private final double rate;
    private final Duration duration;

    public WorkerScaling(double rate, Duration duration) {
        this.rate = rate;
        this.duration = duration;
    }

    @Override
    public String name() {
        return "workers";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster = CourseLoad.start(infrastructure, name(), 1, Map.of())) {
            VirtualUsers users = CourseLoad.users(cluster, rate, Duration.ofMillis(300));
            CourseLoad.warmUp(users, rate, Duration.ofSeconds(8));
            Table table = CourseLoad.loadTable("workers");
            StringBuilder summary = new StringBuilder("workers at " + String.format("%,.0f/s:", rate));
            for (int count : COUNTS) {
                while (cluster.workers().size() < count) {
                    cluster.addWorker();
                }
                cluster.awaitGroup(count);
                // The first seconds after a rebalance are the rebalance's, not the replica count's.
                CourseLoad.warmUp(users, rate, Duration.ofSeconds(3));
                LoadFigures f = CourseLoad.measure(cluster, users, rate, duration);
                CourseLoad.loadRow(table, count, f);
                summary.append(String.format(
                        " %d → %,.0f/s p99 %.0f ms;",
                        count, f.answeredPerSecond(), f.endToEnd().p99()));
            }
            return new Section(name(), "1, 2 and 4 workers")
                    .paragraph(String.format(
                            "%,d users at %,.0f presses a second; the fleet starts with one worker and grows to two,"
                                    + " then four (one per partition of tg.updates), measured %d s at each size. On"
                                    + " one 2-core machine the replicas share the same cores, so more of them add"
                                    + " concurrency and failover, not CPU.",
                            users.size(), rate, duration.toSeconds()))
                    .table(table)
                    .summary(summary.toString());
        }
    }
}
