package dev.trainingbot.benchmark.infra;

import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.TopicLayout;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.EmulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The fleet of one scenario, as processes: the audit-consumer, N workers and the ingress, each its service jar with
 * the environment a deployment gives it, talking to the run's broker (a fresh topic prefix), Redis (flushed) and a
 * PostgreSQL database of the scenario's own, and to a Telegram emulator that the ingress registers its webhook with.
 */
public final class ScenarioCluster implements AutoCloseable {

    /** {@code tg.updates} (and {@code tg.outbox}) partitions: room for the 4-worker scenario. */
    public static final int PARTITIONS = 4;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Infrastructure infrastructure;
    private final String scenario;
    private final BotApiEmulator telegram;
    private final TestDatabase database;
    private final KafkaSettings kafka;
    private final Map<String, String> environment;
    private final List<Service> workers = new ArrayList<>();
    private Service audit;
    private Service ingress;
    private int workersStarted;

    private ScenarioCluster(
            Infrastructure infrastructure,
            String scenario,
            BotApiEmulator telegram,
            TestDatabase database,
            KafkaSettings kafka,
            Map<String, String> environment) {
        this.infrastructure = infrastructure;
        this.scenario = scenario;
        this.telegram = telegram;
        this.database = database;
        this.kafka = kafka;
        this.environment = environment;
    }

    /** Which services a scenario runs. */
    public record Shape(boolean ingress, int workers, boolean audit) {

        /** The whole fleet with {@code workers} workers. */
        public static Shape fleet(int workers) {
            return new Shape(true, workers, true);
        }
    }

