package dev.trainingbot.benchmark;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.Launcher;
import dev.trainingbot.benchmark.report.MarkdownReport;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.scenario.AuditSinkThroughput;
import dev.trainingbot.benchmark.scenario.BroadcastDelivery;
import dev.trainingbot.benchmark.scenario.ColdStart;
import dev.trainingbot.benchmark.scenario.FaultScenario;
import dev.trainingbot.benchmark.scenario.IdleCost;
import dev.trainingbot.benchmark.scenario.LoadFleets;
import dev.trainingbot.benchmark.scenario.RampLoad;
import dev.trainingbot.benchmark.scenario.RollingRestart;
import dev.trainingbot.benchmark.scenario.Scenario;
import dev.trainingbot.benchmark.scenario.SteadyLoad;
import dev.trainingbot.benchmark.scenario.TelegramLatency;
import dev.trainingbot.benchmark.scenario.ThrottleFlood;
import dev.trainingbot.benchmark.scenario.WorkerScaling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/benchmark}: runs the fleet's service jars as processes on this machine — a Kafka broker process, a Redis
 * server of its own, the local PostgreSQL — drives them through the Telegram emulator with simulated users following
 * the course, in the scenarios below, and writes a Markdown report with tables and SVG charts to the results folder.
 * The default scenarios take about fifteen minutes. The load and fault scenarios share one warm fleet (see
 * {@code LoadFleets}); a scenario that fails is reported as failed and the run goes on.
 */
