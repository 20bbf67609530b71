package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.report.Section;

/** One part of the benchmark: it starts the fleet it needs on the run's infrastructure, measures, and reports. */
public interface Scenario {

    /** The name to select it by ({@code --scenarios steady,ramp}). */
    String name();

    Section run(Infrastructure infrastructure) throws Exception;

    /** Whether it measures on the warm fleet of {@link LoadFleets}; any other scenario has that fleet stopped first. */
    default boolean sharesTheLoadFleet() {
        return false;
    }
}
