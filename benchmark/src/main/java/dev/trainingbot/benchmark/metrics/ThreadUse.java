package dev.trainingbot.benchmark.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a process's CPU went over a window, by kind of thread: each thread's utime + stime and its context switches
 * (how often it woke), read from {@code /proc/<pid>/task}, summed over the threads of one kind — the name without its
 * number, so that a pool's threads ({@code lettuce-timer-3}, {@code C2 CompilerThread1}) count as one. What an idle
 * fleet spends is wake-ups and late compilation, and this names which. Without {@code /proc} it is empty.
 *
 * @param kind the thread kind
 * @param cores CPU time over wall time
 * @param wakeUpsPerSecond context switches (voluntary and not) per second
 */
public record ThreadUse(String kind, double cores, double wakeUpsPerSecond) {

    /** The threads of a process at one moment. */
    public static final class Snapshot {
        private final long wallNanos = System.nanoTime();
        private final Map<Long, Sample> threads;

        private Snapshot(long pid) {
            this.threads = sample(pid);
        }
    }

    private record Sample(String kind, long ticks, long switches) {}

    public static Snapshot snapshot(long pid) {
        return new Snapshot(pid);
    }

    /** The process's use since {@code start}, by thread kind, the busiest first; threads that ended are left out. */
    public static List<ThreadUse> since(Snapshot start, long pid) {
        Snapshot end = new Snapshot(pid);
        double seconds = (end.wallNanos - start.wallNanos) / 1e9;
        Map<String, double[]> byKind = new HashMap<>();
        end.threads.forEach((tid, now) -> {
            Sample before = start.threads.getOrDefault(tid, new Sample(now.kind(), 0, 0));
            double[] sum = byKind.computeIfAbsent(now.kind(), kind -> new double[2]);
            sum[0] += (now.ticks() - before.ticks()) * ProcStat.CLOCK_TICK_NANOS / 1e9;
            sum[1] += now.switches() - before.switches();
        });
        return byKind.entrySet().stream()
                .map(e -> new ThreadUse(e.getKey(), e.getValue()[0] / seconds, e.getValue()[1] / seconds))
                .sorted(Comparator.comparingDouble(ThreadUse::cores)
                        .thenComparingDouble(ThreadUse::wakeUpsPerSecond)
                        .reversed())
                .toList();
    }

    /** Whether this is the JIT's: the C1 and C2 compiler threads ({@code /proc} cuts their names to 15 characters). */
    public boolean compiler() {
        return kind.contains("CompilerThre");
    }

    /** The cores {@code threads} spent compiling. */
    public static double compilerCores(List<ThreadUse> threads) {
        return threads.stream()
                .filter(ThreadUse::compiler)
                .mapToDouble(ThreadUse::cores)
                .sum();
    }

    /** {@code name} without the number that tells a pool's threads apart. */
    static String kind(String name) {
        return name.replaceAll("[-_#\\s]*\\d+$", "").strip();
    }

    private static Map<Long, Sample> sample(long pid) {
        Map<Long, Sample> threads = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    ProcStat stat = ProcStat.parse(Files.readString(task.resolve("stat")));
                    threads.put(
                            Long.parseLong(task.getFileName().toString()),
                            new Sample(kind(stat.command()), stat.cpuTicks(), switches(task)));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read.
                }
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    private static long switches(Path task) throws IOException {
        long switches = 0;
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                switches += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return switches;
    }
}
