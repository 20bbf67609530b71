package dev.trainingbot.worker.course.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.course.content.TelegramHtml.Problem;
import dev.trainingbot.worker.course.content.TelegramHtml.Problem.Kind;
import dev.trainingbot.worker.i18n.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TelegramHtmlTest {

    private final Messages messages = new Messages("en");

    @Test
    void textTelegramAcceptsHasNoProblem() {
        assertThat(TelegramHtml.problem("<b>Bold</b> &amp; <a href=\"https://x.org\">a link</a> &lt;3"))
                .isEmpty();
    }

    @Test
    void eachProblemNamesWhatAndWhere() {
        assertThat(TelegramHtml.problem("1 < 2")).hasValue(new Problem(Kind.UNESCAPED_LT, "2"));
        assertThat(TelegramHtml.problem("<blink>x</blink>")).hasValue(new Problem(Kind.UNSUPPORTED_TAG, "blink"));
        assertThat(TelegramHtml.problem("x</b>")).hasValue(new Problem(Kind.UNOPENED_CLOSE, "b"));
        assertThat(TelegramHtml.problem("2 > 1")).hasValue(new Problem(Kind.UNESCAPED_GT, "2"));
        assertThat(TelegramHtml.problem("R&D")).hasValue(new Problem(Kind.UNESCAPED_AMP, "1"));
        assertThat(TelegramHtml.problem("<i>open")).hasValue(new Problem(Kind.UNCLOSED, "i"));
    }

    @Test
    void aMessageLongerThanTheLimitIsAProblemCountingVisibleCharactersOnly() {
        assertThat(TelegramHtml.problem("<b>" + "x".repeat(10) + "</b>", 10)).isEmpty();
        assertThat(TelegramHtml.problem("x".repeat(11), 10)).hasValue(new Problem(Kind.TOO_LONG, "10"));
    }

    @Test
    void operatorsReadTheProblemInEnglish() {
        assertThat(new Problem(Kind.UNESCAPED_AMP, "7").describe())
                .isEqualTo("unescaped '&' at character 7 (write &amp;)");
    }

    @Test
    void usersReadEveryKindOfProblemInTheirLanguage() {
        for (Kind kind : Kind.values()) {
            Problem problem = new Problem(kind, "b");
            assertThat(messages.text(Locale.ENGLISH, problem.messageKey(), "b")).contains("b");
            assertThat(messages.text(Locale.forLanguageTag("ru"), problem.messageKey(), "b"))
                    .contains("b");
            // The texts go out in Telegram HTML themselves.
            assertThat(TelegramHtml.problem(messages.text(Locale.ENGLISH, problem.messageKey(), "b")))
                    .isEmpty();
        }
        assertThat(messages.text(Locale.forLanguageTag("ru"), "html.problem.too_long", "4096"))
                .isEqualTo("оно длиннее 4096 символов");
    }
}
