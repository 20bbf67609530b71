package dev.trainingbot.worker.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private final Messages messages = new Messages("en");

    @Test
    void theUsersTelegramLanguageIsUsedWhenTheBotSpeaksIt() {
        assertThat(messages.localeFor("ru").getLanguage()).isEqualTo("ru");
        assertThat(messages.localeFor("en-US").getLanguage()).isEqualTo("en");
    }

    @Test
    void otherLanguagesGetTheConfiguredDefault() {
        assertThat(messages.localeFor("de").getLanguage()).isEqualTo("en");
        assertThat(messages.localeFor(null).getLanguage()).isEqualTo("en");
        assertThat(new Messages("ru").localeFor("uk").getLanguage()).isEqualTo("ru");
    }

    @Test
    void textsAreFilledInTheUsersLanguage() {
        assertThat(messages.text(Locale.forLanguageTag("ru"), "guard.banned", 5))
                .contains("5 мин");
        assertThat(messages.text(Locale.ENGLISH, "guard.banned", 5)).contains("5 minutes");
    }

    @Test
    void bothLanguagesHaveEveryMessage() throws IOException {
        assertThat(load("ru").stringPropertyNames()).isEqualTo(load("en").stringPropertyNames());
    }

    @Test
    void aMissingMessageIsAnErrorNotASilentFallback() {
        assertThatThrownBy(() -> messages.text(Locale.ENGLISH, "no.such.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.key");
    }

    private static Properties load(String language) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/i18n/messages_" + language + ".properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
