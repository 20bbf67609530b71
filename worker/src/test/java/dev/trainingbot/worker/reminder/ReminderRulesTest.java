package dev.trainingbot.worker.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.worker.course.content.ContentException;
import dev.trainingbot.worker.i18n.Languages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReminderRulesTest {

    private static final Languages LANGUAGES = Languages.discover(ReminderRulesTest.class.getClassLoader(), "en");

    @TempDir
    Path folder;

    @Test
    void theSampleCourseHasAnInactivityAndADeadlineRule() {
        List<ReminderRule> rules = ReminderRules.load(Path.of("../content/course.yaml"), LANGUAGES);

        assertThat(rules).extracting(ReminderRule::id).containsExactly("inactive_2d", "inactive_7d", "deadline_3d");
        assertThat(rules.getFirst())
                .isEqualTo(new ReminderRule.AfterInactivity(
                        "inactive_2d", Duration.ofDays(2), rules.getFirst().text()));
        assertThat(rules.getLast()).isInstanceOf(ReminderRule.BeforeDeadline.class);
    }

    @Test
    void aFileWithoutRulesSendsNoReminders() throws IOException {
        assertThat(ReminderRules.load(file("title: {en: a, ru: b}\nsections: []\n"), LANGUAGES))
                .isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() throws IOException {
        Path file = file("""
                reminders:
                  - id: Nudge
                    after_inactive_days: 0
                    text: {en: "Hi {name}", ru: "<b>open"}
                  - id: twice
                    after_inactive_days: 1
                    before_deadline_days: 1
                    text: {ru: a}
                  - id: twice
                    before_deadline_days: 2.5
                    text: {en: a, ru: b, xx: c}
                """);

        assertThatThrownBy(() -> ReminderRules.load(file, LANGUAGES))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("reminders[0].id: must be 1-20 of a-z 0-9 _")
                .hasMessageContaining("reminders[0].after_inactive_days: must be a whole number of days from 1 to 365")
                .hasMessageContaining("reminders[0].text.en: unknown placeholder {name}")
                .hasMessageContaining("reminders[0].text.ru: ")
                .hasMessageContaining("reminders[1]: needs exactly one of after_inactive_days and before_deadline_days")
                .hasMessageContaining("reminders[1].text.en: missing or empty (the course's language)")
                .hasMessageContaining("reminders[2].text.xx: 'xx' is not a language the bot speaks")
                .hasMessageContaining("reminders[2].id: 'twice' is used by another rule")
                .hasMessageContaining("reminders[2].before_deadline_days: must be a whole number");
    }

    private Path file(String yaml) throws IOException {
        Path file = folder.resolve("course.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
