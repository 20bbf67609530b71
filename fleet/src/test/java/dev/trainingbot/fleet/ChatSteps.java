package dev.trainingbot.fleet;

import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;

/** What a person does in a chat with the bot, at a person's pace, for tests that walk through screens. */
final class ChatSteps {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PACE = Duration.ofMillis(1_100);

    private ChatSteps() {}

    /** Presses a button and waits for the screen it leads to (the same message, edited). */
    static BotMessage press(TelegramUser user, BotMessage screen, String button) {
        int answered = user.callbackAnswers().size();
        user.press(screen, button);
        user.awaitCallbackAnswers(answered + 1, WAIT);
        await().atMost(WAIT).until(() -> !user.lastMessage().equals(screen));
        return user.lastMessage();
    }

    /**
     * A person's pause between two inputs: the throttle's bucket (burst 5, a token a second by default) refills, as it
     * does for anyone reading the bot's answers.
     */
    static void pause() {
        await().pollDelay(PACE).atMost(PACE.plusSeconds(1)).until(() -> true);
    }

    /** A text as the user sees it: without its HTML tags. */
    static String plain(String html) {
        return html.replaceAll("<[^>]+>", "");
    }
}
