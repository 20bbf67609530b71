package dev.trainingbot.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.common.redis.RedisConnections;
import dev.trainingbot.worker.admin.AdminAccess;
import dev.trainingbot.worker.admin.AdminBans;
import dev.trainingbot.worker.admin.AdminPanel;
import dev.trainingbot.worker.admin.AdminReports;
import dev.trainingbot.worker.audit.AuditMiddleware;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.broadcast.Broadcasts;
import dev.trainingbot.worker.broadcast.OutboxSender;
import dev.trainingbot.worker.cohort.CohortReports;
import dev.trainingbot.worker.cohort.Cohorts;
import dev.trainingbot.worker.cohort.DeepLinkEnrolment;
import dev.trainingbot.worker.cohort.InvitationCode;
import dev.trainingbot.worker.cohort.InvitationLinks;
import dev.trainingbot.worker.consume.ConsumerSettings;
import dev.trainingbot.worker.consume.UpdateConsumer;
import dev.trainingbot.worker.course.CourseNavigation;
import dev.trainingbot.worker.course.QuizFlow;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.completion.CertificatePdf;
import dev.trainingbot.worker.course.completion.CertificateRepository;
import dev.trainingbot.worker.course.completion.CourseCompletion;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.media.FileIds;
import dev.trainingbot.worker.course.media.LessonMedia;
import dev.trainingbot.worker.course.progress.Persistence;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.fsm.ConversationStore;
import dev.trainingbot.worker.fsm.FsmMiddleware;
import dev.trainingbot.worker.guard.GuardMiddleware;
import dev.trainingbot.worker.guard.ThrottleBans;
import dev.trainingbot.worker.guard.UpdateGuard;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.language.CommandMenu;
import dev.trainingbot.worker.language.LanguageChoice;
import dev.trainingbot.worker.pipeline.Pipeline;
import dev.trainingbot.worker.pipeline.TimingMiddleware;
import dev.trainingbot.worker.reminder.ReminderRule;
import dev.trainingbot.worker.reminder.Reminders;
import dev.trainingbot.worker.route.RouteExtension;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.user.UserDirectory;
import dev.trainingbot.worker.user.UserLookup;
import dev.trainingbot.worker.user.UserMiddleware;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.hibernate.SessionFactory;

/**
 * A worker's two consumers, not started, with all they run: {@code tg.updates} through the middleware pipeline into
 * the route table's handlers, {@code tg.outbox} through the sender of broadcasts and reminders.
 *
 * @param reminders the reminder scheduler, not started, that fills the outbox beside the broadcasts
 * @param screens the course's screens, for the warm-up to render
 */
record Consumers(UpdateConsumer updates, UpdateConsumer outbox, Reminders reminders, Screens screens) {

