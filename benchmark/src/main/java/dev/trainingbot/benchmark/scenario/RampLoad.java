package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Chart;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ramp until saturation: two workers, the press rate raised step by step until the fleet no longer keeps up — fewer
 * than 95 % of the presses answered in their step, or a p99 above a second. The last step that kept up is the
 * sustained throughput.
 */
public final class RampLoad implements Scenario {

    private static final double KEEPS_UP = 0.95;
    private static final double SATURATED_P99_MS = 1_000;

    private final double from;
    private final double step;
    private final double max;
    private final Duration stepDuration;

    public RampLoad(double from, double step, double max, Duration stepDuration) {
        this.from = from;
        this.step = step;
        this.max = max;
        this.stepDuration = stepDuration;
    }

    @Override
    public String name() {
        return "ramp";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster = CourseLoad.start(infrastructure, name(), 2, Map.of())) {
            VirtualUsers users = CourseLoad.users(cluster, max, Duration.ofMillis(300));
            CourseLoad.warmUp(users, from, Duration.ofSeconds(8));
            Table table = CourseLoad.loadTable("step");
            List<double[]> answered = new ArrayList<>();
            List<double[]> offered = new ArrayList<>();
            List<double[]> p99 = new ArrayList<>();
            double sustained = 0;
            LoadFigures best = null;
            int index = 0;
            for (double rate = from; rate <= max; rate += step) {
                LoadFigures f = CourseLoad.measure(cluster, users, rate, stepDuration);
                CourseLoad.loadRow(table, ++index, f);
                offered.add(new double[] {rate, f.offeredPerSecond()});
                answered.add(new double[] {rate, f.answeredPerSecond()});
                p99.add(new double[] {rate, f.endToEnd().p99()});
                boolean keepsUp = f.answeredPerSecond() >= KEEPS_UP * rate
                        && f.endToEnd().p99() <= SATURATED_P99_MS
                        && f.timedOut() == 0;
                if (!keepsUp) {
                    break;
                }
                sustained = f.answeredPerSecond();
                best = f;
            }
            users.awaitAnswers(CourseLoad.ANSWER_TIMEOUT);
            Section section = new Section(name(), "Ramp until saturation")
                    .paragraph(String.format(
                            "Two workers; %,d users; the target rises from %,.0f by %,.0f presses a second every %d s"
                                    + " until fewer than %.0f %% of a step's presses are answered or its p99 passes"
                                    + " %,.0f ms (or %,.0f/s is reached). Sustained: the last step that kept up.",
                            users.size(), from, step, stepDuration.toSeconds(), KEEPS_UP * 100, SATURATED_P99_MS, max))
                    .table(table)
                    .chart(new Chart(
                                    "ramp.svg",
                                    "Ramp: answered presses and p99 latency against the target rate",
                                    "target presses/s",
                                    "presses/s",
                                    "e2e p99 ms")
                            .series("offered/s", false, offered)
                            .series("answered/s", false, answered)
                            .series("p99 ms", true, p99))
                    .check(
                            "≥ 3,000 updates/s sustained end to end (one 2-core machine)",
                            String.format("%,.0f/s", sustained),
                            sustained >= 3_000)
                    .summary(String.format("ramp: sustained %,.0f answered presses/s with two workers", sustained));
            if (best != null) {
                section.paragraph("Where the time went at the sustained step:")
                        .table(CourseLoad.stageTable(best))
                        .table(CourseLoad.resourceTable(best));
            }
            return section;
        }
    }
}
