package dev.trainingbot.worker.course;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Screen;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * Renders the course's screens in the user's language. Pure: no I/O, every input passed in. Callback data of the
 * buttons, whose actions {@link CourseNavigation} and {@link QuizFlow} own: {@code menu}, {@code sections},
 * {@code sec:<section>}, {@code les:<section>:<lesson>}, {@code file:<section>:<lesson>}, {@code quiz:<section>},
 * {@code ans:<section>:<question>:<option>}, {@code sub:<section>:<question>}, {@code next:<section>:<question>},
 * {@code progress}, {@code help}.
 */
public final class Screens {

    private final CourseCatalog course;
    private final Messages messages;

    public Screens(CourseCatalog course, Messages messages) {
        this.course = course;
        this.messages = messages;
    }

    public Screen greeting(Locale locale, String name) {
        return new Screen(messages.text(locale, "start.greeting", name), mainMenuKeyboard(locale));
    }

    public Screen mainMenu(Locale locale) {
        return new Screen(messages.text(locale, "menu.title"), mainMenuKeyboard(locale));
    }

    private org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup mainMenuKeyboard(
            Locale locale) {
        return Keyboard.create()
                .row(Keyboard.button(
                        messages.text(locale, "menu.sections"), CallbackData.of(CourseNavigation.SECTIONS)))
                .row(Keyboard.button(
                        messages.text(locale, "menu.progress"), CallbackData.of(CourseNavigation.PROGRESS)))
                .row(Keyboard.button(messages.text(locale, "menu.help"), CallbackData.of(CourseNavigation.HELP)))
                .build();
    }

    public Screen help(Locale locale) {
        return new Screen(messages.text(locale, "help.text"), backTo(locale, CourseNavigation.MENU, "nav.menu"));
    }

    /** The list of sections, a ✅ on those completed. */
    public Screen sections(Locale locale, List<SectionProgress> progress) {
        Keyboard keyboard = Keyboard.create();
        for (Course.Section section : course.current().sections()) {
            boolean done = progress.stream().anyMatch(p -> p.sectionId().equals(section.id()) && p.completed());
            String label = (done ? messages.text(locale, "progress.done_mark") + " " : "")
                    + section.title().in(locale);
            keyboard.row(Keyboard.button(label, CallbackData.of(CourseNavigation.SECTION, section.id())));
        }
        keyboard.row(Keyboard.button(messages.text(locale, "nav.menu"), CallbackData.of(CourseNavigation.MENU)));
        return new Screen(
                messages.text(
                        locale,
                        "sections.title",
                        Html.escape(course.current().title().in(locale))),
                keyboard.build());
    }

    /** A section: how far the user is, its lessons, its quiz. */
    public Screen section(Locale locale, Course.Section section, SectionProgress progress, boolean quizInProgress) {
        String quiz = progress.bestScore().isPresent()
                ? messages.text(
                        locale, "section.quiz_score", progress.bestScore().getAsInt(), progress.questions())
                : messages.text(locale, "section.quiz_none");
        String text = messages.text(
                locale,
                "section.text",
                Html.escape(section.title().in(locale)),
                progress.lessonsCompleted(),
                progress.lessonsTotal(),
                quiz);
        Keyboard keyboard = Keyboard.create();
        for (Course.Lesson lesson : section.lessons()) {
            keyboard.row(Keyboard.button(
                    lesson.title().in(locale), CallbackData.of(CourseNavigation.LESSON, section.id(), lesson.id())));
        }
        keyboard.row(Keyboard.button(
                messages.text(locale, quizInProgress ? "section.quiz_resume" : "section.quiz"),
                CallbackData.of(QuizFlow.START, section.id())));
        keyboard.row(
                Keyboard.button(messages.text(locale, "nav.sections"), CallbackData.of(CourseNavigation.SECTIONS)),
                Keyboard.button(messages.text(locale, "nav.menu"), CallbackData.of(CourseNavigation.MENU)));
        return new Screen(text, keyboard.build());
    }

    /** A lesson, with back / next (next leads to the quiz after the last lesson), links and its media. */
    public Screen lesson(Locale locale, Course.Section section, Course.Lesson lesson) {
        int index = section.indexOf(lesson);
        int count = section.lessons().size();
        String text = messages.text(
                        locale, "lesson.header", Html.escape(section.title().in(locale)), index + 1, count)
                + "\n\n" + lesson.text().in(locale).strip();
        Keyboard keyboard = Keyboard.create();
        for (Course.Link link : lesson.links()) {
            keyboard.row(Keyboard.link(link.title().in(locale), link.url()));
        }
        lesson.media()
                .ifPresent(media -> keyboard.row(Keyboard.button(
                        messages.text(
                                locale,
                                "lesson.file",
                                media.caption().orElse(lesson.title()).in(locale)),
                        CallbackData.of(CourseNavigation.FILE, section.id(), lesson.id()))));
        List<InlineKeyboardButton> row = new ArrayList<>();
        row.add(
                index == 0
                        ? Keyboard.button(
                                messages.text(locale, "nav.back"),
                                CallbackData.of(CourseNavigation.SECTION, section.id()))
                        : Keyboard.button(
                                messages.text(locale, "nav.back"),
                                CallbackData.of(
                                        CourseNavigation.LESSON,
                                        section.id(),
                                        section.lessons().get(index - 1).id())));
        row.add(
                index + 1 < count
                        ? Keyboard.button(
                                messages.text(locale, "nav.next"),
                                CallbackData.of(
                                        CourseNavigation.LESSON,
                                        section.id(),
                                        section.lessons().get(index + 1).id()))
                        : Keyboard.button(
                                messages.text(locale, "lesson.to_quiz"),
                                CallbackData.of(QuizFlow.START, section.id())));
        keyboard.row(row.toArray(InlineKeyboardButton[]::new));
        keyboard.row(Keyboard.button(messages.text(locale, "nav.menu"), CallbackData.of(CourseNavigation.MENU)));
        return new Screen(text, keyboard.build());
    }

