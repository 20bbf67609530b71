package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.List;

/**
 * 1, 2 and 4 workers under the same load: one fleet, workers added between measurements (each time the group is
 * left to settle), so the users and their conversations carry over as they would in a scale-out.
 */
public final class WorkerScaling implements Scenario {

    private static final List<Integer> COUNTS = List.of(1, 2, 4);

    private final LoadFleets fleets;
    private final double rate;
    private final Duration duration;

    public WorkerScaling(LoadFleets fleets, double rate, Duration duration) {
        this.fleets = fleets;
        this.rate = rate;
        this.duration = duration;
    }

    @Override
    public String name() {
        return "workers";
    }

    @Override
    public boolean sharesTheLoadFleet() {
        return true;
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        LoadFleets.LoadFleet fleet = fleets.obtain(infrastructure, 1);
        ScenarioCluster cluster = fleet.cluster();
        VirtualUsers users = fleet.usersFor(rate, Duration.ofMillis(300));
        CourseLoad.warmUp(users, rate, Duration.ofSeconds(5));
        Table table = CourseLoad.loadTable("workers");
        StringBuilder summary = new StringBuilder("workers at " + String.format("%,.0f/s:", rate));
        for (int count : COUNTS) {
            while (cluster.workers().size() < count) {
                cluster.addWorker();
            }
            cluster.awaitGroup(count);
            // The first seconds after a rebalance are the rebalance's; a new worker's JIT needs its own warm-up.
            CourseLoad.warmUp(users, rate, Duration.ofSeconds(count == 1 ? 3 : 10));
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
