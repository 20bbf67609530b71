package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Screen;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The screens of the admin's user tools ({@link LearnerTools}, {@link LearnerMessages}), in the admin's language. Pure: no I/O, every input
 * passed in. Names and usernames come from Telegram users and are escaped.
 */
final class LearnerScreens {

    /** Times as the admin reads them: UTC, to the minute. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The whole course, where a reset's argument names a section. */
    static final String WHOLE_COURSE = "*";

    private final CourseCatalog course;
    private final Screens progress;
    private final Messages messages;

    /** {@code progress} renders the lines of the learner's progress as the learner sees them in "My progress". */
    LearnerScreens(CourseCatalog course, Screens progress, Messages messages) {
        this.course = course;
        this.progress = progress;
        this.messages = messages;
    }

    Screen prompt(Locale locale) {
        return new Screen(messages.text(locale, "learner.prompt"), null);
    }

    Screen notFound(Locale locale, String query) {
        return new Screen(messages.text(locale, "learner.not_found", Html.escape(query)), null);
    }

    /** Several learners matched: one button each, the search kept open to narrow it. */
    Screen matches(Locale locale, String query, LearnerDirectory.Found found) {
        String text = found.more()
                ? messages.text(locale, "learner.matches_more", found.learners().size(), Html.escape(query))
                : messages.text(locale, "learner.matches", found.learners().size(), Html.escape(query));
        Keyboard keyboard = Keyboard.create();
        for (LearnerDirectory.Learner learner : found.learners()) {
            String label = learner.displayName()
                    + (learner.username() == null || learner.username().isEmpty() ? "" : " @" + learner.username());
            keyboard.row(Keyboard.button(label, CallbackData.of(LearnerTools.SHOW, Long.toString(learner.id()))));
        }
        return new Screen(text, keyboard.build());
    }

    /** A learner: who, language, last activity, blocked, cohort, progress per section; and what can be done. */
    Screen card(Locale locale, LearnerCard card, Optional<String> notice) {
        LearnerDirectory.Learner learner = card.learner();
        String none = messages.text(locale, "learner.none");
        StringBuilder text = new StringBuilder();
        notice.ifPresent(n -> text.append(n).append("\n\n"));
        text.append(messages.text(
                        locale,
                        "learner.card",
                        Html.escape(learner.displayName()),
                        learner.username() == null || learner.username().isEmpty()
                                ? ""
                                : " · @" + Html.escape(learner.username()),
                        Long.toString(learner.id())))
                .append('\n')
                .append(messages.text(
                        locale,
                        "learner.line.language",
                        learner.languageCode() == null ? none : Html.escape(learner.languageCode())))
                .append('\n')
                .append(messages.text(locale, "learner.line.last_seen", time(learner.lastSeenAt())))
                .append('\n')
                .append(messages.text(
                        locale,
                        "learner.line.blocked",
                        learner.blockedAt()
                                .map(at -> messages.text(locale, "learner.blocked_since", time(at)))
                                .orElse(messages.text(locale, "learner.blocked_no"))))
                .append('\n')
                .append(messages.text(
                        locale,
                        "learner.line.banned",
                        card.bannedUntil()
                                .map(until -> messages.text(locale, "learner.banned_until", time(until)))
                                .orElse(messages.text(locale, "learner.banned_no"))))
                .append('\n')
                .append(messages.text(
                        locale,
                        "learner.line.cohort",
                        card.cohort()
                                .map(cohort -> Html.escape(cohort.name())
                                        + cohort.startsOn()
                                                .map(day -> messages.text(locale, "invitation.starts", day.toString()))
                                                .orElse(""))
                                .orElse(none)))
                .append('\n')
                .append(messages.text(
                        locale,
                        "learner.line.certificate",
                        card.certificate()
                                .map(c -> messages.text(
                                        locale, "learner.certificate", c.printedCode(), time(c.issuedAt())))
                                .orElse(none)))
                .append("\n\n")
                .append(messages.text(locale, "learner.progress_title"));
        String id = Long.toString(learner.id());
        Keyboard keyboard = Keyboard.create();
        if (card.bannedUntil().isPresent()) {
            keyboard.row(Keyboard.button(
                    messages.text(locale, "learner.button.lift_ban"), CallbackData.of(AdminBans.LIFT, id)));
        }
        for (SectionProgress section : card.progress()) {
            String title = title(locale, section.sectionId());
            text.append("\n\n").append(progress.progressLine(locale, section));
            keyboard.row(Keyboard.button(
                    messages.text(locale, "learner.button.reset_section", title),
                    CallbackData.of(LearnerTools.RESET, id, section.sectionId())));
        }
        keyboard.row(Keyboard.button(
                        messages.text(locale, "learner.button.reset_all"),
                        CallbackData.of(LearnerTools.RESET, id, WHOLE_COURSE)))
                .row(Keyboard.button(
                        messages.text(locale, "learner.button.message"), CallbackData.of(LearnerMessages.MESSAGE, id)))
                .row(
                        Keyboard.button(
                                messages.text(locale, "learner.button.find"), CallbackData.of(LearnerTools.FIND)),
                        Keyboard.button(messages.text(locale, "learner.button.menu"), CallbackData.of(AdminMenu.MENU)));
        return new Screen(text.toString(), keyboard.build());
    }