    /** A question; for multiple choice the options chosen so far are ticked and a Submit button is added. */
    public Screen question(Locale locale, Course.Section section, int index, Set<Integer> chosen) {
        Course.Question question = section.quiz().questions().get(index);
        String body = Html.escape(question.text().in(locale));
        if (question.multiple()) {
            body += "\n\n" + messages.text(locale, "quiz.choose_all");
        }
        String text = messages.text(
                locale,
                "quiz.question",
                Html.escape(section.title().in(locale)),
                index + 1,
                section.quiz().size(),
                body);
        Keyboard keyboard = Keyboard.create();
        for (int i = 0; i < question.options().size(); i++) {
            String label = question.options().get(i).in(locale);
            if (question.multiple()) {
                label = (chosen.contains(i) ? "☑ " : "☐ ") + label;
            }
            keyboard.row(Keyboard.button(
                    label, CallbackData.of(QuizFlow.ANSWER, section.id(), question.id(), Integer.toString(i))));
        }
        if (question.multiple()) {
            keyboard.row(Keyboard.button(
                    messages.text(locale, "quiz.submit"),
                    CallbackData.of(QuizFlow.SUBMIT, section.id(), question.id())));
        }
        return new Screen(text, keyboard.build());
    }

    /** The answered question: right or wrong, the explanation, and the way on. */
    public Screen answered(Locale locale, Course.Section section, int index, boolean right) {
        Course.Question question = section.quiz().questions().get(index);
        String verdict = right
                ? messages.text(locale, "quiz.right")
                : messages.text(
                        locale,
                        "quiz.wrong",
                        Html.escape(question.correct().stream()
                                .sorted()
                                .map(i -> question.options().get(i))
                                .map(option -> option.in(locale))
                                .collect(Collectors.joining("; "))));
        String text = messages.text(
                        locale,
                        "quiz.question",
                        Html.escape(section.title().in(locale)),
                        index + 1,
                        section.quiz().size(),
                        Html.escape(question.text().in(locale)))
                + "\n\n" + verdict + "\n" + Html.escape(question.explanation().in(locale));
        boolean last = index + 1 == section.quiz().size();
        return new Screen(
                text,
                Keyboard.create()
                        .row(Keyboard.button(
                                messages.text(locale, last ? "quiz.finish" : "quiz.next"),
                                CallbackData.of(QuizFlow.NEXT, section.id(), question.id())))
                        .build());
    }

    public Screen result(Locale locale, Course.Section section, int score, int best) {
        String text = messages.text(
                locale,
                "quiz.result",
                Html.escape(section.title().in(locale)),
                score,
                section.quiz().size(),
                best);
        int pass = section.quiz().passScore();
        text += "\n"
                + (best >= pass
                        ? messages.text(
                                locale, "quiz.passed", pass, section.quiz().size())
                        : messages.text(
                                locale, "quiz.not_passed", pass, section.quiz().size()));
        return new Screen(
                text,
                Keyboard.create()
                        .row(Keyboard.button(
                                messages.text(locale, "quiz.retake"), CallbackData.of(QuizFlow.START, section.id())))
                        .row(
                                Keyboard.button(
                                        messages.text(locale, "nav.sections"),
                                        CallbackData.of(CourseNavigation.SECTIONS)),
                                Keyboard.button(
                                        messages.text(locale, "menu.progress"),
                                        CallbackData.of(CourseNavigation.PROGRESS)))
                        .build());
    }

    /** Every section's lessons and scores, and how many sections are completed. */
    public Screen progress(Locale locale, List<SectionProgress> progress) {
        StringBuilder text = new StringBuilder(messages.text(locale, "progress.title"));
        int completed = 0;
        for (SectionProgress section : progress) {
            text.append("\n\n")
                    .append(section.completed() ? messages.text(locale, "progress.done_mark") + " " : "")
                    .append(progressLine(locale, section));
            if (section.completed()) {
                completed++;
            }
        }
        text.append("\n\n").append(messages.text(locale, "progress.summary", completed, progress.size()));
        return new Screen(text.toString(), backTo(locale, CourseNavigation.MENU, "nav.menu"));
    }

    /** One section of someone's progress: its title, the lessons read, the best and last quiz scores. */
    public String progressLine(Locale locale, SectionProgress section) {
        String title = course.current()
                .section(section.sectionId())
                .map(s -> s.title().in(locale))
                .orElse(section.sectionId());
        String quiz = section.bestScore().isPresent()
                ? messages.text(
                        locale,
                        "progress.quiz_scores",
                        section.bestScore().getAsInt(),
                        section.lastScore().orElse(0),
                        section.questions())
                : messages.text(locale, "progress.quiz_none");
        return messages.text(
                locale, "progress.line", Html.escape(title), section.lessonsCompleted(), section.lessonsTotal(), quiz);
    }

    private org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup backTo(
            Locale locale, String action, String labelKey) {
        return Keyboard.create()
                .row(Keyboard.button(messages.text(locale, labelKey), CallbackData.of(action)))
                .build();
    }
}
