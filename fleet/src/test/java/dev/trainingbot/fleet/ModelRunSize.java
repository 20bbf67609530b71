package dev.trainingbot.fleet;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How long {@link ConversationModelIT} runs: its annotation's tries and seed in CI, or the system properties
 * {@code conversation.model.tries}, {@code conversation.model.users}, {@code conversation.model.steps} (actions per
 * user at most) and {@code conversation.model.seed} (a seed, or {@code random}) for a longer run.
 */
public final class ModelRunSize implements AroundPropertyHook {

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
        String seed = System.getProperty("conversation.model.seed");
        if (seed != null) {
            context.attributes().setSeed(seed.equals("random") ? Long.toString(System.nanoTime()) : seed);
        }
        return property.execute();
    }
}
