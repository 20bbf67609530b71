package dev.trainingbot.worker.route;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Stage 6: chooses the handler of an update and runs it. A command ({@code /start}, {@code /start@bot args}) goes
 * to its command handler; a pressed button to the handler of its callback action; other text to the handler of the
 * conversation's state. An unknown command gets {@code unknownCommand}; a button whose data does not parse or names
 * no action gets {@code forgedCallback} (which answers politely and changes nothing); update kinds the bot does not
 * handle (edited messages, channel posts, membership changes, …) are acknowledged as {@code IGNORED}.
 *
 * <p>Every route declares the states its handler may move the conversation to (besides {@code IDLE}, always
 * allowed). Before a handler runs, its moves are held against {@link ConversationState}'s table: a move the table
 * refuses is answered with the table's notice instead ({@code refusal}), and the handler does not run. A state
 * registered with {@link Builder#prompt} takes every text, commands included — the admin password may start with '/'
 * — except the commands it lets through sent bare; and any other input (a button, a command let through) leaves the
 * prompt for {@code IDLE} before it is handled. {@link Builder#build} refuses a table in which some state × input
 * would ask for a move the table neither allows nor refuses. No Redis or database calls of its own.
 */
public final class Router implements Middleware {

    /** A handler and the states, other than {@code IDLE}, it may move the conversation to. */
    public record Route(Handler handler, Set<ConversationState> moves) {}

    /** What arrived, as far as routing goes. */
    public sealed interface Input {
        /** A command; {@code bare} when the message is the command alone, without arguments. */
        record Command(String name, boolean bare) implements Input {}

        /** Text that is not a command. */
        record Text() implements Input {}

        /** A pressed button; {@code action} null when its data does not parse. */
        record Button(String action) implements Input {}

        /** Anything else: an update the router does not handle. */
        record Other() implements Input {}

        public static Input of(Update update) {
            if (update.hasCallbackQuery()) {
                return new Button(CallbackData.parse(update.getCallbackQuery().getData())
                        .map(CallbackData::action)
                        .orElse(null));
            }
            Message message = update.hasMessage() ? update.getMessage() : null;
            if (message != null
                    && message.hasDocument()
                    && message.getCaption() != null
                    && message.getCaption().startsWith("/")) {
                // A file sent with a command as its caption (an admin's course upload) is that command.
                return new Command(command(message.getCaption()), false);
            }
            if (message == null || !message.hasText()) {
                return new Other();
            }
            String text = message.getText();
            if (!text.startsWith("/")) {
                return new Text();
            }
            String name = command(text);
            return new Command(
                    name, text.strip().indexOf(' ') < 0 && text.strip().indexOf('\n') < 0);
        }
    }

    /** What the router does with an input in a state. */
    public sealed interface Decision {
        /** Runs the route's handler, after leaving the prompt when {@code leavesPrompt}. */
        record Run(Route route, boolean leavesPrompt) implements Decision {}

        /** Answers the table's notice {@code messageKey}: the move to {@code to} is refused from {@code from}. */
        record Refuse(ConversationState from, ConversationState to, String messageKey) implements Decision {}

        record Ignore() implements Decision {}
    }

    /** Answers an input whose move the conversation's state refuses, with the notice {@code messageKey}. */
    @FunctionalInterface
    public interface Refusal {
        void refuse(UpdateContext context, String messageKey) throws Exception;
    }

    private final Map<String, Route> commands;
    private final Map<String, Route> callbacks;
    private final Map<ConversationState, Route> states;
    private final Map<ConversationState, Set<String>> prompts;
    private final Route unknownCommand;
    private final Route forgedCallback;
    private final Route idleText;
    private final Refusal refusal;

    private Router(Builder builder) {
        this.commands = Map.copyOf(builder.commands);
        this.callbacks = Map.copyOf(builder.callbacks);
        this.states = new EnumMap<>(builder.states);
        this.prompts = new EnumMap<>(builder.prompts);
        this.unknownCommand = builder.unknownCommand;
        this.forgedCallback = builder.forgedCallback;
        this.idleText = builder.idleText;
        this.refusal = builder.refusal;
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
        ConversationState state = context.conversation() == null
                ? ConversationState.IDLE
                : context.conversation().state();
        switch (decide(state, Input.of(context.update()))) {
            case Decision.Ignore ignore -> {
                context.handler("ignored");
                context.outcome(AuditOutcome.IGNORED);
            }
            case Decision.Refuse refused -> {
                context.handler("move_refused");
                context.outcome(AuditOutcome.REFUSED);
                context.detail("refused_move", refused.from() + "->" + refused.to());
                refusal.refuse(context, refused.messageKey());
            }
            case Decision.Run run -> {
                if (run.leavesPrompt()) {
                    context.conversation().reset();
                }
                context.handler(run.route().handler().name());
                run.route().handler().handle(context);
            }
        }
        next.proceed(context);
    }

    /** The decision for {@code input} in {@code state}: pure, and total over states and inputs. */
    public Decision decide(ConversationState state, Input input) {
        Route route;
        switch (input) {
            case Input.Other other -> {
                return new Decision.Ignore();
            }
            case Input.Button button ->
                route = button.action() == null
                        ? forgedCallback
                        : callbacks.getOrDefault(button.action(), forgedCallback);
            case Input.Command command
            when !prompts.containsKey(state)
                    || (command.bare() && prompts.get(state).contains(command.name())) ->
                route = commands.getOrDefault(command.name(), unknownCommand);
            default -> route = states.getOrDefault(state, idleText);
        }
        boolean leavesPrompt = prompts.containsKey(state) && route != states.get(state);
        ConversationState from = leavesPrompt ? ConversationState.IDLE : state;
        for (ConversationState target : route.moves()) {
            var refused = from.refusalOf(target);
            if (refused.isPresent()) {
                return new Decision.Refuse(from, target, refused.get());
            }
        }
        return new Decision.Run(route, leavesPrompt);
    }

    /** {@code /Start@TrainingBot now} → {@code start}. */
    static String command(String text) {
        int end = 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '@') {
            end++;
        }
        return text.substring(1, end).toLowerCase(Locale.ROOT);
    }

    /**
     * Every input the table tells apart in {@code state}: each command (bare and with arguments), an unknown one,
     * text, each button, a forged one, and an update of another kind.
     */
    public List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        for (String name : commands.keySet()) {
            inputs.add(new Input.Command(name, true));
            inputs.add(new Input.Command(name, false));
        }
        inputs.add(new Input.Command("no_such_command", true));
        inputs.add(new Input.Text());
        callbacks.keySet().forEach(action -> inputs.add(new Input.Button(action)));
        inputs.add(new Input.Button(null));
        inputs.add(new Input.Other());
        return inputs;
    }

    /** The route table; {@code Worker} builds the production one, tests may build their own. */
    public static final class Builder {
        private final Map<String, Route> commands = new HashMap<>();
        private final Map<String, Route> callbacks = new HashMap<>();
        private final Map<ConversationState, Route> states = new EnumMap<>(ConversationState.class);
        private final Map<ConversationState, Set<String>> prompts = new EnumMap<>(ConversationState.class);
        private Route unknownCommand;
        private Route forgedCallback;
        private Route idleText;
        private Refusal refusal;

        /** {@code name} without the slash, lower case; {@code moves} the states besides IDLE it may move to. */
        public Builder command(String name, Handler handler, ConversationState... moves) {
            commands.put(name, route(handler, moves));
            return this;
        }

        public Builder callback(String action, Handler handler, ConversationState... moves) {
            callbacks.put(action, route(handler, moves));
            return this;
        }

        /** Text (not a command) sent while the conversation is in {@code state}. */
        public Builder state(ConversationState state, Handler handler, ConversationState... moves) {
            states.put(state, route(handler, moves));
            return this;
        }

        /**
         * {@code state} is a prompt: every text sent in it goes to {@code handler}, commands included, except the
         * {@code commands} (names without the slash) sent bare, which go to their command handlers; any other input
         * leaves the prompt first. The handler may move to IDLE only.
         */
        public Builder prompt(ConversationState state, Handler handler, String... commands) {
            states.put(state, route(handler));
            prompts.put(state, Set.of(commands));
            return this;
        }

        public Builder unknownCommand(Handler handler) {
            this.unknownCommand = route(handler);
            return this;
        }

        public Builder forgedCallback(Handler handler) {
            this.forgedCallback = route(handler);
            return this;
        }

        /** Text sent while no conversation expects any. */
        public Builder idleText(Handler handler) {
            this.idleText = route(handler);
            return this;
        }

        /** How a move the conversation's state refuses is answered. */
        public Builder refusal(Refusal refusal) {
            this.refusal = refusal;
            return this;
        }

        /**
         * @throws IllegalStateException when a handler is missing, or some state × input would ask for a move that
         *     {@link ConversationState} neither allows nor refuses
         */
        public Router build() {
            if (unknownCommand == null || forgedCallback == null || idleText == null || refusal == null) {
                throw new IllegalStateException(
                        "a router needs unknownCommand, forgedCallback, idleText and refusal handlers");
            }
            Router router = new Router(this);
            for (ConversationState state : ConversationState.values()) {
                for (Input input : router.inputs()) {
                    if (router.decide(state, input) instanceof Decision.Run run) {
                        ConversationState from = run.leavesPrompt() ? ConversationState.IDLE : state;
                        for (ConversationState target : run.route().moves()) {
                            if (!from.canMoveTo(target)) {
                                throw new IllegalStateException(
                                        "route " + run.route().handler().name() + " of "
                                                + input + " may move " + from + " -> " + target
                                                + ", which ConversationState neither allows nor refuses");
                            }
                        }
                    }
                }
            }
            return router;
        }

        private static Route route(Handler handler, ConversationState... moves) {
            Set<ConversationState> targets = EnumSet.noneOf(ConversationState.class);
            targets.addAll(List.of(moves));
            targets.remove(ConversationState.IDLE);
            return new Route(handler, Set.copyOf(targets));
        }
    }
}
