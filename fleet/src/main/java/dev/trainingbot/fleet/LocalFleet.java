package dev.trainingbot.fleet;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.TopicLayout;
import dev.trainingbot.ingress.StartRefusedException;
import dev.trainingbot.testkit.kafka.EmbeddedKafkaBroker;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.EmulatorOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole fleet on one machine with nothing installed but a JDK: an embedded KRaft Kafka broker, the ingress, two
 * workers and the audit-consumer, in one process. Without {@code BOT_TOKEN} the
 * bot talks to the project's Telegram emulator, whose page lets a person chat with it in a browser; with
 * {@code BOT_TOKEN} it talks to the real Telegram in polling mode. Ctrl-C stops everything gracefully.
 *
 * <p>Settings come from the environment and {@code .env.local} (not {@code .env}, the Compose deployment's).
 * {@code REDIS_URL} and {@code DATABASE_URL} name the servers; unset, the local ones on the default ports are used
 * when they answer, else a {@code redis-server} and an embedded PostgreSQL (data under {@code .local/postgres}) are
 * started; what cannot be had is told with what to do ({@link LocalServers}). Every other variable of the services may
 * be set too. {@code EMULATOR_PORT} (default 8090), {@code WORKERS} (default 2).
 */
public final class LocalFleet {

    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";
    private static final String DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/trainingbot";

    private LocalFleet() {}

    /** The local run's own settings; {@code .env} is the Compose deployment's, whose host names resolve only there. */
    static final String ENV_FILE = ".env.local";

    /** Where the embedded PostgreSQL keeps its data between runs (gitignored). */
    static final Path DATA_DIRECTORY = Path.of(".local", "postgres");

    public static void main(String[] args) throws Exception {
        if (Files.isRegularFile(Path.of(".env")) && !Files.isRegularFile(Path.of(ENV_FILE))) {
            System.out.println("bin/fleet reads " + ENV_FILE
                    + ", not .env (the Compose deployment's, whose hosts redis,"
                    + " postgres and kafka exist only inside Compose): put the local run's settings in " + ENV_FILE
                    + ".");
        }
        Env env = Env.system(Path.of(ENV_FILE));
        int workers;
        int emulatorPort;
        try {
            ConfigReader config = new ConfigReader(env);
            workers = config.integer("WORKERS", 2, 1, 16);
            emulatorPort = config.integer("EMULATOR_PORT", 8090, 0, 65_535);
            config.validate();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalServers servers = LocalServers.provide(env, DEFAULT_REDIS, DEFAULT_DATABASE, DATA_DIRECTORY);
        if (!servers.problems().isEmpty()) {
            servers.problems().forEach(System.err::println);
            servers.close();
            System.exit(1);
            return;
        }
        Env local = env.with(servers.urls());

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), "");
        try (Admin admin = Admin.create(KafkaClients.admin(kafka, "local-fleet"))) {
            new TopicLayout(4, 2, (short) 1).ensure(admin, kafka.topics());
        }

        Map<String, String> fleetEnv = new HashMap<>(local.asMap());
        fleetEnv.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        fleetEnv.putIfAbsent("LOG_FORMAT", "text");
        BotApiEmulator emulator = null;
        if (local.get("BOT_TOKEN").isEmpty()) {
            emulator = BotApiEmulator.start(EmulatorOptions.defaults().withPort(emulatorPort));
            int ingressPort = local.get("HTTP_PORT").map(Integer::parseInt).orElseGet(LocalFleet::freePort);
            fleetEnv.put("BOT_TOKEN", emulator.token());
            fleetEnv.put("TELEGRAM_API_URL", emulator.baseUrl());
            fleetEnv.put("INGRESS_MODE", "webhook");
            fleetEnv.put("WEBHOOK_SECRET", UUID.randomUUID().toString().replace("-", ""));
            fleetEnv.put("WEBHOOK_URL", "http://127.0.0.1:" + ingressPort + "/telegram/webhook");
            fleetEnv.put("HTTP_PORT", Integer.toString(ingressPort));
        } else {
            fleetEnv.put("INGRESS_MODE", "polling");
        }

        Fleet fleet;
        try {
            fleet = Fleet.start(Env.of(fleetEnv), workers);
        } catch (StartRefusedException e) {
            // A real bot that runs on a webhook: polling from here would take it off it.
            System.err.println(e.getMessage());
            broker.close();
            System.exit(2);
            return;
        }
        BotApiEmulator chat = emulator;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping the local fleet");
                            fleet.close();
                            if (chat != null) {
                                chat.close();
                            }
                            broker.close();
                            servers.close();
                            stopped.countDown();
                        },
                        "local-fleet-shutdown"));
        System.out.println();
        System.out.println("trainingbot is running: ingress, " + workers + " workers, audit-consumer, Kafka on "
                + broker.bootstrapServers() + ".");
        if (chat != null) {
            System.out.println("Chat with the bot in a browser: " + chat.baseUrl() + "/");
        } else {
            System.out.println("Talking to the real Telegram in polling mode: write to your bot.");
        }
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
