package dev.trainingbot.benchmark.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadUseTest {

    @Test
    void aPoolsThreadsCountAsOneKind() {
        assertThat(ThreadUse.kind("lettuce-timer-3")).isEqualTo("lettuce-timer");
        assertThat(ThreadUse.kind("C2 CompilerThread1")).isEqualTo("C2 CompilerThread");
        assertThat(ThreadUse.kind("G1 Refine#0")).isEqualTo("G1 Refine");
        assertThat(ThreadUse.kind("kafka-coordinator-heartbeat-thread | workers"))
                .isEqualTo("kafka-coordinator-heartbeat-thread | workers");
        assertThat(ThreadUse.kind("update-consumer")).isEqualTo("update-consumer");
    }

    @Test
    void onlyTheJitsCompilerThreadsCountAsCompiling() {
        // /proc cuts a thread's name to 15 characters: "C2 CompilerThread0" reads "C2 CompilerThre".
        List<ThreadUse> used = List.of(
                new ThreadUse("C2 CompilerThre", 0.30, 4),
                new ThreadUse("update-consumer", 0.50, 11),
                new ThreadUse("C1 CompilerThre", 0.10, 2),
                new ThreadUse("G1 Conc", 0.05, 1));

        assertThat(ThreadUse.compilerCores(used)).isCloseTo(0.40, within(1e-9));
        assertThat(used).filteredOn(ThreadUse::compiler).hasSize(2);
    }

    @Test
    void theBusiestThreadsComeFirstAndASleepingOneWakesAsOftenAsItSleeps() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).isTrue();
        long pid = ProcessHandle.current().pid();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread busy = Thread.ofPlatform().name("busy-spinner-1").start(() -> {
            long x = 0;
            while (running.get()) {
                x += System.nanoTime() & 1;
            }
            assertThat(x).isNotNegative();
        });
        Thread sleeper = Thread.ofPlatform().name("ticking-sleeper").start(() -> {
            while (running.get()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            ThreadUse.Snapshot start = ThreadUse.snapshot(pid);
            Thread.sleep(1_000);
            List<ThreadUse> used = ThreadUse.since(start, pid);

            assertThat(used).extracting(ThreadUse::cores).isSortedAccordingTo(Comparator.reverseOrder());
            ThreadUse spinning = kind(used, "busy-spinner");
            ThreadUse ticking = kind(used, "ticking-sleeper");
            assertThat(spinning.cores()).isGreaterThan(0.2);
            assertThat(used.indexOf(spinning)).isLessThan(used.indexOf(ticking));
            // 50 sleeps in the second: a loaded machine wakes it late, never more often.
            assertThat(ticking.wakeUpsPerSecond()).isBetween(10.0, 60.0);
            assertThat(ticking.cores()).isLessThan(0.2);
        } finally {
            running.set(false);
            busy.join();
            sleeper.join();
        }
    }

    private static ThreadUse kind(List<ThreadUse> used, String kind) {
        return used.stream().filter(use -> use.kind().equals(kind)).findFirst().orElseThrow();
    }
}
