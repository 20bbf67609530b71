package dev.trainingbot.common.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainingbot.common.logging.LogMasking;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code java -jar <service>.jar healthcheck [--json]}: runs the service's checks at once, each bounded, prints one
 * line per check in the table operators of the Python bot know, and a verdict; exit code 0 when nothing failed (a
 * warning does not fail), 1 otherwise, 2 for a bad argument.
 *
 * <pre>
 * ✓ Environment      All critical env vars present
 * ✓ Database         DB OK (users: 123)
 * ✅ HEALTH CHECK: PASSED
 * </pre>
 */
public final class HealthCheckCommand {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private HealthCheckCommand() {}

    /** Runs the checks; returns the exit code. */
    public static int run(List<String> args, List<Supplier<CheckResult>> checks, PrintStream out) {
        boolean json = args.contains("--json");
        if (args.stream().anyMatch(arg -> !arg.equals("--json"))) {
            out.println("usage: healthcheck [--json]");
            return 2;
        }
        List<CheckResult> results = runAll(checks);
        boolean passed = results.stream().noneMatch(r -> r.status() == CheckResult.Status.FAILED);
        if (json) {
            out.println(json(results, passed));
        } else {
            for (CheckResult result : results) {
                out.printf("%s %-16s %s%n", result.status().mark, result.name(), LogMasking.mask(result.detail()));
            }
            out.println(passed ? "✅ HEALTH CHECK: PASSED" : "❌ HEALTH CHECK: FAILED");
        }
        return passed ? 0 : 1;
    }

    private static List<CheckResult> runAll(List<Supplier<CheckResult>> checks) {
        List<CheckResult> results = new ArrayList<>();
        // Not closed by try-with-resources: closing waits for every task, and a hung check must not hang the command.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<CheckResult>> running = new ArrayList<>();
            for (Supplier<CheckResult> check : checks) {
                running.add(executor.submit(check::get));
            }
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (int i = 0; i < running.size(); i++) {
                Future<CheckResult> check = running.get(i);
                try {
                    results.add(check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    check.cancel(true);
                    results.add(
                            CheckResult.failed("Check " + (i + 1), "no answer within " + DEADLINE.toSeconds() + " s"));
                } catch (ExecutionException e) {
                    results.add(
                            CheckResult.failed("Check " + (i + 1), e.getCause().toString()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    results.add(CheckResult.failed("Check " + (i + 1), "interrupted"));
                }
            }
        } finally {
            executor.shutdownNow();
        }
        return results;
    }

    private static String json(List<CheckResult> results, boolean passed) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode().put("status", passed ? "passed" : "failed");
        ArrayNode list = root.putArray("checks");
        for (CheckResult result : results) {
            list.addObject()
                    .put("name", result.name())
                    .put("ok", result.status() != CheckResult.Status.FAILED)
                    .put("warning", result.status() == CheckResult.Status.WARNING)
                    .put("detail", LogMasking.mask(result.detail()));
        }
        return root.toString();
    }
}
