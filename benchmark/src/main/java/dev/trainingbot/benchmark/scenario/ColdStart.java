package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.Distribution;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The first minutes after a deploy: a fresh fleet of one worker (its JVMs only as warm as their AOT cache and the
 * worker's self-warm-up make them) gets {@code rate} presses a second from the moment it reports ready, for
 * {@code duration}. Reports each 10 s slice, each of the first 10 s, the first 30 s and the first minute
 * separately, and checks the first 30 s' p99 against the last 30 s' (the warm one): at most twice as long. The first
 * 10 s and the last 30 s are broken down by the workers' pipeline stages and by process (CPU, JIT compilers), which
 * shows where a cold fleet's time goes.
 *
 * <p>A deploy meets a running broker and a Telegram that has been answering all along; so before the measured fleet
 * starts, a throwaway fleet takes the same load for {@code harnessWarmUp}, unmeasured, which warms the broker and
 * the benchmark's own emulator and users (one JVM, compiling on the same two cores). Zero leaves the harness as cold
 * as the fleet.
 */
public final class ColdStart implements Scenario {

    private static final long SLICE_NANOS = Duration.ofSeconds(10).toNanos();
    /** The window whose stages and processes are broken down: the fleet's first seconds. */
    private static final Duration COLDEST = Duration.ofSeconds(10);
    /** The warm window it is compared with, the last of the run; also what the check compares with. */
    private static final Duration WARM = Duration.ofSeconds(30);

    private final double rate;
    private final Duration duration;
    private final Duration harnessWarmUp;

    public ColdStart(double rate, Duration duration, Duration harnessWarmUp) {
        this.rate = rate;
        this.duration = duration;
        this.harnessWarmUp = harnessWarmUp;
    }

    @Override
    public String name() {
        return "warmup";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        if (harnessWarmUp.isPositive()) {
            try (ScenarioCluster throwaway = CourseLoad.start(infrastructure, name() + "-harness", 1, Map.of())) {
                VirtualUsers users =
                        new VirtualUsers(throwaway.telegram(), CourseLoad.MIN_GAP, CourseLoad.ANSWER_TIMEOUT, 5);
                users.join(CourseLoad.usersFor(rate, Duration.ofMillis(300)), rate);
                CourseLoad.warmUp(users, rate, harnessWarmUp);
            }
        }
        try (ScenarioCluster cluster = CourseLoad.start(infrastructure, name(), 1, Map.of())) {
            VirtualUsers users = new VirtualUsers(cluster.telegram(), CourseLoad.MIN_GAP, CourseLoad.ANSWER_TIMEOUT, 7);
            long ready = System.nanoTime();
            Window cold = Window.open(cluster, users, rate);
            // The users' /start is the fleet's first traffic: it counts as part of the first slice.
            users.join(CourseLoad.usersFor(rate, Duration.ofMillis(300)), rate);
            LoadFigures coldest = cold.cut(users.drive(rate, COLDEST.minusNanos(System.nanoTime() - ready)));
            Duration between = duration.minus(WARM).minusNanos(System.nanoTime() - ready);
            if (between.isPositive()) {
                users.drive(rate, between);
            }
            Window warmWindow = Window.open(cluster, users, rate);
            LoadFigures warmest = warmWindow.cut(users.drive(rate, WARM));
            long end = System.nanoTime();
            users.awaitAnswers(Duration.ofSeconds(10));
            Table slices = new Table("s after ready", "answered", "e2e p50 ms", "e2e p99 ms", "e2e max ms");
            for (long from = ready; from < end; from += SLICE_NANOS) {
                Distribution d = users.replies().between(from, Math.min(end, from + SLICE_NANOS));
                if (d.count() == 0) {
                    continue;
                }
                slices.row(
                        String.format(
                                "%d–%d",
                                (from - ready) / 1_000_000_000L, (from - ready + SLICE_NANOS) / 1_000_000_000L),
                        (long) d.count(),
                        d.p50(),
                        d.p99(),
                        d.maxMillis());
            }
            long thirty = Duration.ofSeconds(30).toNanos();
            Distribution first = users.replies().between(ready, ready + thirty);
            Distribution minute = users.replies().between(ready, ready + 2 * thirty);
            Distribution warm = users.replies().between(end - WARM.toNanos(), end);
            Table summary = new Table("window", "answered", "e2e p50 ms", "e2e p99 ms");
            summary.row("first 30 s", (long) first.count(), first.p50(), first.p99());
            summary.row("first minute", (long) minute.count(), minute.p50(), minute.p99());
            summary.row("last 30 s (warm)", (long) warm.count(), warm.p50(), warm.p99());
            double ratio = first.p99() / warm.p99();
            return new Section(name(), "Cold start")
                    .paragraph(String.format(
                            "A fresh fleet (ingress, one worker, audit-consumer) gets %,.0f presses a second from the"
                                    + " moment every service reported ready, for %d s. Users joining (/start) are"
                                    + " the first traffic. %s Compare with `--warm-up`, which varies the warm-up of"
                                    + " the fleet the load steps share.",
                            rate,
                            duration.toSeconds(),
                            harnessWarmUp.isPositive()
                                    ? String.format(
                                            "As in a deploy, the broker and Telegram (the benchmark's emulator and"
                                                    + " users) were warm: a throwaway fleet took the same load for"
                                                    + " %d s before, unmeasured.",
                                            harnessWarmUp.toSeconds())
                                    : "The broker and the benchmark's own emulator and users were as cold as the"
                                            + " fleet."))
                    .table(summary)
                    .table(slices)
                    .paragraph(String.format(
                            "The first %d s, second by second (by the moment of the press): %s.",
                            COLDEST.toSeconds(),
                            firstSeconds(users.replies().perSecond(ready, (int) COLDEST.toSeconds()))))
                    .paragraph(String.format(
                            "Where the first %d s went, against the last %d s (warm): each pipeline stage in the"
                                    + " workers, and each process's CPU, of which its JIT compilers'. Fleet CPU per"
                                    + " answered update: %s cold, %s warm, of which the JIT compilers' %s and %s;"
                                    + " the machine %.0f %% busy, and %.0f %%.",
                            COLDEST.toSeconds(),
                            WARM.toSeconds(),
                            CourseLoad.ms(CourseLoad.fleetCpuMillisPerUpdate(coldest)),
                            CourseLoad.ms(CourseLoad.fleetCpuMillisPerUpdate(warmest)),
                            CourseLoad.ms(CourseLoad.fleetCompilerMillisPerUpdate(coldest)),
                            CourseLoad.ms(CourseLoad.fleetCompilerMillisPerUpdate(warmest)),
                            coldest.resources().machineBusy() * 100,
                            warmest.resources().machineBusy() * 100))
                    .paragraph(String.format("**The first %d s.**", COLDEST.toSeconds()))
                    .table(CourseLoad.stageTable(coldest))
                    .table(CourseLoad.resourceTable(coldest))
                    .paragraph(String.format("**The last %d s (warm).**", WARM.toSeconds()))
                    .table(CourseLoad.stageTable(warmest))
                    .table(CourseLoad.resourceTable(warmest))
                    .check(
                            String.format("first 30 s after a cold start at %,.0f/s: p99 ≤ 2× the warm p99", rate),
                            String.format("%.1f ms vs %.1f ms (%.1f×)", first.p99(), warm.p99(), ratio),
                            ratio <= 2)
                    .summary(String.format(
                            "warmup %,.0f/s: first 30 s p99 %.1f ms, first minute p99 %.1f ms, warm p99 %.1f ms"
                                    + " (%.1f×)",
                            rate, first.p99(), minute.p99(), warm.p99(), ratio));
        }
    }

    /** Each second as "3 s: p50 4 ms, p99 120 ms (201)"; a second without a press is left out. */
    private static String firstSeconds(Distribution[] seconds) {
        return IntStream.range(0, seconds.length)
                .filter(s -> seconds[s].count() > 0)
                .mapToObj(s -> String.format(
                        "%d s: p50 %,.0f ms, p99 %,.0f ms (%,d)",
                        s, seconds[s].p50(), seconds[s].p99(), (long) seconds[s].count()))
                .collect(Collectors.joining("; "));
    }
}