public final class Benchmark {

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.printf(BenchmarkOptions.USAGE, String.join(",", known()));
            return;
        }
        Map<String, Scenario> all;
        BenchmarkOptions options;
        LoadFleets fleets;
        try {
            options = BenchmarkOptions.parse(args, known(), defaults());
            fleets = new LoadFleets(options.warmUp());
            all = scenarios(options.quick(), options.broadcastRate(), fleets);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.printf(BenchmarkOptions.USAGE, String.join(",", known()));
            System.exit(2);
            return;
        }
        Path repository = Path.of("").toAbsolutePath();
        Path out = options.out().toAbsolutePath();
        List<String> jvm = new ArrayList<>(Launcher.PRODUCTION_LIKE_JVM);
        jvm.addAll(options.serviceJvm());
        if (options.profile()) {
            jvm.add("-XX:FlightRecorderOptions:stackdepth=512");
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + out.resolve("logs") + "/%p.jfr");
        }
        Launcher launcher = new Launcher(repository, out.resolve("logs"), jvm, Map.of());
        launcher.checkJars();
        Files.createDirectories(out);
        if (options.aot()) {
            launcher = launcher.withAotCaches(out.resolve("work").resolve("aot"));
        }
        long began = System.nanoTime();
        List<Section> sections = new ArrayList<>();
        boolean failed = false;
        System.out.println("benchmark: " + String.join(", ", options.scenarios()) + " → " + out);
        // Stopped before its end (Ctrl-C, SIGTERM): the broker, Redis and the services go with it, instead of
        // holding the ports and the cores the next run needs.
        Runtime.getRuntime().addShutdownHook(new Thread(Benchmark::stopChildren, "stop-children"));
        try (Infrastructure infrastructure = Infrastructure.start(launcher, out.resolve("work"));
                LoadFleets shared = fleets) {
            for (String name : options.scenarios()) {
                long started = System.nanoTime();
                System.out.println("== " + name);
                Scenario scenario = all.get(name);
                if (!scenario.sharesTheLoadFleet()) {
                    shared.close();
                }
                Section section;
                try {
                    section = scenario.run(infrastructure);
                } catch (Exception | Error e) {
                    failed = true;
                    section = new Section(name, "Failed: " + name)
                            .paragraph("The scenario failed: `" + e + "`. The processes' logs are in `logs/`.")
                            .summary(name + ": FAILED — " + e);
                    e.printStackTrace();
                }
                sections.add(section);
                System.out.printf(
                        "   %s (%d s)%n",
                        section.summary(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            }
        }
        List<String> context = context(repository, args, Duration.ofNanos(System.nanoTime() - began));
        Path report = MarkdownReport.write(out, "trainingbot benchmark", context, sections);
        System.out.println();
        System.out.println("Summary");
        sections.forEach(section -> System.out.println("  " + section.summary()));
        sections.stream()
                .flatMap(section -> section.checks().stream())
                .forEach(check -> System.out.printf(
                        "  [%s] %s: %s%n", check.met() ? "met" : "NOT MET", check.target(), check.measured()));
        System.out.println("Report: " + report);
        System.exit(failed ? 1 : 0);
    }

    /** Stops what this process started and did not stop itself: SIGTERM to each, SIGKILL to any alive 10 s later. */
    private static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }

    /** Every scenario's name, in the default order. */
    static List<String> known() {
        return List.copyOf(scenarios(false, 300, new LoadFleets()).keySet());
    }

    /** The scenarios a run without {@code --scenarios} runs, in order. */
    static List<String> defaults() {
        return known();
    }

    /** The scenarios in their default order, with their default sizes (or quick ones); the load ones share {@code fleets}. */
    static Map<String, Scenario> scenarios(boolean quick, double broadcastRate, LoadFleets fleets) {
        int q = quick ? 3 : 1;
        // The load scenarios share one warm fleet, in this order: two workers for the faults that keep both (their
        // load finishes the JIT's warm-up), the steady load and the ramp, the worker kill (which leaves one), one
        // worker for the slow Telegram, then one to four workers.
        List<Scenario> list = List.of(
                new AuditSinkThroughput(quick ? 50_000 : 200_000),
                fault(fleets, FaultScenario.Fault.REDIS_RESTART, quick, Duration.ZERO, Duration.ofSeconds(12)),
                fault(
                        fleets,
                        FaultScenario.Fault.POSTGRES_OUTAGE,
                        quick,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(12)),
                fault(fleets, FaultScenario.Fault.KAFKA_RESTART, quick, Duration.ZERO, Duration.ofSeconds(22)),
                new SteadyLoad("steady", "Steady load", fleets, 250, Duration.ofSeconds(20 / q), 2, 25, Double.NaN),
                new RampLoad(fleets, 150, 150, 2_100, Duration.ofSeconds(quick ? 4 : 8)),
                fault(fleets, FaultScenario.Fault.WORKER_KILL, quick, Duration.ZERO, Duration.ofSeconds(18)),
                // The loads a training bot sees, on one worker (the worker kill left one).
                new SteadyLoad("light", "Light load", fleets, 25, Duration.ofSeconds(30 / q), 1, 15, Double.NaN),
                new SteadyLoad("everyday", "Everyday load", fleets, 100, Duration.ofSeconds(20 / q), 1, 15, 3),
                new SteadyLoad("busy", "Busy load", fleets, 300, Duration.ofSeconds(20 / q), 1, 25, Double.NaN),
                new TelegramLatency("telegram-50ms", fleets, 1_000, Duration.ofSeconds(20 / q)),
                new TelegramLatency("telegram-50ms-everyday", fleets, 100, Duration.ofSeconds(20 / q)),
                new WorkerScaling(fleets, 400, Duration.ofSeconds(12 / q)),
                new BroadcastDelivery(quick ? 2_000 : 10_000, broadcastRate),
                new ThrottleFlood(quick ? 50 : 200, 10),
                new ColdStart(200, Duration.ofSeconds(quick ? 40 : 90), Duration.ofSeconds(quick ? 10 : 30)),
                new RollingRestart(
                        100,
                        Duration.ofSeconds(quick ? 15 : 60),
                        Duration.ofSeconds(quick ? 10 : 30),
                        Duration.ofSeconds(quick ? 10 : 30)),
                new IdleCost(Duration.ofSeconds(quick ? 10 : 60), Duration.ofSeconds(quick ? 20 : 60), quick ? 3 : 20));
        Map<String, Scenario> byName = new LinkedHashMap<>();
        list.forEach(scenario -> byName.put(scenario.name(), scenario));
        return byName;
    }

    private static Scenario fault(
            LoadFleets fleets, FaultScenario.Fault fault, boolean quick, Duration outage, Duration after) {
        return new FaultScenario(
                fleets,
                fault,
                150,
                Duration.ofSeconds(quick ? 5 : 6),
                quick ? Duration.ofSeconds(Math.min(outage.toSeconds(), 10)) : outage,
                quick ? Duration.ofSeconds(12) : after);
    }

    private static List<String> context(Path repository, String[] args, Duration took) {
        List<String> lines = new ArrayList<>();
        lines.add("run " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", took "
                + took.toMinutes() + " min " + took.toSecondsPart() + " s");
        lines.add("command: `bin/benchmark" + (args.length == 0 ? "" : " " + String.join(" ", args)) + "`");
        lines.add("commit " + command(repository, "git", "rev-parse", "--short", "HEAD"));
        lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        lines.add("JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "); services run with `" + String.join(" ", Launcher.PRODUCTION_LIKE_JVM) + "`");
        lines.add(command(repository, "redis-server", "--version") + "; " + command(repository, "psql", "--version"));
        lines.add("latencies are medians and percentiles of one run on a shared, noisy machine; compare ratios, not"
                + " digits");
        return lines;
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D+", "")) / 1024 / 1024 + " GiB")
                    .findFirst()
                    .orElse("memory unknown");
        } catch (IOException | RuntimeException e) {
            return "memory unknown";
        }
    }

    private static String command(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
