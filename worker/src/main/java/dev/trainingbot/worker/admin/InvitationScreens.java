package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.cohort.Cohort;
import dev.trainingbot.worker.cohort.Cohorts;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Screen;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The screens of the admin's invitations ({@link AdminInvitations}), in the admin's language. Pure: no I/O, every
 * input passed in, the links too. Cohort names are the admin's text and are escaped.
 */
final class InvitationScreens {

    private final Messages messages;

    InvitationScreens(Messages messages) {
        this.messages = messages;
    }

    /** The invitations in force, each with its link, learners and a button to revoke it; {@code notice} above. */
    Screen list(Locale locale, List<Cohorts.Listed> cohorts, Map<Long, String> links, Optional<String> notice) {
        StringBuilder text = new StringBuilder();
        notice.ifPresent(n -> text.append(n).append("\n\n"));
        text.append(messages.text(locale, "invitation.list", cohorts.size()));
        Keyboard keyboard = Keyboard.create();
        for (Cohorts.Listed listed : cohorts) {
            Cohort cohort = listed.cohort();
            text.append("\n\n")
                    .append(messages.text(
                            locale, "invitation.entry", name(cohort), starts(locale, cohort), listed.members()))
                    .append('\n')
                    .append(links.get(cohort.id()));
            keyboard.row(Keyboard.button(
                    messages.text(locale, "invitation.button.revoke", cohort.name()),
                    CallbackData.of(AdminInvitations.REVOKE, Long.toString(cohort.id()))));
        }
        if (cohorts.isEmpty()) {
            text.append("\n\n").append(messages.text(locale, "invitation.none"));
        }
        keyboard.row(Keyboard.button(
                        messages.text(locale, "invitation.button.create"), CallbackData.of(AdminInvitations.CREATE)))
                .row(Keyboard.button(messages.text(locale, "nav.back"), CallbackData.of(AdminMenu.MENU)));
        return new Screen(text.toString(), keyboard.build());
    }

    Screen prompt(Locale locale) {
        return new Screen(messages.text(locale, "invitation.prompt", Cohort.MAX_NAME_LENGTH), null);
    }

    /** The new invitation and the link to share. */
    Screen created(Locale locale, Cohort cohort, String link) {
        return new Screen(
                messages.text(locale, "invitation.created", name(cohort), starts(locale, cohort), link),
                Keyboard.create()
                        .row(Keyboard.button(
                                messages.text(locale, "invitation.button.list"),
                                CallbackData.of(AdminInvitations.LIST)))
                        .row(Keyboard.button(messages.text(locale, "nav.back"), CallbackData.of(AdminMenu.MENU)))
                        .build());
    }

    private String starts(Locale locale, Cohort cohort) {
        return cohort.startsOn()
                        .map(day -> messages.text(locale, "invitation.starts", day.toString()))
                        .orElse("")
                + cohort.deadline()
                        .map(day -> messages.text(locale, "invitation.deadline", day.toString()))
                        .orElse("");
    }

    private static String name(Cohort cohort) {
        return Html.escape(cohort.name());
    }
}