    /**
     * Builds the stores the pipeline reads and writes, the features and their route table (the standard one changed
     * by {@code routes}), the pipeline in the design's middleware order, and the consumers; what needs closing is
     * pushed onto {@code resources}.
     */
    static Consumers wire(
            WorkerConfig config,
            PrometheusMeterRegistry metrics,
            RouteExtension routes,
            Clock clock,
            String instance,
            ObjectMapper json,
            Topics topics,
            Languages languages,
            Messages messages,
            List<ReminderRule> reminderRules,
            Connections connections,
            Deque<AutoCloseable> resources) {
        HikariDataSource database = connections.database();
        RedisConnections redis = connections.redis();
        TelegramGateway telegram = connections.telegram();
        KafkaProducer<byte[], byte[]> producer = connections.producer();
        CourseCatalog course = connections.content().catalog();

        AuditPublisher audit = new AuditPublisher(producer, topics.audit(), new AuditEventCodec(json));
        UpdateGuard guard = new UpdateGuard(redis.throttle().async(), config.throttle());
        ConversationStore conversations = new ConversationStore(
                redis.fsm().async(),
                config.fsmTtl(),
                Map.of(ConversationState.AWAITING_ADMIN_PASSWORD, config.admin().passwordPrompt()),
                json);
        UserDirectory users = new UserDirectory(database, config.userTouchInterval(), clock);
        SessionFactory sessions = Persistence.sessionFactory(database);
        resources.push(sessions::close);
        ProgressRepository progress = new ProgressRepository(sessions, course, clock);
        Screens screens = new Screens(course, messages);
        Presenter presenter = new Presenter(telegram);
        Broadcasts broadcasts = new Broadcasts(
                redis.throttle().async(), database, producer, topics.outbox(), telegram, messages, json, clock);
        Reminders reminders = Reminders.wire(
                reminderRules,
                config.reminders(),
                course,
                database,
                producer,
                topics.outbox(),
                telegram,
                audit,
                messages,
                course.current().title().fallback(),
                json,
                clock,
                instance,
                metrics);
        AdminAccess adminAccess = new AdminAccess(redis.throttle().async(), config.admin());
        resources.push(adminAccess);
        ThrottleBans bans = new ThrottleBans(redis.throttle().async(), config.throttle(), clock);
        CertificateRepository certificates = new CertificateRepository(sessions, clock);
        Cohorts cohorts = new Cohorts(database, new InvitationCode(new SecureRandom()), clock);
        AdminPanel adminPanel = new AdminPanel(
                adminAccess,
                new AdminReports(
                        sessions, progress, course, clock, bans::countInForce, new CohortReports(database, clock)),
                broadcasts,
                progress,
                certificates,
                bans,
                redis.throttle().async(),
                database,
                presenter,
                telegram,
                messages,
                connections.content(),
                cohorts,
                new InvitationLinks(telegram),
                audit,
                clock);
        CourseNavigation navigation = new CourseNavigation(
                course,
                screens,
                presenter,
                progress,
                new LessonMedia(
                        telegram,
                        new FileIds(
                                redis.throttle().async(),
                                CommandMenu.botId(config.telegram().botToken().reveal())),
                        metrics),
                messages);
        Router.Builder table = Routes.standard(
                navigation,
                new DeepLinkEnrolment(cohorts, navigation, audit, presenter, messages, clock),
                new QuizFlow(
                        course,
                        screens,
                        presenter,
                        progress,
                        messages,
                        new CourseCompletion(course, certificates, new CertificatePdf(), messages, telegram)),
                new LanguageChoice(messages, presenter, users),
                adminPanel,
                telegram,
                messages);
        new AdminBans(adminAccess, bans, new UserLookup(database), audit, presenter, messages, clock).register(table);
        reminders.buttons().register(table);
        routes.extend(table, telegram);

        Pipeline pipeline = new Pipeline(
                List.of(
                        new TimingMiddleware(metrics, telegram::callNanosOfThisThread),
                        new AuditMiddleware(audit, clock),
                        new GuardMiddleware(guard, config.throttle(), telegram, messages, audit, clock, metrics),
                        new FsmMiddleware(conversations, metrics),
                        new UserMiddleware(users, languages),
                        table.build()),
                metrics);

        KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(boundedPolls(
                KafkaClients.consumer(
                        config.kafka(), instance + "-consumer", config.kafka().group("workers")),
                config.consumer()));
        new KafkaClientMetrics(kafkaConsumer).bindTo(metrics);
        UpdateConsumer consumer = UpdateConsumer.create(
                kafkaConsumer,
                producer,
                topics,
                pipeline,
                messages,
                audit,
                config.consumer(),
                telegram::accepting,
                json,
                clock,
                metrics);

        // A broadcast's sends book their turns in the bulk lane, which holds only a few turns ahead; a send beyond
        // them asks again when one frees. A tenth of a second of the fleet's rate in flight per replica keeps the
        // sends flowing without a thousand of them waiting on the flood script.
        ConsumerSettings outboxSettings = config.consumer()
                .withMaxInFlight(Math.max(4, (int) Math.ceil(config.flood().botPerSecond() / 10)));
        KafkaConsumer<byte[], byte[]> outboxConsumer = new KafkaConsumer<>(boundedPolls(
                KafkaClients.consumer(
                        config.kafka(), instance + "-outbox", config.kafka().group("outbox-senders")),
                outboxSettings));
        new KafkaClientMetrics(outboxConsumer).bindTo(metrics);
        UpdateConsumer outbox = UpdateConsumer.of(
                outboxConsumer,
                topics.outbox(),
                new OutboxSender(
                        broadcasts,
                        reminders.delivery(),
                        telegram,
                        audit,
                        config.consumer().retry(),
                        clock,
                        metrics),
                outboxSettings,
                telegram::accepting,
                metrics);
        return new Consumers(consumer, outbox, reminders, screens);
    }

    /** A poll returns no more than the {@link UpdateConsumer}'s in-flight bound leaves room for. */
    private static Map<String, Object> boundedPolls(Map<String, Object> consumer, ConsumerSettings settings) {
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return consumer;
    }
}
