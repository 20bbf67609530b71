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

/**
 * Ramp until saturation: two workers, the press rate raised step by step until the fleet no longer keeps up — fewer
 * than 95 % of a step's presses answered in it (or a p99 past {@link #GIVE_UP_P99_MS}). The last step that kept up is
 * the sustained throughput; the last one that also answered within a p99 of a second is reported beside it, with the
 * step that stopped the ramp: a step the simulated users could not offer in full says the machine's cores ran out
 * before the fleet did.
 */
public final class RampLoad implements Scenario {

    private static final double KEEPS_UP = 0.95;
    private static final double PROMPT_P99_MS = 1_000;
    private static final double GIVE_UP_P99_MS = 10_000;

    private final LoadFleets fleets;
    private final double from;
    private final double step;
    private final double max;
    private final Duration stepDuration;

    public RampLoad(LoadFleets fleets, double from, double step, double max, Duration stepDuration) {
        this.fleets = fleets;
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
    public boolean sharesTheLoadFleet() {
        return true;
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        LoadFleets.LoadFleet fleet = fleets.obtain(infrastructure, 2);
        ScenarioCluster cluster = fleet.cluster();
        VirtualUsers users = fleet.usersFor(max, Duration.ofMillis(300));
        CourseLoad.warmUp(users, from, Duration.ofSeconds(5));
        Table table = CourseLoad.loadTable("step");
        List<double[]> answered = new ArrayList<>();
        List<double[]> offered = new ArrayList<>();
        List<double[]> p99 = new ArrayList<>();
        double sustained = 0;
        double prompt = 0;
        LoadFigures best = null;
        LoadFigures atThousand = null;
        String stoppedBy = String.format("; the last step, %,.0f/s, kept up", max);
        int index = 0;
        for (double rate = from; rate <= max; rate += step) {
            LoadFigures f = CourseLoad.measure(cluster, users, rate, stepDuration);
            CourseLoad.loadRow(table, ++index, f);
            offered.add(new double[] {rate, f.offeredPerSecond()});
            answered.add(new double[] {rate, f.answeredPerSecond()});
            p99.add(new double[] {rate, f.endToEnd().p99()});
            boolean keepsUp = f.answeredPerSecond() >= KEEPS_UP * rate
                    && f.endToEnd().p99() <= GIVE_UP_P99_MS
                    && f.timedOut() == 0;
            if (!keepsUp) {
                stoppedBy = String.format(
                        "; at the %,.0f/s step the users offered %,.0f/s and %,.0f/s were answered, p99 %s",
                        rate,
                        f.offeredPerSecond(),
                        f.answeredPerSecond(),
                        CourseLoad.ms(f.endToEnd().p99()));
                break;
            }
            if (f.endToEnd().p99() <= PROMPT_P99_MS) {
                prompt = f.answeredPerSecond();
            }
            sustained = f.answeredPerSecond();
            best = f;
            if (rate >= 1_000 && atThousand == null) {
                atThousand = f;
            }
        }
        users.awaitAnswers(CourseLoad.ANSWER_TIMEOUT);
        Section section = new Section(name(), "Ramp until saturation")
                .paragraph(String.format(
                        "Two workers; %,d users; the target rises from %,.0f by %,.0f presses a second every %d s until"
                                + " fewer than %.0f %% of a step's presses are answered in it (or %,.0f/s is reached)."
                                + " Sustained: the last step that kept up, %,.0f/s; with a p99 within %,.0f ms:"
                                + " %,.0f/s.",
                        users.size(),
                        from,
                        step,
                        stepDuration.toSeconds(),
                        KEEPS_UP * 100,
                        max,
                        sustained,
                        PROMPT_P99_MS,
                        prompt))
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
                        "webhook → reply at the Bot API: p99 ≤ 150 ms at 1,000 updates/s",
                        atThousand == null
                                ? String.format("saturated at %,.0f/s, below 1,000/s", sustained)
                                : CourseLoad.ms(atThousand.endToEnd().p99()),
                        atThousand != null && atThousand.endToEnd().p99() <= 150)
                .check(
                        "CPU per answered update at 1,000/s, fleet + broker + Redis + PostgreSQL: ≤ 1.2 ms",
                        atThousand == null
                                ? String.format("saturated at %,.0f/s, below 1,000/s", sustained)
                                : String.format("%.2f ms", CourseLoad.fleetCpuMillisPerUpdate(atThousand)),
                        atThousand != null && CourseLoad.fleetCpuMillisPerUpdate(atThousand) <= 1.2)
                .check(
                        "saturation ≥ 1,800 answered/s with a p99 ≤ 1 s (one 2-core machine)",
                        String.format("%,.0f/s", prompt) + stoppedBy,
                        prompt >= 1_800)
                .summary(String.format(
                        "ramp: sustained %,.0f answered presses/s with two workers, %,.0f/s within a p99 of 1 s",
                        sustained, prompt));
        if (best != null) {
            section.paragraph("Where the time went at the sustained step:")
                    .table(CourseLoad.stageTable(best))
                    .table(CourseLoad.resourceTable(best));
        }
        return section;
    }
}
