package dev.trainingbot.benchmark.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark started — a service jar, the Kafka broker, Redis — with its output in a log file. It can be
 * stopped as an orchestrator stops it (SIGTERM, then SIGKILL after a grace period) or killed as a crashed node dies
 * (SIGKILL), and reports the CPU time and memory it used.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir} with {@code environment} added to this process's, output to {@code log}. */
    public static ChildProcess start(
            String name, List<String> command, Map<String, String> environment, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** CPU time used so far (user + system), zero once the process is gone. */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Peak resident memory in bytes ({@code VmHWM}), or 0 where the system does not tell. */
    public long peakRssBytes() {
        return status("VmHWM:");
    }

    /** Resident memory now in bytes ({@code VmRSS}), or 0 where the system does not tell. */
    public long rssBytes() {
        return status("VmRSS:");
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** SIGKILL: the process dies at once, as when its node fails; nothing it had in memory survives. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM, and SIGKILL if it has not ended after a grace period. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(GRACE)) {
            kill();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