    /**
     * Starts the fleet of {@code scenario} in {@code shape}; {@code overrides} are variables set on top of the
     * defaults below (a scenario's flood limits, say).
     */
    public static ScenarioCluster start(
            Infrastructure infrastructure, String scenario, Shape shape, Map<String, String> overrides)
            throws Exception {
        infrastructure.ownRedis().ifPresent(RedisServer::flushAll);
        BotApiEmulator telegram = BotApiEmulator.start(EmulatorOptions.defaults());
        TestDatabase database = TestDatabase.create();
        KafkaSettings kafka = new KafkaSettings(
                infrastructure.broker().bootstrapServers(),
                "bench-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 6) + ".");
        try (Admin admin = Admin.create(KafkaClients.admin(kafka, "benchmark-admin"))) {
            new TopicLayout(PARTITIONS, 2, (short) 1).ensure(admin, kafka.topics());
        }
        int ingressPort = Launcher.freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("ENV_FILE", infrastructure.envFile().toString());
        environment.put("LOG_FORMAT", "text");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("KAFKA_TOPIC_PREFIX", kafka.topicPrefix());
        environment.put("REDIS_URL", infrastructure.redisUrl());
        environment.put("DATABASE_URL", database.url());
        environment.put("BOT_TOKEN", telegram.token());
        environment.put("TELEGRAM_API_URL", telegram.baseUrl());
        environment.put("INGRESS_MODE", "webhook");
        environment.put("WEBHOOK_SECRET", UUID.randomUUID().toString().replace("-", ""));
        environment.put("WEBHOOK_URL", "http://127.0.0.1:" + ingressPort + "/telegram/webhook");
        environment.put("CONTENT_PATH", "content/course.yaml");
        environment.putAll(overrides);
        ScenarioCluster cluster = new ScenarioCluster(infrastructure, scenario, telegram, database, kafka, environment);
        try {
            // All at once: the JVMs start in parallel, as a deployment's pods do.
            if (shape.audit()) {
                cluster.audit = cluster.launch("audit-consumer", "audit-consumer", Launcher.freePort());
            }
            for (int i = 0; i < shape.workers(); i++) {
                cluster.workers.add(
                        cluster.launch("worker-" + ++cluster.workersStarted, "worker", Launcher.freePort()));
            }
            if (shape.ingress()) {
                cluster.ingress = cluster.launch("ingress", "ingress", ingressPort);
            }
            for (Service service : cluster.services()) {
                service.awaitReady(START_TIMEOUT);
            }
            if (shape.workers() > 0) {
                cluster.awaitGroup(shape.workers());
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public BotApiEmulator telegram() {
        return telegram;
    }

    public TestDatabase database() {
        return database;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public Service ingress() {
        return ingress;
    }

    public Service audit() {
        return audit;
    }

    public List<Service> workers() {
        return List.copyOf(workers);
    }

    /** Every service process of the fleet that runs. */
    public List<Service> services() {
        List<Service> all = new ArrayList<>(workers);
        if (ingress != null) {
            all.add(ingress);
        }
        if (audit != null) {
            all.add(audit);
        }
        return all;
    }

    /** Starts the audit-consumer of a cluster shaped without one, and waits until it is ready. */
    public Service startAudit() {
        audit = launch("audit-consumer", "audit-consumer", Launcher.freePort());
        audit.awaitReady(START_TIMEOUT);
        return audit;
    }

    /**
     * The processes to account resources to, by group: the services, the broker, the run's own Redis (PostgreSQL's
     * backends are found by {@link dev.trainingbot.benchmark.metrics.ResourceUse} itself).
     */
    public Map<String, List<ChildProcess>> processGroups() {
        Map<String, List<ChildProcess>> groups = new LinkedHashMap<>();
        if (ingress != null) {
            groups.put("ingress", List.of(ingress.process()));
        }
        if (!workers.isEmpty()) {
            groups.put("workers", workers.stream().map(Service::process).toList());
        }
        if (audit != null) {
            groups.put("audit-consumer", List.of(audit.process()));
        }
        groups.put("kafka", List.of(infrastructure.broker().process()));
        infrastructure.ownRedis().ifPresent(redis -> groups.put("redis", List.of(redis.process())));
        return groups;
    }

    /** Starts one more worker and waits until it is ready (it joins the group in the background). */
    public Service addWorker() {
        Service worker = launch("worker-" + ++workersStarted, "worker", Launcher.freePort());
        worker.awaitReady(START_TIMEOUT);
        workers.add(worker);
        return worker;
    }

    /** SIGTERM: the worker drains, commits and leaves the group, as in a scale-down. */
    public void stopWorker(Service worker) {
        workers.remove(worker);
        worker.process().stop();
    }

    /** SIGKILL: the worker dies as with its node; its partitions move once its Kafka session times out. */
    public void kill(Service worker) {
        workers.remove(worker);
        worker.process().kill();
    }

    /**
     * Waits until {@code members} workers share all {@code tg.updates} partitions: a scenario that starts while the
     * group still rebalances measures the rebalance.
     */
    public void awaitGroup(int members) throws InterruptedException, ExecutionException, TimeoutException {
        String group = kafka.group("workers");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(KafkaClients.admin(kafka, "benchmark-group-probe"))) {
            while (true) {
                ConsumerGroupDescription description = describe(admin, group);
                int assigned = description == null
                        ? 0
                        : description.members().stream()
                                .map(MemberDescription::assignment)
                                .mapToInt(a -> (int) a.topicPartitions().stream()
                                        .filter(tp ->
                                                tp.topic().equals(kafka.topics().updates()))
                                        .count())
                                .sum();
                if (description != null && description.members().size() == members && assigned == PARTITIONS) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "group " + group + " did not settle on " + members + " members: " + description);
                }
                Thread.sleep(250);
            }
        }
    }

    /** The group as the broker sees it, or null while no member has joined it yet. */
    private static ConsumerGroupDescription describe(Admin admin, String group)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    /** A variable of the fleet's environment. */
    public String variable(String name) {
        return environment.get(name);
    }

    private Service launch(String name, String service, int port) {
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("HTTP_PORT", Integer.toString(port));
        return new Service(infrastructure.launcher().service(scenario + "-" + name, service, variables), port);
    }

    /** Stops the ingress first, then the workers, then the audit-consumer, as a rolling shutdown would. */
    @Override
    public void close() {
        if (ingress != null) {
            ingress.process().stop();
        }
        workers.parallelStream().forEach(worker -> worker.process().stop());
        if (audit != null) {
            audit.process().stop();
        }
        telegram.close();
        database.close();
    }
}
