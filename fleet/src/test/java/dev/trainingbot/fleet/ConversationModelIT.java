package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.WorkerConfig;
import dev.trainingbot.worker.course.content.CourseLoader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A model-based test of the conversation: generated scripts of user actions ({@link UserAction}) — commands, free
 * text, presses of any button of any message the bot sent, stale and forged ones, logins with right, wrong and too
 * long passwords, expiring sessions and prompts, broadcasts composed, retyped, confirmed and cancelled, learners
 * found, shown, reset and written to by an admin, blocking and unblocking the bot, and Telegram failing for a moment —
 * played by several users at once against the whole fleet,
 * under the production defaults and Telegram's flood limits. After every input ({@link ModelUser}): the update is not
 * dead-lettered and finishes within a bound (no chat stalls), a pressed button is answered exactly once and no
 * message is sent twice for one update (unless Telegram failed meanwhile: a message whose answer was lost is sent
 * again), the stored conversation is legal ({@link StoredConversation}), {@code users.blocked_at} follows blocking,
 * and the admin login locks only after {@code ADMIN_MAX_FAILURES} real wrong passwords. After every try: nothing of
 * its users is on the dead-letter topic, and the password is in no audit row.
 *
 * <p>The whole fleet rather than a worker fed directly, because the properties live in its parts: dead-lettering is
 * the consumer's retry loop over Kafka, a bad audit detail stops the audit-consumer, and what Telegram sends comes
 * through the ingress. Every user waits for the bot before acting again, as people do, so Telegram's one message per
 * second per chat paces each user and several users keep the fleet busy.
 *
 * <p>CI runs the fixed seed with {@value #TRIES} tries of {@value #USERS} users and {@value #STEPS}/2 to
 * {@value #STEPS} actions each; {@code -Dconversation.model.tries=}, {@code .users=}, {@code .steps=} and
 * {@code .seed=} (a seed, or {@code random}) run it longer or elsewhere ({@link ModelRunSize}). A failure names the
 * seed that reproduces its scripts.
 */
class ConversationModelIT {

    static final int TRIES = 3;
    static final int USERS = 5;
    static final int STEPS = 20;
    private static final String PASSWORD = "correct horse battery staple";

    private static FleetUnderTest fleet;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> fsm;
    private static StatefulRedisConnection<String, String> throttle;
    private static ModelWorld world;

    @BeforeContainer
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(2)
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .start();
        redisClient = RedisClient.create();
        fsm = fleet.redis.connect(redisClient, fleet.redis.fsmDb());
        throttle = fleet.redis.connect(redisClient, fleet.redis.throttleDb());
        WorkerConfig config = WorkerConfig.from(fleet.env);
        world = new ModelWorld(
                fleet,
                new FleetQueries(fleet.database),
                fsm.sync(),
                throttle.sync(),
                CourseLoader.load(config.contentPath()),
                PASSWORD,
                config.admin().maxFailures(),
                config.admin().passwordPrompt(),
                Duration.ofSeconds(30),
                new AtomicLong());
    }

    @AfterContainer
    static void stop() {
        if (fsm != null) {
            fsm.close();
            throttle.close();
            redisClient.shutdown();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Property(tries = TRIES, seed = "1201", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(ModelRunSize.class)
    void noUserActionIsDeadLetteredAndNoChatStalls(@ForAll("scripts") List<List<UserAction>> scripts) throws Exception {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            users.add(fleet.telegram.newUser("Model" + i, i % 3 == 2 ? "ru" : "en"));
        }
        List<String> violations = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<ModelUser> players = new ArrayList<>();
            List<Future<List<String>>> played = new ArrayList<>();
            for (int i = 0; i < scripts.size(); i++) {
                ModelUser user = new ModelUser(world, users.get(i));
                List<UserAction> script = scripts.get(i);
                players.add(user);
                played.add(threads.submit(() -> user.play(script)));
            }
            for (Future<List<String>> result : played) {
                violations.addAll(result.get());
            }
            // What the scripts reached — which handlers ran and how their updates ended — for whoever reads the run.
            Map<String, Long> reached = players.stream()
                    .flatMap(user -> user.handled().stream())
                    .collect(Collectors.groupingBy(handled -> handled, TreeMap::new, Collectors.counting()));
            System.out.println("conversation model try: "
                    + reached.values().stream().mapToLong(Long::longValue).sum() + " updates " + reached);
        } finally {
            fleet.telegram.clearFaults();
        }
        Set<Long> chats = users.stream().map(TelegramUser::chatId).collect(Collectors.toSet());
        fleet.deadLetters().stream()
                .filter(dead -> chats.contains(Long.parseLong(new String(dead.key(), StandardCharsets.US_ASCII))))
                .forEach(dead -> violations.add("on the dead-letter topic, for "
                        + RecordHeaders.readText(dead.headers(), RecordHeaders.ERROR_MESSAGE)
                                .orElse("?") + ": "
                        + new String(dead.value(), StandardCharsets.UTF_8).replace(PASSWORD, "<the password>")));
        long leaks = world.db().count("SELECT count(*) FROM audit_log WHERE strpos(details::text, ?) > 0", PASSWORD);
        if (leaks > 0) {
            violations.add("the password is in " + leaks + " audit rows");
        }
        assertThat(violations)
                .as(
                        "broken properties (seed %s: -Dconversation.model.seed=%s reproduces the scripts)",
                        ModelRunSize.seed(), ModelRunSize.seed())
                .isEmpty();
    }

    @Provide
    Arbitrary<List<List<UserAction>>> scripts() {
        // Uniform lengths from half the steps up: jqwik's usual bias to short lists would leave most scripts trivial.
        return UserAction.any()
                .list()
                .ofMinSize(Math.max(1, ModelRunSize.steps() / 2))
                .ofMaxSize(ModelRunSize.steps())
                .withSizeDistribution(RandomDistribution.uniform())
                .list()
                .ofSize(ModelRunSize.users());
    }
}
