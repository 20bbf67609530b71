package dev.trainingbot.fleet;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.fsm.ConversationStore;
import dev.trainingbot.worker.guard.UpdateGuard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Plays one user's script against the fleet, one input at a time, and checks after each that the update finished
 * within {@link ModelWorld#stallBound()}, was not dead-lettered, was answered at most once, left a legal stored
 * conversation and {@code users.blocked_at} as the user left the bot, and, when it locked the admin login, followed
 * at least {@code ADMIN_MAX_FAILURES} real wrong passwords. Each broken property is reported once, with what led
 * there; a stalled or dead-lettered update ends the script.
 */
final class ModelUser {

    /** The commands the password prompt lets through when sent bare; any other text there is a password. */
    private static final Pattern BARE_COMMAND = Pattern.compile("/(cancel|admin)(@trainingbot_test_bot)?");
    /** The tag played free text carries, so that its broadcast copies are told from answers. */
    static final Pattern TAG = Pattern.compile("#m\\d+");

    private static final String STALL = "no chat stalls";
    private static final String DEAD_LETTER = "no update is dead-lettered";

    /** What became of an update, from its audit row. */
    record Finished(String type, String outcome, String handler, String admin) {
        boolean refusedByGuard() {
            return outcome.equals("throttled") || outcome.equals("banned");
        }
    }

    /** An input the user made: its update, and what the test knew when making it. */
    private record Input(long updateId, String description, String queryId, boolean passwordAttempt, String text) {}

    private final ModelWorld world;
    private final TelegramUser user;
    private final List<String> log = new ArrayList<>();
    private final Map<String, String> broken = new LinkedHashMap<>();
    private final List<String> handled = new ArrayList<>();
    private boolean blocked;
    private boolean everLoggedIn;
    /** Wrong passwords the bot checked since the last successful login. */
    private int wrongPasswords;

    ModelUser(ModelWorld world, TelegramUser user) {
        this.world = world;
        this.user = user;
    }

    /** Plays {@code script}; the properties it broke, each with what led there the first time. */
    List<String> play(List<UserAction> script) {
        try {
            for (UserAction action : script) {
                play(action, false);
            }
        } catch (Stalled stalled) {
            // Recorded already; nothing more can be learnt from this chat.
        }
        return List.copyOf(broken.values());
    }

    /** The handler and outcome of every update played so far, in order. */
    List<String> handled() {
        return List.copyOf(handled);
    }

    /** Records the first breach of {@code property}; a stalled or dead-lettered update also ends the script. */
    private void broke(String property, String what) {
        broken.putIfAbsent(property, user + " broke \"" + property + "\": " + what + "\n" + report());
        if (property.equals(STALL) || property.equals(DEAD_LETTER)) {
            throw new Stalled();
        }
    }

    private void play(UserAction action, boolean blockAfter) {
        if (blocked && !(action instanceof UserAction.Unblock) && !(action instanceof UserAction.Brownout)) {
            // Writing to a bot one blocked unblocks it first (Telegram's "Restart").
            step(() -> List.of(unblock()));
        }
        switch (action) {
            case UserAction.Write write -> step(blockAfter, () -> write(write.text()));
            case UserAction.TypePassword typed -> step(blockAfter, () -> write(world.password(typed.password())));
            case UserAction.LogIn logIn -> {
                step(false, () -> write("/admin"));
                step(blockAfter, () -> write(world.password(UserAction.Password.RIGHT)));
            }
            case UserAction.FindLearner find -> {
                step(false, () -> write("/admin"));
                step(false, () -> write(world.password(UserAction.Password.RIGHT)));
                ChatButtons.withAction(user, "admuf")
                        .ifPresent(pressed -> step(false, () -> press(pressed.messageId(), pressed.data())));
                step(blockAfter, () -> write(find.query()));
            }
            case UserAction.Press press ->
                ChatButtons.pressable(user, press)
                        .ifPresent(pressed -> step(blockAfter, () -> press(pressed.messageId(), pressed.data())));
            case UserAction.PressAction pressAction ->
                ChatButtons.withAction(user, pressAction.action())
                        .ifPresent(pressed -> step(blockAfter, () -> press(pressed.messageId(), pressed.data())));
            case UserAction.PressTwice twice ->
                ChatButtons.pressable(user, new UserAction.Press(0, twice.button(), false))
                        .ifPresent(pressed -> step(() -> List.of(
                                press(pressed.messageId(), pressed.data()),
                                press(pressed.messageId(), pressed.data()))));
            case UserAction.PressForged forged -> {
                int under = latestMessageId();
                step(blockAfter, () -> press(under, forged.data().data));
            }
            case UserAction.Expire expire -> expire(expire.what());
            case UserAction.Block block -> {
                if (!blocked) {
                    step(() -> List.of(block()));
                }
            }
            case UserAction.Unblock unblock -> {
                if (blocked) {
                    step(() -> List.of(unblock()));
                }
            }
            case UserAction.ActThenBlock act -> play(act.action(), true);
            case UserAction.Brownout brownout -> {
                log.add("Telegram " + (brownout.answerLost() ? "loses the answers of" : "fails") + " the next "
                        + brownout.method() + " calls");
                if (brownout.answerLost()) {
                    world.fleet().telegram.loseAnswersOfNext(brownout.method(), 2);
                } else {
                    world.fleet().telegram.failNext(brownout.method(), 5, 502);
                }
            }
        }
    }

    /** One input, and when {@code blockAfter} a block right behind it. */
    private void step(boolean blockAfter, Supplier<Input> input) {
        step(() -> {
            List<Input> inputs = new ArrayList<>();
            inputs.add(input.get());
            if (blockAfter && !blocked) {
                inputs.add(block());
            }
            return inputs;
        });
    }

    /** Makes the inputs, waits for every one's update, then checks the properties. */
    private void step(Supplier<List<Input>> deliver) {
        long started = System.nanoTime();
        int transcriptFrom = user.transcript().size();
        List<Input> inputs = deliver.get();
        inputs.forEach(input -> log.add(input.description() + " (update " + input.updateId() + ")"));
        List<Finished> finished = new ArrayList<>();
        for (Input input : inputs) {
            Optional<Finished> ended = world.awaitFinished(input.updateId());
            if (ended.isEmpty()) {
                broke(
                        STALL,
                        "update " + input.updateId() + " (" + input.description() + ") did not finish within "
                                + world.stallBound().toSeconds() + " s");
            }
            Finished end = ended.orElseThrow();
            handled.add(end.handler() + " " + end.outcome());
            log.add("  → update " + input.updateId() + ": " + end.outcome() + " by " + end.handler()
                    + (end.admin() == null ? "" : " (" + end.admin() + ")"));
            if (end.type().equals("update.dead_lettered")) {
                broke(DEAD_LETTER, "update " + input.updateId() + " (" + input.description() + ")");
            }
            finished.add(end);
        }
        List<TranscriptEvent> events = user.transcript();
        events = events.subList(Math.min(transcriptFrom, events.size()), events.size());
        boolean faulted = world.fleet().telegram.requestLog().stream()
                .anyMatch(call -> call.status() >= 500 && call.endNanos() >= started);
        for (int i = 0; i < inputs.size(); i++) {
            checkAnswered(inputs.get(i), finished.get(i), events);
            countPassword(inputs.get(i), finished.get(i));
        }
        if (inputs.size() == 1 && !faulted) {
            checkNoDuplicate(events);
        }
        checkStoredConversation();
        checkBlockedAt();
    }

    private Input write(String text) {
        String played = text;
        for (String free : UserAction.FREE_TEXT) {
            if (free.equals(text)) {
                played = text.length() > 4000 ? text.substring(0, 4000) + " " + world.tag() : text + " " + world.tag();
            }
        }
        boolean atPrompt = storedState() == ConversationState.AWAITING_ADMIN_PASSWORD;
        boolean attempt = atPrompt && !BARE_COMMAND.matcher(played).matches();
        long update = user.send(played);
        String shown = world.isPassword(played) ? "<the password>" : abbreviate(played);
        return new Input(update, "wrote " + shown + (attempt ? " at the password prompt" : ""), null, attempt, played);
    }

    private Input press(int messageId, String data) {
        long update = user.pressCallbackData(messageId, data);
        String queryId = user.transcript().stream()
                .filter(e -> e instanceof TranscriptEvent.UserPressed pressed && pressed.updateId() == update)
                .map(e -> ((TranscriptEvent.UserPressed) e).callbackQueryId())
                .findFirst()
                .orElseThrow();
        return new Input(
                update,
                "pressed " + (data == null ? "<no data>" : "[" + abbreviate(data.replace("\u0000", "\\0")) + "]")
                        + " on #" + messageId,
                queryId,
                false,
                null);
    }

    private Input block() {
        blocked = true;
        return new Input(user.blockBot(), "blocked the bot", null, false, null);
    }

    private Input unblock() {
        blocked = false;
        return new Input(user.unblockBot(), "unblocked the bot", null, false, null);
    }

    private void expire(UserAction.Expiring what) {
        switch (what) {
            case ADMIN_SESSION -> world.throttle().del(UpdateGuard.adminSessionKey(user.id()));
            case CONVERSATION -> world.fsm().del(ConversationStore.key(user.chatId(), user.id()));
        }
        log.add("time passes: " + what.name().toLowerCase().replace('_', ' ') + " expired");
    }

    private int latestMessageId() {
        List<BotMessage> messages = user.messages();
        if (messages.isEmpty()) {
            // Nothing to press under yet: a forged press is made on the bot's first answer to a /start.
            step(false, () -> write("/start"));
            messages = user.messages();
        }
        return messages.getLast().messageId();
    }

    /** A pressed button is answered exactly once, or at most once when the guard refused the update. */
    private void checkAnswered(Input input, Finished finished, List<TranscriptEvent> events) {
        if (input.queryId() == null) {
            return;
        }
        long answers = events.stream()
                .filter(e -> e instanceof TranscriptEvent.CallbackAnswered answered
                        && answered.callbackQueryId().equals(input.queryId()))
                .count();
        if (answers > 1 || (answers == 0 && !finished.refusedByGuard())) {
            broke("a pressed button is answered once", input.description() + " was answered " + answers + " times");
        }
    }

    /** No message the bot sent for one update is sent twice (broadcast copies aside). */
    private void checkNoDuplicate(List<TranscriptEvent> events) {
        Set<String> seen = new HashSet<>();
        for (TranscriptEvent event : events) {
            if (event instanceof TranscriptEvent.Sent sent
                    && (sent.message().text() == null
                            || !TAG.matcher(sent.message().text()).find())) {
                String key = sent.message().text() + sent.message().buttonTexts();
                if (!seen.add(key)) {
                    broke(
                            "an update is answered at most once",
                            "the bot sent twice: " + abbreviate(sent.message().text()));
                }
            }
        }
    }

    /** Counts the wrong passwords the bot checked, and holds a lockout against them. */
    private void countPassword(Input input, Finished finished) {
        String admin = finished.admin() == null ? "" : finished.admin();
        if (input.passwordAttempt() && !finished.refusedByGuard()) {
            if (admin.equals("login_accepted")) {
                wrongPasswords = 0;
                everLoggedIn = true;
            } else if (!admin.equals("login_busy") && !world.isRightPassword(input.text())) {
                wrongPasswords++;
            }
        }
        if ((admin.equals("login_locked") || admin.equals("locked")) && wrongPasswords < world.maxFailures()) {
            broke(
                    "only ADMIN_MAX_FAILURES wrong passwords lock the login",
                    "locked after " + wrongPasswords + " wrong passwords, fewer than " + world.maxFailures());
        }
    }

    private void checkStoredConversation() {
        String key = ConversationStore.key(user.chatId(), user.id());
        Map<String, String> hash = world.fsm().hgetall(key);
        Long ttl = world.fsm().ttl(key);
        StoredConversation.problem(hash, ttl == null ? -2 : ttl, world, everLoggedIn)
                .ifPresent(problem -> broke("the stored conversation is legal", hash + ": " + problem));
    }

    private void checkBlockedAt() {
        boolean recorded =
                world.db().count("SELECT count(*) FROM users WHERE id = ? AND blocked_at IS NOT NULL", user.id()) > 0;
        if (blocked != recorded) {
            broke(
                    "users.blocked_at follows blocking",
                    "it is " + (recorded ? "set" : "not set") + " though the user "
                            + (blocked ? "blocked" : "unblocked") + " the bot");
        }
    }

    private ConversationState storedState() {
        String state = world.fsm().hget(ConversationStore.key(user.chatId(), user.id()), "state");
        try {
            return state == null ? ConversationState.IDLE : ConversationState.valueOf(state);
        } catch (IllegalArgumentException e) {
            return ConversationState.IDLE;
        }
    }

    private String report() {
        StringBuilder text = new StringBuilder("  what the user did:\n");
        log.forEach(line -> text.append("    ").append(line).append('\n'));
        text.append("  the chat:\n").append(TelegramUser.describe(user.transcript()));
        return text.toString().replace(world.rightPassword(), "<the password>");
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }

    /** A stalled or dead-lettered update: ends the script. */
    private static final class Stalled extends RuntimeException {
        Stalled() {
            super(null, null, false, false);
        }
    }
}
