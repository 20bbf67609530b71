package dev.trainingbot.worker.route;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Stage 6: chooses the handler of an update and runs it. A command ({@code /start}, {@code /start@bot args}) goes
 * to its command handler; a pressed button to the handler of its callback action; other text to the handler of the
 * conversation's state. A state registered with {@link Builder#anyText} takes every text, commands included, except
 * the commands it lets through (the admin password may start with '/'; {@code /cancel} still cancels). An unknown
 * command gets {@code unknownCommand}; a button whose data does not parse or names
 * no action gets {@code forgedCallback} (which answers politely and changes nothing); update kinds the bot does not
 * handle (edited messages, channel posts, membership changes, …) are acknowledged as {@code IGNORED}. No Redis or
 * database calls of its own.
 */
public final class Router implements Middleware {

    private final Map<String, Handler> commands;
    private final Map<String, Handler> callbacks;
    private final Map<ConversationState, Handler> states;
    private final Map<ConversationState, Set<String>> anyText;
    private final Handler unknownCommand;
    private final Handler forgedCallback;
    private final Handler idleText;

    private Router(Builder builder) {
        this.commands = Map.copyOf(builder.commands);
        this.callbacks = Map.copyOf(builder.callbacks);
        this.states = new EnumMap<>(builder.states);
        this.anyText = new EnumMap<>(builder.anyText);
        this.unknownCommand = builder.unknownCommand;
        this.forgedCallback = builder.forgedCallback;
        this.idleText = builder.idleText;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "router";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        Optional<Handler> handler = choose(context);
        if (handler.isEmpty()) {
            context.handler("ignored");
            context.outcome(AuditOutcome.IGNORED);
        } else {
            context.handler(handler.get().name());
            handler.get().handle(context);
        }
        next.proceed(context);
    }

    Optional<Handler> choose(UpdateContext context) {
        if (context.update().hasCallbackQuery()) {
            return Optional.of(
                    CallbackData.parse(context.update().getCallbackQuery().getData())
                            .map(data -> callbacks.getOrDefault(data.action(), forgedCallback))
                            .orElse(forgedCallback));
        }
        Message message = context.message();
        if (message == null || !message.hasText()) {
            return Optional.empty();
        }
        String text = message.getText();
        ConversationState state = context.conversation() == null
                ? ConversationState.IDLE
                : context.conversation().state();
        Set<String> letThrough = anyText.get(state);
        if (text.startsWith("/") && (letThrough == null || letThrough.contains(command(text)))) {
            return Optional.of(commands.getOrDefault(command(text), unknownCommand));
        }
        return Optional.of(states.getOrDefault(state, idleText));
    }

    /** {@code /Start@TrainingBot now} → {@code start}. */
    static String command(String text) {
        int end = 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '@') {
            end++;
        }
        return text.substring(1, end).toLowerCase(Locale.ROOT);
    }

    /** The route table; {@code Worker} builds the production one, tests may build their own. */
    public static final class Builder {
        private final Map<String, Handler> commands = new java.util.HashMap<>();
        private final Map<String, Handler> callbacks = new java.util.HashMap<>();
        private final Map<ConversationState, Handler> states = new EnumMap<>(ConversationState.class);
        private final Map<ConversationState, Set<String>> anyText = new EnumMap<>(ConversationState.class);
        private Handler unknownCommand;
        private Handler forgedCallback;
        private Handler idleText;

        /** {@code name} without the slash, lower case. */
        public Builder command(String name, Handler handler) {
            commands.put(name, handler);
            return this;
        }

        public Builder callback(String action, Handler handler) {
            callbacks.put(action, handler);
            return this;
        }

        /** Text (not a command) sent while the conversation is in {@code state}. */
        public Builder state(ConversationState state, Handler handler) {
            states.put(state, handler);
            return this;
        }

        /**
         * Every text sent while the conversation is in {@code state}, commands included, except the
         * {@code commands} (names without the slash) that still go to their command handlers.
         */
        public Builder anyText(ConversationState state, Handler handler, String... commands) {
            states.put(state, handler);
            anyText.put(state, Set.of(commands));
            return this;
        }

        public Builder unknownCommand(Handler handler) {
            this.unknownCommand = handler;
            return this;
        }

        public Builder forgedCallback(Handler handler) {
            this.forgedCallback = handler;
            return this;
        }

        /** Text sent while no conversation expects any. */
        public Builder idleText(Handler handler) {
            this.idleText = handler;
            return this;
        }

        public Router build() {
            if (unknownCommand == null || forgedCallback == null || idleText == null) {
                throw new IllegalStateException("a router needs unknownCommand, forgedCallback and idleText handlers");
            }
            return new Router(this);
        }
    }
}
