package dev.trainingbot.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.ui.Screen;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The worker's self-warm-up before it takes updates: for at most {@code WORKER_WARMUP_MS} (default 1000; 0: none) it
 * runs the CPU-bound part of the hot path on made-up data — parsing a message and a button press into
 * {@link Update}s with the consumer's reader, rendering every screen of the current course in every language, and
 * writing the Bot API methods that carry them as JSON — so that the JIT has compiled those paths before the first
 * user's update pays for it. It touches no server: nothing is read, written or sent, and a failure here is logged and
 * never stops the worker. The I/O clients (Kafka, Redis, PostgreSQL, HTTP) warm on the first real traffic.
 */
final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private static final byte[] MESSAGE = """
            {"update_id":1,"message":{"message_id":10,"date":1700000000,"text":"/start","entities":[{"type":\
            "bot_command","offset":0,"length":6}],"chat":{"id":7,"type":"private","first_name":"Warm"},"from":\
            {"id":7,"is_bot":false,"first_name":"Warm","language_code":"en"}}}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PRESS = """
            {"update_id":2,"callback_query":{"id":"1","chat_instance":"1","data":"s:intro","from":{"id":7,\
            "is_bot":false,"first_name":"Warm","language_code":"en"},"message":{"message_id":11,"date":\
            1700000000,"text":"menu","chat":{"id":7,"type":"private","first_name":"Warm"},"from":{"id":1,\
            "is_bot":true,"first_name":"Bot"}}}}""".getBytes(StandardCharsets.UTF_8);

    private WarmUp() {}

    /** Runs rounds until {@code budget} is spent, at least one (the first loads the classes); returns how many. */
    static long run(Duration budget, ObjectMapper json, Screens screens, Course course, Languages languages) {
        if (budget.isZero()) {
            return 0;
        }
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        ObjectReader updates = json.readerFor(Update.class);
        List<Locale> locales =
                languages.codes().stream().map(Locale::forLanguageTag).toList();
        long rounds = 0;
        long bytes = 0;
        try {
            do {
                Update message = updates.readValue(MESSAGE);
                Update press = updates.readValue(PRESS);
                for (Locale locale : locales) {
                    bytes += write(json, screens.mainMenu(locale), message, press);
                    for (Course.Section section : course.sections()) {
                        for (Course.Lesson lesson : section.lessons()) {
                            bytes += write(json, screens.lesson(locale, section, lesson), message, press);
                        }
                        for (int q = 0; q < section.quiz().questions().size(); q++) {
                            bytes += write(json, screens.question(locale, section, q, Set.of()), message, press);
                        }
                    }
                }
                rounds++;
            } while (System.nanoTime() < deadline);
            log.info(
                    "warmed up: {} rounds of parsing, rendering and writing in {} ms ({} KB written)",
                    rounds,
                    (System.nanoTime() - started) / 1_000_000,
                    bytes / 1024);
        } catch (Exception | LinkageError e) {
            log.warn("warm-up stopped after {} rounds: {}", rounds, e.toString());
        }
        return rounds;
    }

    /** The screen as the two methods that show it — a new message, or the pressed message edited — and the answer. */
    private static long write(ObjectMapper json, Screen screen, Update message, Update press) throws Exception {
        long chat = message.getMessage().getChatId();
        byte[] sent = json.writeValueAsBytes(SendMessage.builder()
                .chatId(chat)
                .text(screen.text())
                .parseMode("HTML")
                .replyMarkup(screen.keyboard())
                .build());
        byte[] edited = json.writeValueAsBytes(EditMessageText.builder()
                .chatId(chat)
                .messageId(press.getCallbackQuery().getMessage().getMessageId())
                .text(screen.text())
                .parseMode("HTML")
                .replyMarkup(screen.keyboard())
                .build());
        byte[] answered = json.writeValueAsBytes(AnswerCallbackQuery.builder()
                .callbackQueryId(press.getCallbackQuery().getId())
                .build());
        return sent.length + edited.length + answered.length;
    }
}
