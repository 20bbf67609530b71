package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.infra.Service;
import dev.trainingbot.benchmark.load.Distribution;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Chart;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A deploy under everyday load: a fresh fleet of two workers is warmed at {@code rate}, measured for
 * {@code baseline}, then each worker is replaced in turn as a rolling update does it — the new one started and ready
 * first, then the old one stopped (SIGTERM: it drains, commits and leaves the group) — while the users go on
 * pressing. The new workers are cold JVMs (as warm as their AOT cache and self-warm-up make them) joining mid-load,
 * each with a rebalance. Checks the p99 from the first replacement to {@code after} past the last against the
 * baseline's: at most twice as long; and that nothing was lost or dead-lettered.
 */
public final class RollingRestart implements Scenario {

    private final double rate;
    private final Duration warmUp;
    private final Duration baseline;
    private final Duration after;

    public RollingRestart(double rate, Duration warmUp, Duration baseline, Duration after) {
        this.rate = rate;
        this.warmUp = warmUp;
        this.baseline = baseline;
        this.after = after;
    }

    @Override
    public String name() {
        return "rolling-restart";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster = CourseLoad.start(infrastructure, name(), 2, Map.of())) {
            cluster.awaitGroup(2);
            VirtualUsers users =
                    new VirtualUsers(cluster.telegram(), CourseLoad.MIN_GAP, CourseLoad.ANSWER_TIMEOUT, 11);
            users.join(CourseLoad.usersFor(rate, Duration.ofMillis(500)), rate);
            CourseLoad.warmUp(users, rate, warmUp);

            Instant since = Instant.now();
            long twiceBefore = users.answeredTwice();
            long deadLettersBefore = FaultScenario.deadLetters(cluster);
            AtomicBoolean driving = new AtomicBoolean(true);
            Thread load = Thread.ofPlatform().name("rolling-restart-load").start(() -> {
                while (driving.get()) {
                    users.drive(rate, Duration.ofSeconds(1));
                }
            });
            long origin = System.nanoTime();
            Thread.sleep(baseline.toMillis());
            long deployStart = System.nanoTime();
            Table steps = new Table("step", "s after the deploy began");
            Map<Double, String> marks = new LinkedHashMap<>();
            for (Service old : List.copyOf(cluster.workers())) {
                marks.put(seconds(deployStart), "start");
                Service fresh = cluster.addWorker();
                step(steps, marks, fresh.name() + " ready", "ready", deployStart);
                cluster.stopWorker(old);
                step(steps, marks, old.name() + " stopped", "old stopped", deployStart);
                cluster.awaitGroup(2);
                step(steps, marks, "group settled on 2", "", deployStart);
            }
            long deployEnd = System.nanoTime();
            Thread.sleep(after.toMillis());
            driving.set(false);
            load.join();
            long end = System.nanoTime();
            boolean settled = users.awaitAnswers(CourseLoad.ANSWER_TIMEOUT);
            VirtualUsers.Outcome outcome = users.outcome(since, twiceBefore);
            long deadLetters = FaultScenario.deadLetters(cluster) - deadLettersBefore;

            Distribution steady = users.replies().between(origin, deployStart);
            Distribution deploy = users.replies().between(deployStart, end);
            Table windows = new Table("window", "answered", "e2e p50 ms", "e2e p99 ms", "e2e max ms");
            row(windows, "before the deploy (warm)", steady);
            row(windows, "while workers are replaced", users.replies().between(deployStart, deployEnd));
            row(
                    windows,
                    String.format("first %d s after", after.toSeconds()),
                    users.replies().between(deployEnd, deployEnd + after.toNanos()));
            row(windows, "the deploy and the time after", deploy);
            double ratio = deploy.p99() / steady.p99();
            Distribution[] timeline =
                    users.replies().perSecond(deployStart, (int) Math.ceil((end - deployStart) / 1e9));
            Chart chart = FaultScenario.timelineChart(name() + ".svg", "Rolling restart", timeline);
            marks.forEach(chart::marker);
            boolean intact = settled && outcome.lost() == 0 && deadLetters == 0;
            return new Section(name(), "Rolling restart")
                    .paragraph(String.format(
                            "A fresh fleet of two workers, %,d users at %,.0f presses a second, warmed for %d s and"
                                    + " measured %d s; then each worker is replaced in turn (the new one ready, then"
                                    + " the old one stopped with SIGTERM), and %d s more after the last. %,d presses"
                                    + " from the baseline on: %,d answered, %,d lost, %,d answered twice, %,d"
                                    + " dead-lettered.",
                            users.size(),
                            rate,
                            warmUp.toSeconds(),
                            baseline.toSeconds(),
                            after.toSeconds(),
                            outcome.pressed(),
                            outcome.answered(),
                            outcome.lost(),
                            outcome.duplicated(),
                            deadLetters))
                    .table(windows)
                    .table(steps)
                    .paragraph("The slowest seconds of the deploy (by the moment of the press): " + slowest(timeline, 5)
                            + ".")
                    .chart(chart)
                    .check(
                            String.format("a rolling restart at %,.0f/s: p99 ≤ 2× the warm p99", rate),
                            String.format("%.1f ms vs %.1f ms (%.1f×)", deploy.p99(), steady.p99(), ratio),
                            ratio <= 2)
                    .check(
                            "a rolling restart: 0 lost, 0 dead-lettered",
                            outcome.lost() + " lost, " + deadLetters + " dead-lettered",
                            intact)
                    .summary(String.format(
                            "rolling restart %,.0f/s: p99 %.1f ms during and %d s after vs %.1f ms warm (%.1f×);"
                                    + " %,d lost, %,d answered twice, %,d dead-lettered",
                            rate,
                            deploy.p99(),
                            after.toSeconds(),
                            steady.p99(),
                            ratio,
                            outcome.lost(),
                            outcome.duplicated(),
                            deadLetters));
        }
    }

    private static void row(Table table, String window, Distribution d) {
        table.row(window, (long) d.count(), d.p50(), d.p99(), d.maxMillis());
    }

    private static void step(Table steps, Map<Double, String> marks, String step, String mark, long since) {
        double at = seconds(since);
        steps.row(step, String.format("%.1f", at));
        marks.put(at, mark);
    }

    /** The {@code count} seconds with the highest p99, as "12 s: p99 3,412 ms (95 presses)", in time order. */
    private static String slowest(Distribution[] timeline, int count) {
        return IntStream.range(0, timeline.length)
                .filter(s -> timeline[s].count() > 0)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer s) -> timeline[s].p99())
                        .reversed())
                .limit(count)
                .sorted()
                .map(s -> String.format(
                        "%d s: p99 %,.0f ms (%,d presses)", s, timeline[s].p99(), (long) timeline[s].count()))
                .collect(Collectors.joining("; "));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
