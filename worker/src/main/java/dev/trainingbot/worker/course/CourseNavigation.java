package dev.trainingbot.worker.course;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.media.LessonMedia;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.User;

/**
 * Moving through the course: the main menu, the sections, a section, a lesson (opening it records it as read), a
 * lesson's file, "My progress" and help. Buttons edit their message in place; commands ({@code /start},
 * {@code /general_info}, {@code /progress}, {@code /help}) send a new one. A button naming a section or lesson the
 * course does not have (now: the course is read from {@link CourseCatalog} on every update) is answered that the
 * lesson changed, and changes nothing.
 *
 * <p>Database statements per update: a lesson one insert; a section, the section list and progress two reads; the
 * others none.
 */
public final class CourseNavigation {

    static final String MENU = "menu";
    static final String HELP = "help";
    static final String PROGRESS = "progress";
    static final String SECTIONS = "sections";
    static final String SECTION = "sec";
    static final String LESSON = "les";
    static final String FILE = "file";

    private static final Logger log = LoggerFactory.getLogger(CourseNavigation.class);

    private final CourseCatalog course;
    private final Screens screens;
    private final Presenter presenter;
    private final ProgressRepository progress;
    private final LessonMedia lessonMedia;
    private final Messages messages;

    public CourseNavigation(
            CourseCatalog course,
            Screens screens,
            Presenter presenter,
            ProgressRepository progress,
            LessonMedia lessonMedia,
            Messages messages) {
        this.course = course;
        this.screens = screens;
        this.presenter = presenter;
        this.progress = progress;
        this.lessonMedia = lessonMedia;
        this.messages = messages;
    }

    /**
     * Adds the commands ({@code /help}, {@code /progress}, {@code /cancel}, one per section) and buttons. {@code /start}
     * is registered by whoever answers its argument (a deep link's code), which greets through {@link #greet}.
     */
    public void register(Router.Builder routes) {
        routes.command("help", help())
                .command("progress", progress())
                .command("cancel", cancel())
                .callback(MENU, menu())
                .callback(HELP, help())
                .callback(PROGRESS, progress())
                .callback(SECTIONS, sections())
                .callback(SECTION, section())
                .callback(LESSON, lesson())
                .callback(FILE, file());
        course.current()
                .commands()
                .forEach((command, section) -> routes.command(command, sectionCommand(section.id())));
    }

    /** {@code /start}: ends any conversation and greets with the main menu. */
    public Handler start() {
        return Handler.of("start", context -> greet(context, Optional.empty()));
    }

    /** What {@code /start} answers: ends any conversation and greets with the main menu, below {@code notice}. */
    public void greet(UpdateContext context, Optional<String> notice) throws Exception {
        context.conversation().reset();
        User user = context.user();
        String name = user == null || user.getFirstName() == null ? "" : Html.escape(user.getFirstName());
        Screen greeting = screens.greeting(context.locale(), name);
        presenter.send(
                context,
                notice.map(text -> new Screen(text + "\n\n" + greeting.text(), greeting.keyboard()))
                        .orElse(greeting));
    }

    /** {@code /cancel}: ends whatever conversation was in progress. */
    public Handler cancel() {
        return Handler.of("cancel", context -> {
            context.conversation().reset();
            presenter.send(context, new Screen(messages.text(context.locale(), "cancel.done"), null));
        });
    }

    public Handler menu() {
        return Handler.of("menu", context -> presenter.show(context, screens.mainMenu(context.locale())));
    }

    public Handler help() {
        return Handler.of("help", context -> presenter.show(context, screens.help(context.locale())));
    }

    public Handler sections() {
        return Handler.of(
                "sections",
                context -> presenter.show(
                        context, screens.sections(context.locale(), progress.progressOf(userId(context)))));
    }

    public Handler progress() {
        return Handler.of(
                "progress",
                context -> presenter.show(
                        context, screens.progress(context.locale(), progress.progressOf(userId(context)))));
    }

