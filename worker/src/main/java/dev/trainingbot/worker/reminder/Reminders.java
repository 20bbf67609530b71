package dev.trainingbot.worker.reminder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.InstantSource;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;

/**
 * The reminders of one worker, wired: the scan on the fleet's scheduler, the delivery of reminder records from the
 * outbox, and the reminder message's buttons for the route table. {@link #start()} joins the scheduler; {@link
 * #close()} leaves it.
 */
public final class Reminders implements AutoCloseable {

    private final ReminderButtons buttons;
    private final ReminderDelivery delivery;
    private final ReminderScheduler scheduler;

    private Reminders(ReminderButtons buttons, ReminderDelivery delivery, ReminderScheduler scheduler) {
        this.buttons = buttons;
        this.delivery = delivery;
        this.scheduler = scheduler;
    }

    /** The parts, not started; {@code outbox} is the {@code tg.outbox} topic. */
    public static Reminders wire(
            List<ReminderRule> rules,
            ReminderSettings settings,
            CourseCatalog course,
            DataSource database,
            Producer<byte[], byte[]> producer,
            String outbox,
            TelegramGateway telegram,
            AuditPublisher audit,
            Messages messages,
            String defaultLanguage,
            ObjectMapper json,
            InstantSource clock,
            String instance,
            MeterRegistry metrics) {
        ReminderButtons buttons = new ReminderButtons(database, telegram, messages, clock);
        ReminderDelivery delivery = new ReminderDelivery(database, telegram, buttons, audit, clock, metrics);
        ReminderScan scan = new ReminderScan(
                rules,
                new InactiveLearners(database, course),
                new CohortDeadlineLearners(database, course),
                new ReminderOutbox(database, producer, outbox, json),
                settings,
                course,
                messages,
                defaultLanguage,
                metrics);
        return new Reminders(
                buttons, delivery, new ReminderScheduler(database, scan, settings, clock, instance, metrics));
    }

    public ReminderButtons buttons() {
        return buttons;
    }

    public ReminderDelivery delivery() {
        return delivery;
    }

    public void start() {
        scheduler.start();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
