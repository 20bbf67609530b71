package dev.trainingbot.benchmark.metrics;

import dev.trainingbot.benchmark.infra.ChildProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU and memory of the run's processes over a measured window: cores used by each group of processes (CPU time over
 * wall time), their peak resident memory, and how busy the whole machine was. PostgreSQL's backends are found by
 * name in {@code /proc}; on a system without {@code /proc} those figures are zero.
 *
 * @param cores cores used, by group ("workers" sums the worker processes)
 * @param peakRssMegabytes the largest peak resident set of a process of the group
 * @param machineBusy the fraction of all the machine's CPU time that was not idle
 */
public record ResourceUse(Map<String, Double> cores, Map<String, Long> peakRssMegabytes, double machineBusy) {

    /** CPU times at one moment. */
    public static final class Snapshot {
        private final long wallNanos = System.nanoTime();
        private final Map<String, Long> cpuNanos = new LinkedHashMap<>();
        private final long[] machine = machineJiffies();

        private Snapshot(Map<String, List<ChildProcess>> groups) {
            groups.forEach((group, processes) -> cpuNanos.put(
                    group, processes.stream().mapToLong(p -> p.cpu().toNanos()).sum()));
            cpuNanos.put("postgres", postgresCpuNanos());
            cpuNanos.put(
                    "benchmark (emulator, users)",
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime());
        }
    }

    public static Snapshot snapshot(Map<String, List<ChildProcess>> groups) {
        return new Snapshot(groups);
    }

    /** The use between {@code start} and now, of {@code groups} (the same groups as at the start). */
    public static ResourceUse since(Snapshot start, Map<String, List<ChildProcess>> groups) {
        Snapshot end = new Snapshot(groups);
        double wall = end.wallNanos - start.wallNanos;
        Map<String, Double> cores = new LinkedHashMap<>();
        // PostgreSQL's backends are counted while they live: one that ended in the window takes its CPU time with it,
        // which can leave the difference below zero.
        end.cpuNanos.forEach((group, nanos) ->
                cores.put(group, Math.max(0, nanos - start.cpuNanos.getOrDefault(group, 0L)) / wall));
        Map<String, Long> rss = new LinkedHashMap<>();
        groups.forEach((group, processes) -> rss.put(
                group,
                processes.stream().mapToLong(ChildProcess::peakRssBytes).max().orElse(0) >> 20));
        long busy = (end.machine[0] - start.machine[0]);
        long total = (end.machine[1] - start.machine[1]);
        return new ResourceUse(cores, rss, total <= 0 ? Double.NaN : (double) busy / total);
    }

    /** {busy, total} jiffies of all CPUs from {@code /proc/stat}. */
    private static long[] machineJiffies() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long postgresCpuNanos() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                            .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                            .mapToLong(ResourceUse::postgresTicks)
                            .sum()
                    * (long) ProcStat.CLOCK_TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long postgresTicks(Path process) {
        try {
            ProcStat stat = ProcStat.parse(Files.readString(process.resolve("stat")));
            return stat.command().startsWith("postgres") ? stat.cpuTicks() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
