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
 * (its utime + stime over wall time, as {@code /proc/<pid>/stat} counts them) — and measured again for as long once
 * it has rested {@code rest} more, when its JIT has done what the start gave it: what a fleet costs through a quiet
 * night. Reports each process's resident memory at the end. Checks that ingress, worker and audit-consumer together
 * use at most 2 % of one core at rest.
 */
public final class IdleCost implements Scenario {

    private static final double TARGET_PERCENT = 2;
    private static final List<String> SERVICES = List.of("ingress", "workers", "audit-consumer");

    private final Duration settle;
    private final Duration rest;
    private final Duration duration;

    public IdleCost(Duration settle, Duration rest, Duration duration) {
        this.settle = settle;
        this.rest = rest;
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
            ResourceUse started = measure(groups);
            Thread.sleep(rest);
            ResourceUse used = measure(groups);
            long atRestFrom = settle.plus(duration).plus(rest).toSeconds();
            Table table = new Table(
                    "process",
                    String.format(
                            "%% of one core, %d–%d s",
                            settle.toSeconds(), settle.plus(duration).toSeconds()),
                    String.format("%% of one core, %d–%d s (at rest)", atRestFrom, atRestFrom + duration.toSeconds()),
                    "RSS MB",
                    "peak RSS MB");
            for (var group : used.cores().entrySet()) {
                List<ChildProcess> processes = groups.getOrDefault(group.getKey(), List.of());
                table.row(
                        group.getKey(),
                        started.cores().getOrDefault(group.getKey(), 0.0) * 100,
                        group.getValue() * 100,
                        processes.isEmpty()
                                ? "—"
                                : (Object) (processes.stream()
                                                .mapToLong(ChildProcess::rssBytes)
                                                .sum()
                                        >> 20),
                        processes.isEmpty()
                                ? "—"
                                : (Object) used.peakRssMegabytes().get(group.getKey()));
            }
            double early = services(started);
            double services = services(used);
            table.row("ingress + worker + audit-consumer", early, services, "", "");
            return new Section(name(), "Idle cost")
                    .paragraph(String.format(
                            "A fresh fleet (ingress, one worker, audit-consumer) with no traffic, measured for %d s"
                                    + " twice: %d s after it reported ready, while the JIT still compiles what the"
                                    + " start ran, and %d s after it, at rest. The broker, Redis and PostgreSQL are"
                                    + " shared with nothing else in this run, but the benchmark's own JVM (the"
                                    + " emulator) idles beside them; the machine was %.1f %% busy at rest.",
                            duration.toSeconds(), settle.toSeconds(), atRestFrom, used.machineBusy() * 100))
                    .table(table)
                    .check(
                            "idle: ingress + worker + audit-consumer ≤ 2 % of one core (at rest)",
                            String.format("%.2f %% (%.2f %% in the first window)", services, early),
                            services <= TARGET_PERCENT)
                    .summary(String.format(
                            "idle: services %.2f %% of a core at rest, %.2f %% %d s after the start (%s)",
                            services,
                            early,
                            settle.toSeconds(),
                            String.join(
                                    ", ",
                                    used.cores().entrySet().stream()
                                            .map(e -> String.format("%s %.2f %%", e.getKey(), e.getValue() * 100))
                                            .toList())));
        }
    }

    private ResourceUse measure(Map<String, List<ChildProcess>> groups) throws InterruptedException {
        ResourceUse.Snapshot start = ResourceUse.snapshot(groups);
        Thread.sleep(duration);
        return ResourceUse.since(start, groups);
    }

    private static double services(ResourceUse used) {
        return used.cores().entrySet().stream()
                .filter(e -> SERVICES.contains(e.getKey()))
                .mapToDouble(e -> e.getValue() * 100)
                .sum();
    }
}
