package dev.trainingbot.fleet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * One thing a user of the bot can do, as {@link ConversationModelIT} generates it: write, press a button — of any
 * message the bot ever sent them, as it looks now or as it looked before an edit — press a button of forged data,
 * log in, let time pass, block and unblock the bot; and, for the whole fleet, a Telegram that fails for a moment.
 * Presses name their message and button by position, or the button by its action, resolved against what the chat
 * holds when they are played.
 */
sealed interface UserAction {

    /** A text message; commands start with '/'. {@link #FREE_TEXT}s get a unique tag when played. */
    record Write(String text) implements UserAction {}

    /** One of the passwords: the right one, a wrong one, one longer than bcrypt's 72 bytes, or one like a command. */
    record TypePassword(Password password) implements UserAction {}

    /** {@code /admin}, then the right password. */
    record LogIn() implements UserAction {}

    /** Logs in, presses the menu's "Find a learner" and sends {@code query}: an admin looking for someone. */
    record FindLearner(String query) implements UserAction {}

    /**
     * Presses a button of the {@code fromLatest}-th latest bot message that has one; {@code earlierVersion} picks
     * among every button the message ever carried (a client that did not see an edit), else among its current ones.
     */
    record Press(int fromLatest, int button, boolean earlierVersion) implements UserAction {}

    /**
     * Presses the latest button, of any message and any version of it, whose callback action is {@code action}
     * ({@code quiz}, {@code admb}, …): a user going back to a button seen before, however long ago.
     */
    record PressAction(String action) implements UserAction {}

    /** Presses the same current button twice before the bot answers (an impatient user). */
    record PressTwice(int button) implements UserAction {}

    /** A callback query whose data no button of the bot carries. */
    record PressForged(Forged data) implements UserAction {}

    /** Time passes: the admin session ends (its TTL), or the stored conversation expires (its TTL). */
    record Expire(Expiring what) implements UserAction {}

    /** Blocks the bot; the next action (other than unblocking) unblocks it first, as Telegram's "Restart" does. */
    record Block() implements UserAction {}

    record Unblock() implements UserAction {}

    /** Does {@code action}, then blocks the bot before its answer can arrive. */
    record ActThenBlock(UserAction action) implements UserAction {}

    /** Telegram fails the next calls of {@code method}: refused with 502, or done and their answer lost. */
    record Brownout(String method, boolean answerLost) implements UserAction {}

    enum Password {
        RIGHT,
        WRONG,
        TOO_LONG,
        LIKE_A_COMMAND
    }

    enum Expiring {
        ADMIN_SESSION,
        CONVERSATION
    }

    /** Callback data no button carries: missing, empty, NUL-bearing, 64 bytes, of another version, or made up. */
    enum Forged {
        MISSING(null),
        EMPTY(""),
        NUL_IN_ARGUMENT("1:sec:\u0000"),
        NUL_AS_ACTION("1:\u0000"),
        BYTES_64("1:les:general_info:" + "x".repeat(45)),
        BYTES_64_CYRILLIC("1:sec:" + "я".repeat(29)),
        EMPTY_PART("1:sec:"),
        OTHER_VERSION("0:menu"),
        UNKNOWN_ACTION("1:nope:x"),
        BAD_ARGUMENTS("1:ans:general_info:zzz:9"),
        ADMIN_CONFIRM("1:admbc"),
        ADMIN_EXPORT("1:admx"),
        LEARNER_OF_NO_NUMBER("1:admu:someone"),
        LEARNER_RESET_UNASKED("1:admuy:1000001:*:zz"),
        LEARNER_MESSAGE_UNPREVIEWED("1:admumc:1000001"),
        LANGUAGE_GONE("1:lang:xx"),
        COHORT_SWITCH_UNKNOWN("1:cohy:noSuchCohortCode"),
        COHORT_SWITCH_MALFORMED("1:cohy:bad$code"),
        COHORT_REVOKE_OF_NO_NUMBER("1:admir:someone"),
        JUNK("garbage");

        final String data;

        Forged(String data) {
            this.data = data;
        }
    }

    String[] COMMANDS = {
        "/start",
        "/start from-a-link",
        "/start " + "A".repeat(65),
        "/start@trainingbot_test_bot",
        "/help",
        "/progress",
        "/language",
        "/cancel",
        "/admin",
        "/logout",
        "/general_info",
        "/tools",
        "/no_such_command",
        "/"
    };

    String[] FREE_TEXT = {
        "hello",
        "Привет 👋",
        "<b>Office party</b> on Friday",
        "<blink>broken</blink>",
        "fish & chips",
        "x".repeat(4000),
        // While an admin finds a learner: every model user, one of them by id, and nobody.
        "model",
        "1000001",
        "@nobody"
    };

    String[] ACTIONS = {
        "menu",
        "sections",
        "sec",
        "les",
        "quiz",
        "ans",
        "sub",
        "next",
        "lang",
        "adm",
        "adms",
        "admq",
        "admb",
        "admbc",
        "admbx",
        "admuf",
        "admu",
        "admur",
        "admuy",
        "admum",
        "admumc",
        "admumx",
        "admi",
        "admic",
        "admir",
        "cohy",
        "cohn"
    };

    String[] BROWNOUT_METHODS = {"sendMessage", "answerCallbackQuery", "editMessageText", "deleteMessage"};

    /** Any action, weighted roughly as people use the bot: mostly presses and commands. */
    static Arbitrary<UserAction> any() {
        Arbitrary<UserAction> simple = simple();
        return Arbitraries.frequencyOf(
                Tuple.of(90, simple),
                Tuple.of(3, simple.filter(a -> !(a instanceof Block)).map(ActThenBlock::new)),
                Tuple.of(
                        3,
                        Combinators.combine(Arbitraries.of(BROWNOUT_METHODS), Arbitraries.of(true, false))
                                .as(Brownout::new)));
    }

    private static Arbitrary<UserAction> simple() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        24,
                        Combinators.combine(
                                        Arbitraries.integers()
                                                .between(0, 6)
                                                .withDistribution(RandomDistribution.biased()),
                                        Arbitraries.integers().between(0, 7),
                                        Arbitraries.of(false, false, false, true))
                                .as(Press::new)),
                Tuple.of(18, Arbitraries.of(ACTIONS).map(PressAction::new)),
                Tuple.of(3, Arbitraries.integers().between(0, 7).map(PressTwice::new)),
                Tuple.of(16, Arbitraries.of(COMMANDS).map(Write::new)),
                Tuple.of(4, Arbitraries.just(new Write("/admin"))),
                Tuple.of(9, Arbitraries.of(FREE_TEXT).map(Write::new)),
                Tuple.of(8, Arbitraries.of(Password.class).map(TypePassword::new)),
                Tuple.of(6, Arbitraries.just(new LogIn())),
                Tuple.of(
                        4,
                        Arbitraries.of("model", "Model1", "1000001", "@nobody").map(FindLearner::new)),
                Tuple.of(8, Arbitraries.of(Forged.class).map(PressForged::new)),
                Tuple.of(4, Arbitraries.of(Expiring.class).map(Expire::new)),
                Tuple.of(2, Arbitraries.just(new Block())),
                Tuple.of(2, Arbitraries.just(new Unblock())));
    }
}