    /**
     * Asks to confirm a reset of {@code section} (empty: the whole course); the yes button carries {@code nonce}, so
     * that it resets once however often it is pressed.
     */
    Screen confirmReset(
            Locale locale, LearnerDirectory.Learner learner, Optional<Course.Section> section, String nonce) {
        String id = Long.toString(learner.id());
        String name = Html.escape(learner.displayName());
        String text = section.isPresent()
                ? messages.text(
                        locale,
                        "learner.reset_confirm_section",
                        name,
                        Html.escape(section.get().title().in(locale)))
                : messages.text(locale, "learner.reset_confirm_all", name);
        String target = section.map(Course.Section::id).orElse(WHOLE_COURSE);
        return new Screen(
                text,
                Keyboard.create()
                        .row(
                                Keyboard.button(
                                        messages.text(locale, "learner.reset_yes"),
                                        CallbackData.of(LearnerTools.RESET_CONFIRM, id, target, nonce)),
                                Keyboard.button(
                                        messages.text(locale, "learner.reset_no"),
                                        CallbackData.of(LearnerTools.SHOW, id)))
                        .build());
    }

    Screen messagePrompt(Locale locale, LearnerDirectory.Learner learner) {
        return new Screen(messages.text(locale, "learner.message_prompt", Html.escape(learner.displayName())), null);
    }

    /** Below the message as it will look: send it, write another, or drop it. */
    Screen messagePreview(Locale locale, LearnerDirectory.Learner learner) {
        String id = Long.toString(learner.id());
        return new Screen(
                messages.text(locale, "learner.message_preview", Html.escape(learner.displayName())),
                Keyboard.create()
                        .row(Keyboard.button(
                                messages.text(locale, "learner.message_send"),
                                CallbackData.of(LearnerMessages.MESSAGE_SEND, id)))
                        .row(
                                Keyboard.button(
                                        messages.text(locale, "broadcast.edit"),
                                        CallbackData.of(LearnerMessages.MESSAGE, id)),
                                Keyboard.button(
                                        messages.text(locale, "broadcast.cancel"),
                                        CallbackData.of(LearnerMessages.MESSAGE_CANCEL)))
                        .build());
    }

    Screen notice(Locale locale, String key, Object... args) {
        return new Screen(messages.text(locale, key, args), null);
    }

    private String title(Locale locale, String sectionId) {
        return course.current()
                .section(sectionId)
                .map(s -> s.title().in(locale))
                .orElse(sectionId);
    }

    private static String time(Instant at) {
        return TIME.format(at);
    }
}
