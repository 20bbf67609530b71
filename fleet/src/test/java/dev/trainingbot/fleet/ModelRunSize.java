package dev.trainingbot.fleet;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How long {@link ConversationModelIT} runs: its annotation's tries and seed in CI, or the system properties
 * {@code conversation.model.tries}, {@code conversation.model.users}, {@code conversation.model.steps} (actions per
 * user at most, half as many at least) and {@code conversation.model.seed} (a seed, or {@code random}) for a longer run. Without a seed given,
 * a run after a failed one replays the failed sample first (jqwik's database, in {@code target/}).
 */
public final class ModelRunSize implements AroundPropertyHook {

    private static volatile String seed = "?";

    /** The seed the running property generates its scripts from, to name in a failure. */
    static String seed() {
        return seed;
    }

    static int users() {
        return Integer.getInteger("conversation.model.users", ConversationModelIT.USERS);
    }

    static int steps() {
        return Integer.getInteger("conversation.model.steps", ConversationModelIT.STEPS);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger("conversation.model.tries");
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        String asked = System.getProperty("conversation.model.seed");
        if (asked != null) {
            context.attributes().setSeed(asked.equals("random") ? Long.toString(System.nanoTime()) : asked);
            // The seed asked for, not the sample of an earlier failed run that jqwik would replay first.
            context.attributes().setAfterFailure(AfterFailureMode.RANDOM_SEED);
        }
        seed = context.attributes().seed().orElse("?");
        return property.execute();
    }
}