    /** {@code sec:<section>}. */
    public Handler section() {
        return Handler.of("section", context -> {
            Optional<Course.Section> section = arg(context, 0).flatMap(course.current()::section);
            if (section.isEmpty()) {
                refuse(context);
                return;
            }
            showSection(context, section.get());
        });
    }

    /** A section's own command ({@code /general_info}). */
    public Handler sectionCommand(String sectionId) {
        return Handler.of("section_command", context -> {
            Optional<Course.Section> section = course.current().section(sectionId);
            if (section.isEmpty()) {
                // The command was the start-up version's; the course now served has no such section.
                context.outcome(AuditOutcome.REFUSED);
                presenter.send(context, new Screen(messages.text(context.locale(), "course.changed"), null));
                return;
            }
            showSection(context, section.get());
        });
    }

    private void showSection(UpdateContext context, Course.Section section) throws Exception {
        SectionProgress mine = progress.progressOf(userId(context)).stream()
                .filter(p -> p.sectionId().equals(section.id()))
                .findFirst()
                .orElseThrow();
        boolean inQuiz = QuizState.readOf(context.conversation(), section).isPresent();
        presenter.show(context, screens.section(context.locale(), section, mine, inQuiz));
    }

    /** {@code les:<section>:<lesson>}: shows the lesson and records it as read. */
    public Handler lesson() {
        return Handler.of("lesson", context -> {
            Optional<Course.Section> section = arg(context, 0).flatMap(course.current()::section);
            Optional<Course.Lesson> lesson =
                    section.flatMap(s -> arg(context, 1).flatMap(s::lesson));
            if (lesson.isEmpty()) {
                refuse(context);
                return;
            }
            progress.completeLesson(
                    userId(context), section.get().id(), lesson.get().id());
            context.detail("section", section.get().id())
                    .detail("lesson", lesson.get().id());
            presenter.show(context, screens.lesson(context.locale(), section.get(), lesson.get()));
        });
    }

    /**
     * {@code file:<section>:<lesson>}: sends the lesson's media. A file Telegram refuses, or one gone from disk, is
     * the content's fault: the learner is told it is unavailable, the operator reads the log, and the update is done.
     */
    public Handler file() {
        return Handler.of("lesson_file", context -> {
            Optional<Course.Section> section = arg(context, 0).flatMap(course.current()::section);
            Optional<Course.Media> media =
                    section.flatMap(s -> arg(context, 1).flatMap(s::lesson)).flatMap(Course.Lesson::media);
            if (media.isEmpty()) {
                refuse(context);
                return;
            }
            presenter.answer(context, null);
            context.detail("media", media.get().source().name());
            try {
                lessonMedia.send(context.chatId(), media.get(), context.locale());
            } catch (TelegramException.Permanent | UncheckedIOException e) {
                log.error(
                        "lesson media {} cannot be sent: {}",
                        media.get().source().name(),
                        e.getMessage());
                context.outcome(AuditOutcome.FAILED);
                presenter.send(context, new Screen(messages.text(context.locale(), "lesson.media.unavailable"), null));
            }
        });
    }

    /**
     * Answers a button that names what the course does not have (a message of an older course version, whose section
     * or lesson was removed or renamed) that the lesson changed; changes nothing.
     */
    void refuse(UpdateContext context) throws Exception {
        context.outcome(AuditOutcome.REFUSED);
        context.detail("callback_data", context.update().getCallbackQuery().getData());
        presenter.answer(context, messages.text(context.locale(), "course.changed"));
    }

    static Optional<String> arg(UpdateContext context, int index) {
        if (!context.update().hasCallbackQuery()) {
            return Optional.empty();
        }
        List<String> args = CallbackData.parse(
                        context.update().getCallbackQuery().getData())
                .map(CallbackData::args)
                .orElse(List.of());
        return index < args.size() ? Optional.of(args.get(index)) : Optional.empty();
    }

    static long userId(UpdateContext context) {
        Long id = context.userId();
        return id == null ? context.chatId() : id;
    }
}
