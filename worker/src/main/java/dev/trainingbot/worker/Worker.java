package dev.trainingbot.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.db.DatabaseProbe;
import dev.trainingbot.common.http.HttpEndpoints;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.KafkaProbe;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.common.redis.RedisConnections;
import dev.trainingbot.common.redis.RedisProbe;
import dev.trainingbot.common.retry.Backoff;
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
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.course.content.CourseUpdates;
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
import dev.trainingbot.worker.reminder.ReminderRules;
import dev.trainingbot.worker.reminder.Reminders;
import dev.trainingbot.worker.route.RouteExtension;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.FloodControl;
import dev.trainingbot.worker.telegram.TelegramClients;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.user.UserDirectory;
import dev.trainingbot.worker.user.UserLookup;
import dev.trainingbot.worker.user.UserMiddleware;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: everything {@link WorkerMain} wires, in one place, so that a test starts a worker exactly as
 * production does. {@link #close()} drains and commits; {@link #halt()} stops as a crash would.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final UpdateConsumer consumer;
    private final UpdateConsumer outbox;
    private final Reminders reminders;
    private final CourseUpdates content;
    private final HikariDataSource database;
    private final HttpEndpoints endpoints;
    private final Deque<AutoCloseable> resources;

    private Worker(
            UpdateConsumer consumer,
            UpdateConsumer outbox,
            Reminders reminders,
            CourseUpdates content,
            HikariDataSource database,
            HttpEndpoints endpoints,
            Deque<AutoCloseable> resources) {
        this.consumer = consumer;
        this.outbox = outbox;
        this.reminders = reminders;
        this.content = content;
        this.database = database;
        this.endpoints = endpoints;
        this.resources = resources;
    }

    public static Worker start(WorkerConfig config, PrometheusMeterRegistry metrics) throws Exception {
        return start(config, metrics, RouteExtension.NONE);
    }

    /**
     * Starts a worker whose route table is the standard one changed by {@code routes}; tests use it to add a handler
     * that exercises a failure path.
     */
    public static Worker start(WorkerConfig config, PrometheusMeterRegistry metrics, RouteExtension routes)
            throws Exception {
        return start(config, metrics, routes, Clock.systemUTC());
    }

    /**
     * As {@link #start(WorkerConfig, PrometheusMeterRegistry, RouteExtension)}, on {@code clock}: what the worker
     * records and when reminders fall due follow it, so a test moves days forward without waiting for them.
     */
    public static Worker start(WorkerConfig config, PrometheusMeterRegistry metrics, RouteExtension routes, Clock clock)
            throws Exception {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            return wire(config, metrics, routes, clock, resources);
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    private static Worker wire(
            WorkerConfig config,
            PrometheusMeterRegistry metrics,
            RouteExtension routes,
            Clock clock,
            Deque<AutoCloseable> resources)
            throws Exception {
        String instance = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectMapper json = Json.mapper();
        Topics topics = config.kafka().topics();

        // The content is checked before anything connects: a broken file is a start-up error, not a runtime one.
        Languages languages = Languages.discover(Worker.class.getClassLoader(), config.defaultLanguage());
        Messages messages = new Messages(languages, Worker.class.getClassLoader());
        CourseLoader.load(config.contentPath(), languages);
        List<ReminderRule> reminderRules = ReminderRules.load(config.contentPath(), languages);
        HikariDataSource database = Database.pool(config.database(), "worker", metrics);
        resources.push(database);
        Database.migrate(database);
        CourseUpdates courseUpdates = CourseUpdates.start(config.contentPath(), languages, database, metrics);
        resources.push(courseUpdates);
        CourseCatalog course = courseUpdates.catalog();
        RedisConnections redis = RedisConnections.connect(config.redis(), metrics);
        resources.push(redis);

        OkHttpClient http = TelegramClients.http(config.telegramConcurrency(), config.telegramTimeout());
        resources.push(() -> {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        });
        TelegramGateway telegram = new TelegramGateway(
                TelegramClients.client(config.telegram(), http),
                TelegramClients.files(config.telegram(), http),
                new FloodControl(redis.throttle().async(), config.flood(), metrics),
                config.gateway(),
                metrics);

        // Nothing the worker produces is on a reply's way to the user (audit events, the outbox, dead letters): a
        // longer linger sends them in fewer, larger requests.
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(
                config.kafka(), instance + "-producer", Duration.ofSeconds(30), Duration.ofMillis(5)));
        resources.push(() -> producer.close(Duration.ofSeconds(10)));
        new KafkaClientMetrics(producer).bindTo(metrics);
        Admin admin = Admin.create(KafkaClients.admin(config.kafka(), instance + "-admin"));
        resources.push(() -> admin.close(Duration.ofSeconds(2)));

        AuditPublisher audit = new AuditPublisher(producer, topics.audit(), new AuditEventCodec(json));
        UpdateGuard guard = new UpdateGuard(redis.throttle().async(), config.throttle());
        ConversationStore conversations = new ConversationStore(
                redis.fsm().async(),
                config.fsmTtl(),
                Map.of(ConversationState.AWAITING_ADMIN_PASSWORD, config.admin().passwordPrompt()),
                json);
        UserDirectory users = new UserDirectory(database, config.userTouchInterval(), clock);
        log.info(
                "course version {} (file {}): {} sections; the bot speaks {} (default {})",
                course.currentVersion().number(),
                config.contentPath(),
                course.current().sections().size(),
                languages.codes(),
                languages.defaultLanguage());
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
                courseUpdates,
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

        // Before /readyz answers and the first update is taken: the JIT compiles the parsing, rendering and writing
        // on made-up data, not on the first users' time.
        WarmUp.run(config.warmUp(), json, screens, course.current(), languages);
        HttpEndpoints endpoints = HttpEndpoints.start(
                config.http(),
                metrics,
                () -> consumer.alive() && outbox.alive(),
                List.of(
                        new DatabaseProbe(database),
                        new RedisProbe(redis),
                        new KafkaProbe(admin, List.of(topics.updates(), topics.audit(), topics.deadLetters()))),
                Map.of());
        resources.push(endpoints);
        // The menu is registered beside the work: the worker serves whether or not Telegram takes it now.
        CommandMenu menu = new CommandMenu(
                telegram,
                redis.throttle().async(),
                messages,
                CommandMenu.botId(config.telegram().botToken().reveal()),
                instance,
                Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)),
                metrics);
        resources.push(menu);
        menu.start();
        consumer.start();
        outbox.start();
        reminders.start();
        log.info(
                "worker {} started: consuming {} as group {}",
                instance,
                topics.updates(),
                config.kafka().group("workers"));
        return new Worker(consumer, outbox, reminders, courseUpdates, database, endpoints, resources);
    }

    /** A poll returns no more than the {@link UpdateConsumer}'s in-flight bound leaves room for. */
    private static Map<String, Object> boundedPolls(Map<String, Object> consumer, ConsumerSettings settings) {
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return consumer;
    }

    /** The HTTP port of {@code /healthz}, {@code /readyz} and {@code /metrics}. */
    public int port() {
        return endpoints.port();
    }

    /** Partitions of {@code tg.updates} this worker holds now. */
    public int assignedPartitions() {
        return consumer.assignedPartitions();
    }

    /** The course versions: the one this worker serves, and publishing the next. */
    public CourseUpdates content() {
        return content;
    }

    /** Records polled and not yet done. */
    public int inFlight() {
        return consumer.inFlight();
    }

    /** Stops taking updates, finishes those in flight within the drain timeout, commits, and closes. */
    @Override
    public void close() {
        endpoints.drain();
        reminders.close();
        consumer.close();
        outbox.close();
        closeAll(resources);
        log.info("worker stopped");
    }

    /** Stops as a killed process would: nothing more is handled or committed. For fault tests. */
    public void halt() {
        consumer.halt();
        outbox.halt();
        // A scheduler cannot be killed in-process; stopped, it leaves its rows as a killed one would between scans.
        reminders.close();
        // The database goes first, its open transactions aborted as a killed process's are: a send still on its way
        // out (its client shut down next) can record nothing.
        database.close();
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", e.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
