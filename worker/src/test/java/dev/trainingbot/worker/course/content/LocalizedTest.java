package dev.trainingbot.worker.course.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalizedTest {

    private final Localized title = new Localized(Map.of("en", "Security", "de", "Sicherheit"), "en");

    @Test
    void aLanguageWithItsOwnTextGetsIt() {
        assertThat(title.in("de")).isEqualTo("Sicherheit");
        assertThat(title.in(Locale.GERMAN)).isEqualTo("Sicherheit");
    }

    @Test
    void aLanguageWithoutItsOwnTextGetsTheCoursesLanguage() {
        assertThat(title.in("ru")).isEqualTo("Security");
        assertThat(title.in(Locale.forLanguageTag("uk"))).isEqualTo("Security");
    }

    @Test
    void aTextWithoutTheCoursesLanguageCannotBeMade() {
        assertThatThrownBy(() -> new Localized(Map.of("de", "Sicherheit"), "en"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("en");
    }
}
