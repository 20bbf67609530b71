package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.cohort.CohortReports;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.progress.SectionStatistics;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Screen;
import java.util.Locale;

/**
 * The admin panel's menu and reports, rendered in the admin's language. Pure: no I/O, every input passed in. The
 * buttons carry the actions of the classes that handle them ({@link AdminMenu}, {@link BroadcastComposer},
 * {@link LearnerTools}, {@link AdminLogin}).
 */
final class AdminScreens {

    private final CourseCatalog course;
    private final Messages messages;

    AdminScreens(CourseCatalog course, Messages messages) {
        this.course = course;
        this.messages = messages;
    }

    Screen menu(Locale locale) {
        return new Screen(
                messages.text(locale, "admin.menu"),
                Keyboard.create()
                        .row(Keyboard.button(
                                messages.text(locale, "admin.button.stats"), CallbackData.of(AdminMenu.STATISTICS)))
                        .row(Keyboard.button(
                                messages.text(locale, "admin.button.export"), CallbackData.of(AdminMenu.EXPORT)))
                        .row(Keyboard.button(
                                messages.text(locale, AdminBans.buttonKey()), CallbackData.of(AdminBans.LIST)))
                        .row(Keyboard.button(
                                messages.text(locale, "admin.button.broadcast"),
                                CallbackData.of(BroadcastComposer.COMPOSE)))
                        .row(Keyboard.button(
                                messages.text(locale, "admin.button.learners"), CallbackData.of(LearnerTools.FIND)))
                        .row(Keyboard.button(
                                messages.text(locale, AdminInvitations.buttonKey()),
                                CallbackData.of(AdminInvitations.LIST)))
                        .row(Keyboard.button(
                                messages.text(locale, "admin.button.logout"), CallbackData.of(AdminLogin.LOGOUT)))
                        .build());
    }

    Screen statistics(Locale locale, AdminReports.Statistics statistics) {
        StringBuilder text = new StringBuilder(messages.text(
                locale,
                "admin.stats",
                statistics.users(),
                statistics.active24h(),
                statistics.active7d(),
                statistics.blocked(),
                statistics.banned()));
        for (SectionStatistics section : statistics.sections()) {
            String title = course.current()
                    .section(section.sectionId())
                    .map(s -> s.title().in(locale))
                    .orElse(section.sectionId());
            String average = section.averageBestScore().isPresent()
                    ? Math.round(section.averageBestScore().getAsDouble() * 100) + "%"
                    : messages.text(locale, "admin.stats_no_score");
            text.append("\n\n")
                    .append(messages.text(
                            locale,
                            "admin.stats_section",
                            Html.escape(title),
                            section.usersStarted(),
                            section.usersCompleted(),
                            section.usersTested(),
                            average));
        }
        if (!statistics.cohorts().isEmpty()) {
            text.append("\n\n").append(messages.text(locale, "admin.stats_cohorts"));
        }
        for (CohortReports.Breakdown cohort : statistics.cohorts()) {
            String name = cohort.cohort()
                    .map(c -> "<b>" + Html.escape(c.name()) + "</b>"
                            + c.startsOn()
                                    .map(day -> messages.text(locale, "invitation.starts", day.toString()))
                                    .orElse("")
                            + (c.revoked() ? messages.text(locale, "admin.stats_cohort_revoked") : ""))
                    .orElse(messages.text(locale, "admin.stats_no_cohort"));
            text.append('\n')
                    .append(messages.text(
                            locale,
                            "admin.stats_cohort",
                            name,
                            cohort.learners(),
                            cohort.active7d(),
                            cohort.lessonsRead(),
                            cohort.tookQuiz()));
        }
        return new Screen(text.toString(), backToMenu(locale));
    }

    /** A screen of just text, without buttons. */
    Screen notice(Locale locale, String key, Object... args) {
        return new Screen(messages.text(locale, key, args), null);
    }

    org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup backToMenu(Locale locale) {
        return Keyboard.create()
                .row(Keyboard.button(messages.text(locale, "nav.back"), CallbackData.of(AdminMenu.MENU)))
                .build();
    }
}
