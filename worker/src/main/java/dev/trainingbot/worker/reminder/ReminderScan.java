package dev.trainingbot.worker.reminder;

import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.ui.Html;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the reminder rules, run by the {@link ReminderScheduler} on one worker at a time: first the reminders
 * an earlier pass wrote but did not get onto the outbox (or whose record was lost), then, rule by rule, every learner the rule is due for. A
 * learner inside the quiet hours of their time zone (or {@code REMINDER_TIME_ZONE}) is left for a later pass; any other
 * gets the rule's text in their language, written down once per occurrence and put on the outbox.
 *
 * <p>Costs per pass: one query for unqueued reminders; per rule one query per {@value InactiveLearners#PAGE} due
 * learners, one insert per reminder and one update per page once Kafka acknowledged its records.
 */
final class ReminderScan {

    private static final Logger log = LoggerFactory.getLogger(ReminderScan.class);

    private static final int REQUEUE_LIMIT = 10_000;
    /** A reminder on the outbox this long and not sent is put on it again: its record was lost. */
    private static final Duration LOST_AFTER = Duration.ofHours(6);

    private final List<ReminderRule> rules;
    private final InactiveLearners inactive;
    private final CohortDeadlines deadlines;
    private final ReminderOutbox outbox;
    private final ReminderSettings settings;
    private final CourseCatalog course;
    private final Messages messages;
    private final String defaultLanguage;
    private final MeterRegistry metrics;

    ReminderScan(
            List<ReminderRule> rules,
            InactiveLearners inactive,
            CohortDeadlines deadlines,
            ReminderOutbox outbox,
            ReminderSettings settings,
            CourseCatalog course,
            Messages messages,
            String defaultLanguage,
            MeterRegistry metrics) {
        this.rules = List.copyOf(rules);
        this.inactive = inactive;
        this.deadlines = deadlines;
        this.outbox = outbox;
        this.settings = settings;
        this.course = course;
        this.messages = messages;
        this.defaultLanguage = defaultLanguage;
        this.metrics = metrics;
    }

    /** Runs one pass at {@code now}. */
    void run(Instant now) throws Exception {
        List<ReminderOutbox.Queued> unqueued = outbox.unqueued(now.minus(LOST_AFTER), REQUEUE_LIMIT);
        if (!unqueued.isEmpty()) {
            log.info(
                    "{} reminders written by an earlier scan and not sent are put on the outbox again",
                    unqueued.size());
            outbox.queue(unqueued, now);
        }
        for (ReminderRule rule : rules) {
            switch (rule) {
                case ReminderRule.AfterInactivity inactivity -> inactivity(inactivity, now);
                case ReminderRule.BeforeDeadline deadline -> deadline(deadline, now);
            }
        }
    }

    private void inactivity(ReminderRule.AfterInactivity rule, Instant now) throws Exception {
        long after = 0;
        while (true) {
            List<InactiveLearners.Candidate> page = inactive.page(rule, now, after);
            List<ReminderOutbox.Queued> queued = new ArrayList<>();
            for (InactiveLearners.Candidate learner : page) {
                after = learner.userId();
                decide(
                        rule,
                        learner.userId(),
                        learner.chatId(),
                        learner.languageCode(),
                        learner.timeZone(),
                        learner.occurrence(),
                        learner.sectionId(),
                        learner.lessonsLeft(),
                        now,
                        queued);
            }
            outbox.queue(queued, now);
            if (page.size() < InactiveLearners.PAGE) {
                return;
            }
        }
    }

    private void deadline(ReminderRule.BeforeDeadline rule, Instant now) throws Exception {
        List<ReminderOutbox.Queued> queued = new ArrayList<>();
        for (CohortDeadlines.Deadline deadline : deadlines.between(now, now.plus(rule.before()))) {
            decide(
                    rule,
                    deadline.userId(),
                    deadline.chatId(),
                    deadline.languageCode(),
                    deadline.timeZone(),
                    deadline.cohort() + "@" + deadline.at(),
                    deadline.sectionId(),
                    deadline.lessonsLeft(),
                    now,
                    queued);
        }
        outbox.queue(queued, now);
    }

    private void decide(
            ReminderRule rule,
            long userId,
            long chatId,
            String languageCode,
            String timeZone,
            String occurrence,
            String sectionId,
            int lessonsLeft,
            Instant now,
            List<ReminderOutbox.Queued> queued)
            throws Exception {
        if (settings.quietHours().contains(now, zoneOf(timeZone))) {
            count("reminders.deferred", rule, "Reminders due inside the learner's quiet hours, left for later");
            return;
        }
        Locale locale = messages.localeFor(languageCode);
        String text = render(rule, locale, sectionId, lessonsLeft);
        OptionalLong id = outbox.write(
                new ReminderOutbox.Decided(
                        userId, chatId, rule.id(), occurrence, text, sectionId, locale.getLanguage()),
                now);
        if (id.isPresent()) {
            count("reminders.scheduled", rule, "Reminders decided on and put on the outbox");
            queued.add(new ReminderOutbox.Queued(id.getAsLong(), chatId, text));
        }
    }

    /** The rule's text in {@code locale}, its placeholders filled in. */
    String render(ReminderRule rule, Locale locale, String sectionId, int lessonsLeft) {
        String title = sectionId == null
                ? course.current().title().in(locale)
                : course.current()
                        .section(sectionId)
                        .map(section -> section.title().in(locale))
                        .orElse(sectionId);
        return rule.textIn(locale, defaultLanguage)
                .replace("{section}", Html.escape(title))
                .replace("{lessons}", messages.text(locale, "reminder.lessons", lessonsLeft));
    }

    private ZoneId zoneOf(String timeZone) {
        if (timeZone == null) {
            return settings.timeZone();
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return settings.timeZone();
        }
    }

    private void count(String name, ReminderRule rule, String description) {
        Counter.builder(name)
                .description(description)
                .tag("rule", rule.id())
                .register(metrics)
                .increment();
    }
}
