package dev.trainingbot.worker.course.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseLoaderTest {

    static final Path SAMPLE = Path.of("../content/course.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedCourseLoadsInBothLanguages() {
        Course course = CourseLoader.load(SAMPLE);

        assertThat(course.sections()).hasSizeGreaterThanOrEqualTo(4);
        Course.Section first = course.sections().getFirst();
        assertThat(first.title().in("en")).isEqualTo("General info");
        assertThat(first.command()).contains("general_info");
        assertThat(course.commands()).containsKey("general_info");
        for (Course.Section section : course.sections()) {
            assertThat(section.lessons()).isNotEmpty();
            assertThat(section.quiz().questions()).isNotEmpty();
            assertThat(section.title().in("ru")).isNotBlank();
        }
        assertThat(course.sections().stream().flatMap(s -> s.quiz().questions().stream()))
                .anyMatch(Course.Question::multiple);
        assertThat(course.sections().stream().flatMap(s -> s.lessons().stream()))
                .anyMatch(lesson -> lesson.media().isPresent());
    }

    @Test
    void aQuestionWithoutARightAnswerNamesFilePlaceAndProblem() throws IOException {
        Path file = write(course(question("correct: []")));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("sections[0].quiz.questions[0].correct")
                .hasMessageContaining("at least one right answer");
    }

    @Test
    void aRightAnswerThatIsNoOptionIsAnUnknownReference() throws IOException {
        Path file = write(course(question("correct: 7")));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining(
                        "sections[0].quiz.questions[0].correct: 7 is not the index of one of its 2 options");
    }

    @Test
    void aFileThatDoesNotExistIsAnUnknownReference() throws IOException {
        Path file = write(
                course(question("correct: 0"))
                        .replace(
                                "        text: {en: Hello, ru: Привет}\n",
                                "        text: {en: Hello, ru: Привет}\n        file: {path: missing.pdf, caption: {en: A, ru: Б}}\n"));
        assertThat(Files.readString(file)).contains("missing.pdf");

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining("sections[0].lessons[0].file.path: no such file")
                .hasMessageContaining("missing.pdf");
    }

    @Test
    void duplicateIdsAreNamedWithBothPlaces() throws IOException {
        String twice = course(question("correct: 0"));
        String sections = twice.substring(twice.indexOf("  - id: intro"));
        Path file = write(twice + sections);

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining("sections[1].id: duplicate section id 'intro' (also at sections[0].id)")
                .hasMessageContaining("sections[1].command: duplicate command 'intro'");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path file = write(course(question("correct: [0, 1]"))
                .replace("ru: Привет}", "ru: ''}")
                .replace("en: Hello", "en: <b>Hello"));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining("3 problems")
                .hasMessageContaining("sections[0].lessons[0].text.ru: missing or empty")
                .hasMessageContaining("sections[0].lessons[0].text.en: <b> is never closed")
                .hasMessageContaining("single-choice question has one right answer");
    }

    @Test
    void htmlTelegramWouldRefuseIsAStartUpError() throws IOException {
        Path file = write(course(question("correct: 0")).replace("Hello", "1 < 2 <script>"));

        assertThatThrownBy(() -> CourseLoader.load(file)).hasMessageContaining("sections[0].lessons[0].text.en");
    }

    @Test
    void aCourseInPartTranslatedFallsBackTextByTextToItsLanguage() throws IOException {
        Path file = write(course(question("correct: 0"))
                .replace("title: {en: Course, ru: Курс}", "language: ru\ntitle: {ru: Курс}")
                .replace("title: {en: Hi, ru: Приветствие}", "title: Приветствие")
                .replace("text: {en: 'Ready?', ru: 'Готовы?'}", "text: {ru: 'Готовы?'}"));

        Course course = CourseLoader.load(file);

        Course.Lesson lesson = course.sections().getFirst().lessons().getFirst();
        assertThat(lesson.text().in("en")).isEqualTo("Hello");
        assertThat(lesson.text().in("ru")).isEqualTo("Привет");
        assertThat(lesson.title().in("en")).isEqualTo("Приветствие");
        assertThat(course.title().in(java.util.Locale.ENGLISH)).isEqualTo("Курс");
        Course.Question question =
                course.sections().getFirst().quiz().questions().getFirst();
        assertThat(question.text().in("en")).isEqualTo("Готовы?");
        assertThat(question.options().getFirst().in("en")).isEqualTo("Yes");
    }

    @Test
    void aTextMissingInTheCoursesLanguageNamesTheLessonAndTheFile() throws IOException {
        Path file =
                write(course(question("correct: 0")).replace("text: {en: Hello, ru: Привет}", "text: {ru: Привет}"));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("sections[0].lessons[0].text: no text in en, the course's language")
                .hasMessageContaining("lesson 'hello' of section 'intro'");
    }

    @Test
    void aTextInALanguageTheBotDoesNotSpeakIsAProblem() throws IOException {
        Path file = write(course(question("correct: 0"))
                .replace("title: {en: Intro, ru: Введение}", "title: {en: Intro, fr: Intro}"));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining("sections[0].title.fr: the bot does not speak 'fr'")
                .hasMessageContaining("i18n/messages_fr.properties");
    }

    @Test
    void aCourseLanguageTheBotDoesNotSpeakIsAProblem() throws IOException {
        Path file = write("language: fr\n" + course(question("correct: 0")));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining("language: 'fr' is not a language the bot speaks");
    }

    @Test
    void aFileThatIsNotYamlSaysSo() throws IOException {
        Path file = write("title: [unclosed");

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("cannot be read as YAML");
    }

    @Test
    void aQuizPassesAtTheCoursesPassMarkUnlessItNamesItsOwn() throws IOException {
        String course =
                course(question("correct: 0")).replace("title: {en: Course", "pass_mark: 50\ntitle: {en: Course");

        assertThat(CourseLoader.load(SAMPLE).sections().getFirst().quiz().passPercent())
                .isEqualTo(80);
        assertThat(CourseLoader.load(write(course)).sections().getFirst().quiz().passPercent())
                .isEqualTo(50);
        assertThat(CourseLoader.load(write(course.replace("quiz:\n", "quiz:\n      pass_mark: 100\n")))
                        .sections()
                        .getFirst()
                        .quiz()
                        .passScore())
                .isEqualTo(1);
    }

    @Test
    void aPassMarkIsAWholePercentage() throws IOException {
        Path file = write(course(question("correct: 0")).replace("quiz:\n", "quiz:\n      pass_mark: 0.8\n"));

        assertThatThrownBy(() -> CourseLoader.load(file))
                .hasMessageContaining("sections[0].quiz.pass_mark: a pass mark is a whole percentage from 1 to 100");
    }

    @Test
    void thePassScoreIsThePassMarkOfTheQuestionsRoundedUp() {
        Course.Question question = CourseLoader.load(SAMPLE)
                .sections()
                .getFirst()
                .quiz()
                .questions()
                .getFirst();
        assertThat(new Course.Quiz(java.util.Collections.nCopies(5, question), 80).passScore())
                .isEqualTo(4);
        assertThat(new Course.Quiz(java.util.Collections.nCopies(3, question), 80).passScore())
                .isEqualTo(3);
        assertThat(new Course.Quiz(java.util.Collections.nCopies(3, question), 1).passScore())
                .isEqualTo(1);
        assertThat(new Course.Quiz(java.util.Collections.nCopies(4, question), 50).passScore())
                .isEqualTo(2);
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("course.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String question(String correct) {
        return """
                        - id: q1
                          text: {en: 'Ready?', ru: 'Готовы?'}
                          options:
                            - {en: 'Yes', ru: Да}
                            - {en: 'No', ru: Нет}
                          %s
                          explanation: {en: Good., ru: Хорошо.}
                """.formatted(correct);
    }

    private static String course(String question) {
        return """
                title: {en: Course, ru: Курс}
                sections:
                  - id: intro
                    command: intro
                    title: {en: Intro, ru: Введение}
                    lessons:
                      - id: hello
                        title: {en: Hi, ru: Приветствие}
                        text: {en: Hello, ru: Привет}
                    quiz:
                      questions:
                """ + question;
    }
}
