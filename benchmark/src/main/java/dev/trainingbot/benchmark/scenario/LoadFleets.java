package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.VirtualUsers;
import java.time.Duration;
import java.util.Map;

/**
 * The warm fleet the load scenarios share. A production fleet runs for days; a fleet whose JVMs started a minute ago
 * spends much of two cores compiling (five JVMs' JIT compilers at once), which is a start-up cost, not the fleet's
 * throughput. So the first load scenario starts a fleet and its users and drives them for its warm-up ({@link #DEFAULT_WARM_UP} unless varied), and the
 * next ones measure on it — its workers stopped gracefully or added to the number they need, users added when they
 * need more. A fleet whose processes died is replaced; a scenario that does not share it has it closed.
 */
public final class LoadFleets implements AutoCloseable {

    /** Long enough for the services' JIT to settle at the warm-up rate; {@code --warm-up} varies it. */
    public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(40);

    private static final double WARM_UP_RATE = 300;

    /** A running fleet and its users. */
    record LoadFleet(ScenarioCluster cluster, VirtualUsers users) {

        /** At least enough users for {@code rate} presses a second when answers take up to {@code latency}. */
        VirtualUsers usersFor(double rate, Duration latency) {
            int needed = CourseLoad.usersFor(rate, latency);
            if (users.size() < needed) {
                users.join(needed - users.size(), Math.min(1_000, Math.max(200, rate)));
            }
            return users;
        }
    }

    private final Duration warmUp;
    private LoadFleet current;

    /** Fleets warmed up for {@code warmUp} at 300 presses a second before the first scenario measures. */
    public LoadFleets(Duration warmUp) {
        this.warmUp = warmUp;
    }

    public LoadFleets() {
        this(DEFAULT_WARM_UP);
    }

    Duration warmUp() {
        return warmUp;
    }

    /** The warm fleet with {@code workers} workers, started and warmed up unless running already. */
    LoadFleet obtain(Infrastructure infrastructure, int workers) throws Exception {
        if (current != null
                && current.cluster().workers().size() == workers
                && current.cluster().services().stream()
                        .allMatch(s -> s.process().alive())) {
            return current;
        }
        close();
        ScenarioCluster cluster = CourseLoad.start(infrastructure, "load-" + workers + "w", workers, Map.of());
        try {
            VirtualUsers users =
                    new VirtualUsers(cluster.telegram(), CourseLoad.MIN_GAP, CourseLoad.ANSWER_TIMEOUT, 42);
            current = new LoadFleet(cluster, users);
            current.usersFor(WARM_UP_RATE, Duration.ofMillis(300));
            if (warmUp.isPositive()) {
                CourseLoad.warmUp(users, WARM_UP_RATE, warmUp);
            }
            return current;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Stops the fleet, if one runs. */
    @Override
    public void close() {
        if (current != null) {
            ScenarioCluster cluster = current.cluster();
            current = null;
            cluster.close();
        }
    }
}
