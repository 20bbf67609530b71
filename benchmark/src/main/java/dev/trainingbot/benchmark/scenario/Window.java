package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.ChildProcess;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.infra.Service;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.metrics.Histogram;
import dev.trainingbot.benchmark.metrics.PrometheusText;
import dev.trainingbot.benchmark.metrics.ResourceUse;
import dev.trainingbot.benchmark.metrics.ThreadUse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A measured stretch of a scenario: what the fleet's metrics, the database, the processes and the simulated users
 * said at its start, so that {@link #close} can report exactly what happened inside it.
 */
final class Window {

    private static final List<String> STAGES = List.of("timing", "audit", "guard", "fsm", "user", "router");

    private final ScenarioCluster cluster;
    private final VirtualUsers users;
    private final double target;
    private final long startNanos;
    private final List<PrometheusText.Sample> workerMetrics;
    private final ResourceUse.Snapshot resources;
    private final Map<Long, ThreadUse.Snapshot> threads = new LinkedHashMap<>();
    private final long auditRows;
    private final long refusals;
    private final long timedOut;

    private Window(ScenarioCluster cluster, VirtualUsers users, double target) {
        this.cluster = cluster;
        this.users = users;
        this.target = target;
        this.workerMetrics = scrapeWorkers(cluster);
        this.auditRows = auditRows(cluster);
        this.refusals = cluster.telegram().floodRefusals();
        this.timedOut = users.timedOut();
        this.resources = ResourceUse.snapshot(cluster.processGroups());
        cluster.processGroups().values().stream()
                .flatMap(List::stream)
                .forEach(process -> threads.put(process.pid(), ThreadUse.snapshot(process.pid())));
        this.startNanos = System.nanoTime();
    }

    /** Opens a window of load at {@code target} presses a second. */
    static Window open(ScenarioCluster cluster, VirtualUsers users, double target) {
        return new Window(cluster, users, target);
    }

    /** Closes the window after the users made {@code presses} presses in it. */
    LoadFigures close(long presses) {
        return close(presses, true);
    }

    /**
     * Closes the window now, without waiting for the answers still due: the fleet's metrics and the processes' CPU
     * are those of this moment, so that the load can go on at once. The end-to-end figures lack the presses still in
     * flight; a scenario that cuts takes those from its own per-second slices.
     */
    LoadFigures cut(long presses) {
        return close(presses, false);
    }

    private LoadFigures close(long presses, boolean settle) {
        long endNanos = System.nanoTime();
        ResourceUse used = ResourceUse.since(resources, cluster.processGroups());
        Map<String, Double> compilers = compilerCores(cluster.processGroups());
        double seconds = (endNanos - startNanos) / 1e9;
        if (settle) {
            // Presses of the window still awaiting their answer are given a moment, so the last second is not short.
            users.awaitAnswers(java.time.Duration.ofSeconds(5));
        }
        List<PrometheusText.Sample> after = scrapeWorkers(cluster);
        Map<String, Histogram> stages = new LinkedHashMap<>();
        for (String stage : STAGES) {
            stages.put(stage, histogram(after, "worker_pipeline_stage_seconds", l -> stage.equals(l.get("stage"))));
        }
        var endToEnd = users.replies().between(startNanos, endNanos);
        return new LoadFigures(
                seconds,
                target,
                presses / seconds,
                endToEnd.count() / seconds,
                endToEnd,
                users.acknowledgements().between(startNanos, endNanos),
                histogram(after, "worker_pipeline_own_seconds", l -> true),
                stages,
                histogram(after, "telegram_call_seconds", l -> true),
                (auditRows(cluster) - auditRows) / seconds,
                cluster.telegram().floodRefusals() - refusals,
                users.timedOut() - timedOut,
                used,
                compilers);
    }

    /** Per group, the cores its processes' JIT compilers used since the window opened (a process started since: 0). */
    private Map<String, Double> compilerCores(Map<String, List<ChildProcess>> groups) {
        Map<String, Double> cores = new LinkedHashMap<>();
        groups.forEach((group, processes) -> cores.put(
                group,
                processes.stream()
                        .filter(process -> threads.containsKey(process.pid()))
                        .mapToDouble(process ->
                                ThreadUse.compilerCores(ThreadUse.since(threads.get(process.pid()), process.pid())))
                        .sum()));
        return cores;
    }

    private Histogram histogram(
            List<PrometheusText.Sample> after, String metric, Predicate<Map<String, String>> select) {
        return Histogram.of(after, metric, select).minus(Histogram.of(workerMetrics, metric, select));
    }

    /** The samples of every worker, concatenated (a histogram sums them). */
    private static List<PrometheusText.Sample> scrapeWorkers(ScenarioCluster cluster) {
        List<PrometheusText.Sample> samples = new ArrayList<>();
        for (Service worker : cluster.workers()) {
            try {
                samples.addAll(PrometheusText.parse(worker.scrape()));
            } catch (IOException e) {
                // A worker killed by the scenario has no metrics left; the others still count.
            }
        }
        return samples;
    }

    static long auditRows(ScenarioCluster cluster) {
        try (Connection connection = cluster.database().connect();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM audit_log")) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }
}
