package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.metrics.Histogram;
import dev.trainingbot.benchmark.report.Table;
import dev.trainingbot.testkit.telegram.FloodPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the load scenarios share: a fleet configured as in production except for the bot-wide Telegram limit —
 * raised, as Telegram raises it for paid broadcasts, because these scenarios measure the fleet, not the free tier's
 * 30 messages a second — with the emulator enforcing the same limits, per-chat ones at Telegram's values; users who
 * press at most once per {@link #MIN_GAP}; and the tables the scenarios print.
 */
final class CourseLoad {

    /** A person's shortest pause between presses: within Telegram's 1 message/s per chat and the bot's throttle. */
    static final Duration MIN_GAP = Duration.ofMillis(1_200);

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private static final int BOT_RATE = 100_000;

    private CourseLoad() {}

    static Map<String, String> environment() {
        Map<String, String> variables = new HashMap<>();
        variables.put("TELEGRAM_GLOBAL_RATE", Integer.toString(BOT_RATE));
        variables.put("TELEGRAM_GLOBAL_BURST", Integer.toString(BOT_RATE / 10));
        return variables;
    }

    /** Starts the fleet with {@code workers} workers, its emulator enforcing the flood limits. */
    static ScenarioCluster start(Infrastructure infrastructure, String name, int workers, Map<String, String> more)
            throws Exception {
        Map<String, String> variables = environment();
        variables.putAll(more);
        ScenarioCluster cluster =
                ScenarioCluster.start(infrastructure, name, ScenarioCluster.Shape.fleet(workers), variables);
        cluster.telegram().enforce(new FloodPolicy(BOT_RATE, BOT_RATE, 1, 4, 20));
        return cluster;
    }

    /** How many users press {@code rate} times a second when answers take up to {@code latency}, with a margin. */
    static int usersFor(double rate, Duration latency) {
        return (int) Math.ceil(rate * (MIN_GAP.toMillis() + latency.toMillis()) / 1000.0 * 1.3) + 50;
    }

    /** Runs {@code rate} for {@code duration} unmeasured: the JIT, the pools and the caches warm up. */
    static void warmUp(VirtualUsers users, double rate, Duration duration) {
        users.drive(rate, duration);
        users.awaitAnswers(ANSWER_TIMEOUT);
    }

    static LoadFigures measure(ScenarioCluster cluster, VirtualUsers users, double rate, Duration duration) {
        Window window = Window.open(cluster, users, rate);
        long presses = users.drive(rate, duration);
        return window.close(presses);
    }

    static Table loadTable(String first) {
        return new Table(
                first,
                "target/s",
                "offered/s",
                "answered/s",
                "e2e p50 ms",
                "e2e p95 ms",
                "e2e p99 ms",
                "e2e max ms",
                "ack p50 ms",
                "ack p99 ms",
                "pipeline own p50 ms",
                "pipeline own p99 ms",
                "audit rows/s",
                "429s",
                "timed out",
                "fleet CPU ms/update",
                "machine CPU");
    }

    static void loadRow(Table table, Object first, LoadFigures f) {
        table.row(
                first,
                f.targetPerSecond(),
                f.offeredPerSecond(),
                f.answeredPerSecond(),
                f.endToEnd().p50(),
                f.endToEnd().p95(),
                f.endToEnd().p99(),
                f.endToEnd().maxMillis(),
                f.acknowledgement().p50(),
                f.acknowledgement().p99(),
                f.pipelineOwn().quantileMillis(0.5),
                f.pipelineOwn().quantileMillis(0.99),
                f.auditRowsPerSecond(),
                f.tooManyRequests(),
                f.timedOut(),
                fleetCpuMillisPerUpdate(f),
                String.format("%.0f %%", f.resources().machineBusy() * 100));
    }

    /**
     * Per pipeline stage: its time including the stages inside it, and its own mean — less the next stage's, so
     * approximate (a stage that stops an update, the guard for a duplicate, skips the inner ones); never below 0.
     */
    static Table stageTable(LoadFigures f) {
        Table table = new Table("stage (outermost first)", "p50 ms", "p99 ms", "mean ms", "own mean ms (≈)");
        var stages = new java.util.ArrayList<>(f.stages().entrySet());
        for (int i = 0; i < stages.size(); i++) {
            Histogram stage = stages.get(i).getValue();
            double inner = i + 1 < stages.size() ? stages.get(i + 1).getValue().meanMillis() : 0;
            table.row(
                    stages.get(i).getKey(),
                    stage.quantileMillis(0.5),
                    stage.quantileMillis(0.99),
                    stage.meanMillis(),
                    Math.max(0, stage.meanMillis() - inner));
        }
        table.row(
                "own (all but Bot API calls)",
                f.pipelineOwn().quantileMillis(0.5),
                f.pipelineOwn().quantileMillis(0.99),
                f.pipelineOwn().meanMillis(),
                "");
        table.row(
                "one Bot API call",
                f.telegramCall().quantileMillis(0.5),
                f.telegramCall().quantileMillis(0.99),
                f.telegramCall().meanMillis(),
                "");
        return table;
    }

    /**
     * Per process group: cores used, of which its JIT compilers' (a JVM still compiling spends its cores there, not on
     * updates), CPU milliseconds per answered update (cores over answered updates a second), and peak resident memory;
     * then the total of the fleet, broker, Redis and PostgreSQL (the benchmark's own JVM, which runs the emulator and
     * the users, is not the fleet's cost).
     */
    static Table resourceTable(LoadFigures f) {
        Table table = new Table(
                "processes", "cores used", "of which JIT compilers", "CPU ms per answered update", "peak RSS MB");
        double answered = f.answeredPerSecond();
        double fleet = 0;
        double compiling = 0;
        for (var group : f.resources().cores().entrySet()) {
            double cores = group.getValue();
            Double jit = f.compilerCores().get(group.getKey());
            table.row(
                    group.getKey(),
                    cores,
                    jit == null ? "—" : jit,
                    cpuMillisPerUpdate(cores, answered),
                    f.resources().peakRssMegabytes().containsKey(group.getKey())
                            ? f.resources().peakRssMegabytes().get(group.getKey())
                            : "—");
            if (!group.getKey().startsWith("benchmark")) {
                fleet += cores;
                compiling += jit == null ? 0 : jit;
            }
        }
        table.row("fleet + broker + Redis + PostgreSQL", fleet, compiling, cpuMillisPerUpdate(fleet, answered), "");
        return table;
    }

    /** CPU milliseconds per answered update of the fleet, broker, Redis and PostgreSQL together. */
    static double fleetCpuMillisPerUpdate(LoadFigures f) {
        double fleet = f.resources().cores().entrySet().stream()
                .filter(group -> !group.getKey().startsWith("benchmark"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        return cpuMillisPerUpdate(fleet, f.answeredPerSecond());
    }

    /** Of {@link #fleetCpuMillisPerUpdate}, the part the fleet's JIT compilers spent. */
    static double fleetCompilerMillisPerUpdate(LoadFigures f) {
        double compiling = f.compilerCores().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        return cpuMillisPerUpdate(compiling, f.answeredPerSecond());
    }

    static double cpuMillisPerUpdate(double cores, double answeredPerSecond) {
        return answeredPerSecond > 0 ? cores * 1000 / answeredPerSecond : Double.NaN;
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "—" : String.format("%.2f ms", value);
    }
}
