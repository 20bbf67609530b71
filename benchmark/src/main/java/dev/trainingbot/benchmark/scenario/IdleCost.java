package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.ChildProcess;
import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.metrics.ResourceUse;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the fleet costs with no traffic: a fresh fleet of one worker, left alone for {@code settle} after it is ready
 * (start-up compilation, the first metadata refreshes), then measured for {@code duration} — the CPU each process used
 * (its utime + stime over wall time, as {@code /proc/<pid>/stat} counts them) and its resident memory at the end.
 * Checks that ingress, worker and audit-consumer together use at most 2 % of one core.
 */
public final class IdleCost implements Scenario {

    private static final double TARGET_PERCENT = 2;

    private final Duration settle;
    private final Duration duration;

    public IdleCost(Duration settle, Duration duration) {
        this.settle = settle;
        this.duration = duration;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster = CourseLoad.start(infrastructure, name(), 1, Map.of())) {
            Thread.sleep(settle);
            Map<String, List<ChildProcess>> groups = cluster.processGroups();
            ResourceUse.Snapshot start = ResourceUse.snapshot(groups);
            Thread.sleep(duration);
            ResourceUse used = ResourceUse.since(start, groups);
            Table table = new Table("process", "% of one core", "RSS MB", "peak RSS MB");
            double services = 0;
            for (var group : used.cores().entrySet()) {
                List<ChildProcess> processes = groups.getOrDefault(group.getKey(), List.of());
                double percent = group.getValue() * 100;
                table.row(
                        group.getKey(),
                        percent,
                        processes.isEmpty()
                                ? "—"
                                : (Object) (processes.stream()
                                                .mapToLong(ChildProcess::rssBytes)
                                                .sum()
                                        >> 20),
                        processes.isEmpty()
                                ? "—"
                                : (Object) used.peakRssMegabytes().get(group.getKey()));
                if (List.of("ingress", "workers", "audit-consumer").contains(group.getKey())) {
                    services += percent;
                }
            }
            table.row("ingress + worker + audit-consumer", services, "", "");
            return new Section(name(), "Idle cost")
                    .paragraph(String.format(
                            "A fresh fleet (ingress, one worker, audit-consumer) with no traffic: left alone for %d s"
                                    + " after it reported ready, then measured for %d s. The broker, Redis and"
                                    + " PostgreSQL are shared with nothing else in this run, but the benchmark's"
                                    + " own JVM (the emulator) idles beside them; the machine was %.1f %% busy.",
                            settle.toSeconds(), duration.toSeconds(), used.machineBusy() * 100))
                    .table(table)
                    .check(
                            "idle: ingress + worker + audit-consumer ≤ 2 % of one core",
                            String.format("%.2f %%", services), services <= TARGET_PERCENT)
                    .summary(String.format(
                            "idle: services %.2f %% of a core over %d s (%s)",
                            services,
                            duration.toSeconds(),
                            String.join(
                                    ", ",
                                    used.cores().entrySet().stream()
                                            .map(e -> String.format("%s %.2f %%", e.getKey(), e.getValue() * 100))
                                            .toList())));
        }
    }
}
