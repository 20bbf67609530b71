package dev.trainingbot.worker.fsm;

import static dev.trainingbot.worker.pipeline.Blocking.await;

import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * Stages 4 and 7: loads the conversation before the handlers (one Redis round trip) and saves it after them when it
 * changed (one more). The load is started before the pipeline runs ({@link #prefetch}), on the FSM database's
 * connection, so it travels beside the guard's script on the throttle database's instead of after it: an allowed
 * update waits for one Redis round trip before its handler, not two. A load for an update the guard then refuses is
 * dropped unread. The update before it in the same chat was done before this one was started (per-chat order), so
 * the early read sees everything that one saved. A conversation awaiting a secret marks the update as carrying one.
 * A conflicting save fails the update with {@link FsmConflictException}; the consumer handles it again from the fresh
 * state.
 */
public final class FsmMiddleware implements Middleware {

    private final ConversationStore store;
    private final Counter conflicts;

    public FsmMiddleware(ConversationStore store, MeterRegistry metrics) {
        this.store = store;
        this.conflicts = Counter.builder("worker.fsm.conflicts")
                .description("Conversation saves refused because another worker saved first")
                .register(metrics);
    }

    private CompletableFuture<Conversation> load(UpdateContext context) {
        Long userId = context.userId();
        return store.load(context.chatId(), userId == null ? 0 : userId);
    }

    @Override
    public String name() {
        return "fsm";
    }

    @Override
    public void prefetch(UpdateContext context) {
        context.conversationAhead(load(context));
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        CompletableFuture<Conversation> ahead = context.conversationAhead();
        Conversation conversation = await(ahead != null ? ahead : load(context));
        context.conversation(conversation);
        if (conversation.state().awaitsSecret()) {
            // From here on the text is known to be the password, whichever later stage fails.
            context.markSecret();
        }
        next.proceed(context);
        if (conversation.changed()) {
            try {
                await(store.save(conversation));
            } catch (FsmConflictException e) {
                conflicts.increment();
                throw e;
            }
        }
    }
}
