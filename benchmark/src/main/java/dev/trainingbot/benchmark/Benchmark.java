package dev.trainingbot.benchmark;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.Launcher;
import dev.trainingbot.benchmark.report.MarkdownReport;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.scenario.AuditSinkThroughput;
import dev.trainingbot.benchmark.scenario.BroadcastDelivery;
import dev.trainingbot.benchmark.scenario.FaultScenario;
import dev.trainingbot.benchmark.scenario.RampLoad;
import dev.trainingbot.benchmark.scenario.Scenario;
import dev.trainingbot.benchmark.scenario.SteadyLoad;
import dev.trainingbot.benchmark.scenario.TelegramLatency;
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
 * The default scenarios take about nine minutes; each starts a fresh fleet, so one failing does not spoil the next.
 */
public final class Benchmark {

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.printf(
                    BenchmarkOptions.USAGE,
                    String.join(",", scenarios(false, 300).keySet()));
            return;
        }
        Map<String, Scenario> all;
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(
                    args, List.copyOf(scenarios(false, 300).keySet()));
            all = scenarios(options.quick(), options.broadcastRate());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.printf(
                    BenchmarkOptions.USAGE,
                    String.join(",", scenarios(false, 300).keySet()));
            System.exit(2);
            return;
        }
        Path repository = Path.of("").toAbsolutePath();
        Path out = options.out().toAbsolutePath();
        Launcher launcher = new Launcher(repository, out.resolve("logs"), Launcher.PRODUCTION_LIKE_JVM);
        launcher.checkJars();
        Files.createDirectories(out);
        long began = System.nanoTime();
        List<Section> sections = new ArrayList<>();
        boolean failed = false;
        System.out.println("benchmark: " + String.join(", ", options.scenarios()) + " → " + out);
        try (Infrastructure infrastructure = Infrastructure.start(launcher, out.resolve("work"))) {
            for (String name : options.scenarios()) {
                long started = System.nanoTime();
                System.out.println("== " + name);
                Section section;
                try {
                    section = all.get(name).run(infrastructure);
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

    /** The scenarios in their default order, with their default sizes (or quick ones). */
    static Map<String, Scenario> scenarios(boolean quick, double broadcastRate) {
        int q = quick ? 3 : 1;
        List<Scenario> list = List.of(
                new AuditSinkThroughput(quick ? 50_000 : 200_000),
                new SteadyLoad(1_000, Duration.ofSeconds(20 / q)),
                new RampLoad(500, quick ? 1_000 : 500, quick ? 2_000 : 6_000, Duration.ofSeconds(quick ? 4 : 8)),
                new TelegramLatency(1_000, Duration.ofSeconds(20 / q)),
                new WorkerScaling(1_500, Duration.ofSeconds(12 / q)),
                new BroadcastDelivery(quick ? 2_000 : 10_000, broadcastRate),
                fault(FaultScenario.Fault.WORKER_KILL, quick, Duration.ZERO, Duration.ofSeconds(25)),
                fault(FaultScenario.Fault.REDIS_RESTART, quick, Duration.ZERO, Duration.ofSeconds(20)),
                fault(FaultScenario.Fault.POSTGRES_OUTAGE, quick, Duration.ofSeconds(30), Duration.ofSeconds(20)),
                fault(FaultScenario.Fault.KAFKA_RESTART, quick, Duration.ZERO, Duration.ofSeconds(25)));
        Map<String, Scenario> byName = new LinkedHashMap<>();
        list.forEach(scenario -> byName.put(scenario.name(), scenario));
        return byName;
    }

    private static Scenario fault(FaultScenario.Fault fault, boolean quick, Duration outage, Duration after) {
        return new FaultScenario(
                fault,
                300,
                Duration.ofSeconds(quick ? 5 : 8),
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
