package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.ChildProcess;
import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.metrics.ResourceUse;
import dev.trainingbot.benchmark.metrics.ThreadUse;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fleet costs with no traffic: a fresh fleet of one worker, left alone for {@code settle} after it is ready,
 * then measured over {@code windows} consecutive windows of {@code window} each — the CPU each process used (its
 * utime + stime over wall time, as {@code /proc/<pid>/stat} counts them) and how much of the services' share was their
 * JIT compilers. An idle JVM still compiles for minutes: the code its idle loops run reaches the optimising
 * compiler's thresholds only slowly, at a few calls a second, and a late compilation still lands now and then long
 * after. The second half of the windows together is the fleet at rest, what it costs through a quiet night, and it is
 * checked: ingress, worker and audit-consumer together at most 2 % of one core. The report names, for that span,
 * where each service's CPU went by kind of thread ({@link ThreadUse}), and each process's resident memory at the end.
 */
public final class IdleCost implements Scenario {

    private static final double TARGET_PERCENT = 2;
    private static final List<String> SERVICES = List.of("ingress", "workers", "audit-consumer");
    /** The thread kinds the report names per service, the busiest first. */
    private static final int THREAD_KINDS = 8;

    private final Duration settle;
    private final Duration window;
    private final int windows;

    public IdleCost(Duration settle, Duration window, int windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("at least one window: " + windows);
        }
        this.settle = settle;
        this.window = window;
        this.windows = windows;
    }

    @Override
    public String name() {
        return "idle";
    }

    /** One measured span: each group's use, and the services' threads by kind. */
    private record Measured(
            long fromSeconds, long toSeconds, ResourceUse use, Map<ChildProcess, List<ThreadUse>> threads) {

        double services() {
            return use.cores().entrySet().stream()
                    .filter(e -> SERVICES.contains(e.getKey()))
                    .mapToDouble(e -> e.getValue() * 100)
                    .sum();
        }

        double compilers() {
            return threads.values().stream()
                            .mapToDouble(ThreadUse::compilerCores)
                            .sum()
                    * 100;
        }
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster = CourseLoad.start(infrastructure, name(), 1, Map.of())) {
            Thread.sleep(settle);
            Map<String, List<ChildProcess>> groups = cluster.processGroups();
            List<Measured> measured = new ArrayList<>();
            Start rest = null;
            for (int i = 0; i < windows; i++) {
                long from = settle.plus(window.multipliedBy(i)).toSeconds();
                Start start = new Start(groups, from);
                if (i == windows / 2) {
                    rest = start;
                }
                Thread.sleep(window);
                measured.add(start.measured(groups, from + window.toSeconds()));
            }
            Measured first = measured.getFirst();
            Measured atRest = rest.measured(
                    groups, settle.plus(window.multipliedBy(windows)).toSeconds());
            Section section = new Section(name(), "Idle cost")
                    .paragraph(String.format(
                            "A fresh fleet (ingress, one worker, audit-consumer) with no traffic, measured from %d s"
                                    + " after it reported ready, %d windows of %d s one after the other; %d–%d s, the"
                                    + " second half, is the fleet at rest. The broker, Redis and PostgreSQL are shared"
                                    + " with nothing else in this run, but the benchmark's own JVM (the emulator)"
                                    + " idles beside them; the machine was %.1f %% busy at rest.",
                            settle.toSeconds(),
                            windows,
                            window.toSeconds(),
                            atRest.fromSeconds(),
                            atRest.toSeconds(),
                            atRest.use().machineBusy() * 100))
                    .table(trend(measured))
                    .paragraph("Each process at rest, and its resident memory at the end:")
                    .table(processes(groups, atRest))
                    .paragraph("Where each service's CPU went at rest, by kind of thread (a pool's threads"
                            + " together, named as the kernel keeps them, to 15 characters): its CPU time and how"
                            + " often it woke.")
                    .table(threads(atRest));
            return section.check(
                            "idle: ingress + worker + audit-consumer ≤ 2 % of one core (at rest)",
                            String.format(
                                    "%.2f %% (%.2f %% in the first window, %d–%d s)",
                                    atRest.services(), first.services(), first.fromSeconds(), first.toSeconds()),
                            atRest.services() <= TARGET_PERCENT)
                    .summary(String.format(
                            "idle: services %.2f %% of a core at rest (%d–%d s), %.2f %% at %d–%d s, of which the JIT"
                                    + " %.2f %% and %.2f %% (%s)",
                            atRest.services(),
                            atRest.fromSeconds(),
                            atRest.toSeconds(),
                            first.services(),
                            first.fromSeconds(),
                            first.toSeconds(),
                            atRest.compilers(),
                            first.compilers(),
                            String.join(
                                    ", ",
                                    atRest.use().cores().entrySet().stream()
                                            .map(e -> String.format("%s %.2f %%", e.getKey(), e.getValue() * 100))
                                            .toList())));
        }
    }

    /** The processes' and the services' threads' CPU times at the start of a span. */
    private static final class Start {
        private final long fromSeconds;
        private final Map<ChildProcess, ThreadUse.Snapshot> threads = new LinkedHashMap<>();
        private final ResourceUse.Snapshot processes;

        Start(Map<String, List<ChildProcess>> groups, long fromSeconds) {
            this.fromSeconds = fromSeconds;
            SERVICES.forEach(service -> groups.getOrDefault(service, List.of())
                    .forEach(process -> threads.put(process, ThreadUse.snapshot(process.pid()))));
            this.processes = ResourceUse.snapshot(groups);
        }

        Measured measured(Map<String, List<ChildProcess>> groups, long toSeconds) {
            ResourceUse use = ResourceUse.since(processes, groups);
            Map<ChildProcess, List<ThreadUse>> used = new LinkedHashMap<>();
            threads.forEach((process, snapshot) -> used.put(process, ThreadUse.since(snapshot, process.pid())));
            return new Measured(fromSeconds, toSeconds, use, used);
        }
    }

    private Table trend(List<Measured> measured) {
        List<String> header = new ArrayList<>(List.of("window"));
        SERVICES.forEach(service -> header.add(service + " %"));
        header.addAll(List.of("services %", "of which JIT compilers %"));
        Table table = new Table(header.toArray(String[]::new));
        for (Measured m : measured) {
            List<Object> row = new ArrayList<>();
            row.add(String.format("%d–%d s", m.fromSeconds(), m.toSeconds()));
            SERVICES.forEach(service -> row.add(m.use().cores().getOrDefault(service, 0.0) * 100));
            row.add(m.services());
            row.add(m.compilers());
            table.row(row.toArray());
        }
        return table;
    }

    private static Table processes(Map<String, List<ChildProcess>> groups, Measured atRest) {
        Table table = new Table("process", "% of one core", "RSS MB", "peak RSS MB");
        for (var group : atRest.use().cores().entrySet()) {
            List<ChildProcess> processes = groups.getOrDefault(group.getKey(), List.of());
            table.row(
                    group.getKey(),
                    group.getValue() * 100,
                    processes.isEmpty()
                            ? "—"
                            : (Object) (processes.stream()
                                            .mapToLong(ChildProcess::rssBytes)
                                            .sum()
                                    >> 20),
                    processes.isEmpty()
                            ? "—"
                            : (Object) atRest.use().peakRssMegabytes().get(group.getKey()));
        }
        return table;
    }

    private static Table threads(Measured atRest) {
        Table table = new Table("service", "thread", "% of one core", "wake-ups/s");
        atRest.threads()
                .forEach((process, uses) -> uses.stream()
                        .limit(THREAD_KINDS)
                        .forEach(use -> table.row(
                                process.name(),
                                use.kind(),
                                use.cores() * 100,
                                String.format("%.1f", use.wakeUpsPerSecond()))));
        return table;
    }
}
