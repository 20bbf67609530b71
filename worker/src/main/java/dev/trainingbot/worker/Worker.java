package dev.trainingbot.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.DatabaseProbe;
import dev.trainingbot.common.http.HttpEndpoints;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaProbe;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.common.redis.RedisProbe;
import dev.trainingbot.common.retry.Backoff;
import dev.trainingbot.worker.consume.UpdateConsumer;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.course.content.CourseUpdates;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.language.CommandMenu;
import dev.trainingbot.worker.reminder.ReminderRule;
import dev.trainingbot.worker.reminder.ReminderRules;
import dev.trainingbot.worker.reminder.Reminders;
import dev.trainingbot.worker.route.RouteExtension;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: everything {@link WorkerMain} wires — its {@link Connections}, then its {@link Consumers} and all
 * they run — in one place, so that a test starts a worker exactly as production does. {@link #close()} drains and
 * commits; {@link #halt()} stops as a crash would.
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
        Connections connections = Connections.open(config, instance, languages, metrics, resources);
        CourseCatalog course = connections.content().catalog();
        log.info(
                "course version {} (file {}): {} sections; the bot speaks {} (default {})",
                course.currentVersion().number(),
                config.contentPath(),
                course.current().sections().size(),
                languages.codes(),
                languages.defaultLanguage());
        Consumers consumers = Consumers.wire(
                config,
                metrics,
                routes,
                clock,
                instance,
                json,
                topics,
                languages,
                messages,
                reminderRules,
                connections,
                resources);
        UpdateConsumer consumer = consumers.updates();
        UpdateConsumer outbox = consumers.outbox();
        Reminders reminders = consumers.reminders();

        // Before /readyz answers and the first update is taken: the JIT compiles the parsing, rendering and writing
        // on made-up data, not on the first users' time.
        WarmUp.run(config.warmUp(), json, consumers.screens(), course.current(), languages);
        HttpEndpoints endpoints = HttpEndpoints.start(
                config.http(),
                metrics,
                () -> consumer.alive() && outbox.alive(),
                List.of(
                        new DatabaseProbe(connections.database()),
                        new RedisProbe(connections.redis()),
                        new KafkaProbe(
                                connections.admin(), List.of(topics.updates(), topics.audit(), topics.deadLetters()))),
                Map.of());
        resources.push(endpoints);
        // The menu is registered beside the work: the worker serves whether or not Telegram takes it now.
        CommandMenu menu = new CommandMenu(
                connections.telegram(),
                connections.redis().throttle().async(),
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
        return new Worker(
                consumer, outbox, reminders, connections.content(), connections.database(), endpoints, resources);
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
