package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.Launcher;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.infra.Service;
import dev.trainingbot.benchmark.load.Distribution;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.metrics.Histogram;
import dev.trainingbot.benchmark.metrics.PrometheusText;
import dev.trainingbot.benchmark.report.Chart;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.FloodPolicy;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * An admin broadcasts to {@code audience} users under the flood limits: logs in with the password whose hash the
 * worker jar's {@code generate-admin-hash} made, writes the message, confirms; the fan-out goes through
 * {@code tg.outbox} to two workers, which share the bot-wide limit of {@code rate} messages a second through Redis
 * while the emulator enforces the same limit. Measures the delivery rate, 429s and how long the admin waited — and
 * a reply's latency to users pressing buttons at {@value #REPLY_RATE} a second, before the broadcast and while it is
 * delivered: replies have a lane of their own under the shared limit, and should not queue behind the broadcast.
 */
public final class BroadcastDelivery implements Scenario {

    private static final String PASSWORD = "benchmark broadcast password";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double REPLY_RATE = 20;

    private final int audience;
    private final double rate;

    public BroadcastDelivery(int audience, double rate) {
        this.audience = audience;
        this.rate = rate;
    }

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        Map<String, String> variables = Map.of(
                "ADMIN_PASS_HASH", adminHash(infrastructure.launcher()),
                "TELEGRAM_GLOBAL_RATE", Double.toString(rate),
                "TELEGRAM_GLOBAL_BURST", "10");
        try (ScenarioCluster cluster =
                ScenarioCluster.start(infrastructure, name(), ScenarioCluster.Shape.fleet(2), variables)) {
            cluster.telegram().enforce(new FloodPolicy(rate, rate, 1, 4, 20));
            Set<Long> audienceChats = seed(cluster);
            TelegramUser admin = cluster.telegram().newUser("Admin", "en");
            ConcurrentLinkedQueue<Long> deliveries = new ConcurrentLinkedQueue<>();
            cluster.telegram().onRequest(call -> {
                if (call.method().equals("sendMessage")
                        && call.status() == 200
                        && audienceChats.contains(call.chatId())) {
                    deliveries.add(call.startNanos());
                }
            });
            VirtualUsers users =
                    new VirtualUsers(cluster.telegram(), CourseLoad.MIN_GAP, CourseLoad.ANSWER_TIMEOUT, 11);
            users.join(CourseLoad.usersFor(REPLY_RATE, Duration.ofMillis(300)), REPLY_RATE);
            BotMessage menu = logIn(admin);
            admin.press(menu, "📣 Broadcast");
            admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), WAIT, "the prompt");
            admin.send("<b>Welcome week</b>: the onboarding party is on Friday at 17:00.");
            BotMessage preview = admin.awaitMessage(m -> m.text().contains("Send it to"), WAIT, "the preview");
            Duration replyWindow = Duration.ofSeconds(Math.max(5, Math.min(20, (long) (audience / rate / 2))));
            // Unmeasured: the fresh fleet's JIT warms up on the users' presses before the quiet window.
            CourseLoad.warmUp(users, REPLY_RATE, replyWindow);
            long quietFrom = System.nanoTime();
            users.drive(REPLY_RATE, replyWindow);
            long quietTo = System.nanoTime();
            users.awaitAnswers(Duration.ofSeconds(10));
            // The pressing users are not the broadcast's audience: a broadcast message is no answer to a press.
            excludeFromBroadcasts(cluster, users.chatIds());
            long confirmed = System.nanoTime();
            admin.pressContaining(preview, "✅");
            // The fan-out reads the audience at once; the users press again once it has.
            Thread.sleep(2_000);
            long busyFrom = System.nanoTime();
            users.drive(REPLY_RATE, replyWindow);
            long busyTo = System.nanoTime();
            Duration patience = Duration.ofSeconds((long) (audience / rate * 2) + 120);
            BotMessage finished = admin.awaitMessage(m -> m.text().contains("finished"), patience, "the final counts");
            double waited = (System.nanoTime() - confirmed) / 1e9;
            List<Long> times = new ArrayList<>(deliveries);
            times.sort(Long::compare);
            double measured =
                    times.size() < 2 ? Double.NaN : (times.size() - 10) / ((times.getLast() - times.getFirst()) / 1e9);
            int progressEdits = admin.messages().stream()
                    .filter(m -> m.messageId() == preview.messageId())
                    .mapToInt(BotMessage::editCount)
                    .findFirst()
                    .orElse(0);
            long refusals = cluster.telegram().floodRefusals();
            Table table = new Table(
                    "audience",
                    "delivered",
                    "configured rate/s",
                    "measured rate/s",
                    "confirm → final counts s",
                    "progress updates",
                    "429s");
            table.row((long) audience, (long) times.size(), rate, measured, waited, (long) progressEdits, refusals);
            Distribution quiet = users.replies().between(quietFrom, quietTo);
            Distribution during =
                    users.replies().between(busyFrom, Math.min(busyTo, times.isEmpty() ? busyTo : times.getLast()));
            Table replies = new Table("users pressing buttons", "answered", "e2e p50 ms", "e2e p99 ms", "e2e max ms");
            replies.row("before the broadcast", (long) quiet.count(), quiet.p50(), quiet.p99(), quiet.maxMillis());
            replies.row("while it is delivered", (long) during.count(), during.p50(), during.p99(), during.maxMillis());
            double ratio = during.p99() / quiet.p99();
            // The flood control's own part of it: how long each lane's messages waited for their turn.
            List<PrometheusText.Sample> samples = new ArrayList<>();
            for (Service worker : cluster.workers()) {
                samples.addAll(PrometheusText.parse(worker.scrape()));
            }
            Table waits = new Table("flood-limit wait (whole scenario)", "messages", "p50 ms", "p99 ms");
            for (String lane : List.of("reply", "bulk")) {
                Histogram wait =
                        Histogram.of(samples, "telegram_flood_wait_seconds", labels -> lane.equals(labels.get("lane")));
                waits.row(lane, (long) wait.count(), wait.quantileMillis(0.5), wait.quantileMillis(0.99));
            }
            List<double[]> perSecond = perSecond(times, confirmed);
            return new Section(name(), "Broadcast under the flood limits")
                    .paragraph(String.format(
                            "%,d users known to the bot; the admin logs in, writes, previews and confirms a"
                                    + " broadcast. Two workers deliver it from tg.outbox under a fleet-wide %,.0f"
                                    + " messages a second (Telegram's free tier is about 30; `--broadcast-rate 30`"
                                    + " runs that, %,.0f s for this audience), and the emulator answers 429 to"
                                    + " anything faster. The admin's final message: \"%s\"",
                            audience, rate, audience / 30.0, finished.text().replace('\n', ' ')))
                    .table(table)
                    .paragraph(String.format(
                            "Meanwhile %,d other users press buttons at %.0f a second for %d s before the broadcast"
                                    + " and again while it is delivered: their replies share the bot's limit with it.",
                            users.size(), REPLY_RATE, replyWindow.toSeconds()))
                    .table(replies)
                    .table(waits)
                    .chart(new Chart(
                                    "broadcast.svg",
                                    "Broadcast deliveries per second",
                                    "s after confirming",
                                    "messages/s",
                                    "")
                            .series("delivered/s", false, perSecond))
                    .check("zero Telegram 429s during a broadcast", Long.toString(refusals), refusals == 0)
                    .check("every user reached", times.size() + " of " + audience, times.size() == audience)
                    .check(
                            "a reply's p99 during a broadcast ≤ 2× without one",
                            String.format("%.1f ms vs %.1f ms (%.1f×)", during.p99(), quiet.p99(), ratio),
                            ratio <= 2)
                    .summary(String.format(
                            "broadcast: %,d of %,d delivered at %,.0f/s (limit %,.0f/s), %d 429s, %.0f s; reply p99 %.1f"
                                    + " ms during it, %.1f ms before",
                            times.size(), audience, measured, rate, refusals, waited, during.p99(), quiet.p99()));
        }
    }

    /** Users known to the bot, as if each had sent /start: a chat in the emulator and a row in {@code users}. */
    private Set<Long> seed(ScenarioCluster cluster) throws Exception {
        Set<Long> chats = new HashSet<>();
        try (Connection connection = cluster.database().connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO users (id, chat_id, first_name, language_code) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < audience; i++) {
                String language = i % 2 == 0 ? "en" : "ru";
                TelegramUser user = cluster.telegram().newUser("Member" + i, language);
                insert.setLong(1, user.id());
                insert.setLong(2, user.chatId());
                chats.add(user.chatId());
                insert.setString(3, user.firstName());
                insert.setString(4, language);
                insert.addBatch();
                if (i % 1_000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return Set.copyOf(chats);
    }

    /** Marks the chats as having blocked the bot, which broadcasts skip (until the user writes again). */
    private static void excludeFromBroadcasts(ScenarioCluster cluster, Set<Long> chats) throws Exception {
        try (Connection connection = cluster.database().connect();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE users SET blocked_at = now() WHERE chat_id = ?")) {
            for (long chat : chats) {
                update.setLong(1, chat);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static BotMessage logIn(TelegramUser admin) {
        admin.send("/admin");
        admin.awaitSent(1, WAIT);
        admin.send(PASSWORD);
        return admin.awaitSent(2, WAIT).getLast();
    }

    private static List<double[]> perSecond(List<Long> times, long origin) {
        if (times.isEmpty()) {
            return List.of();
        }
        int seconds = (int) ((times.getLast() - origin) / 1_000_000_000L) + 1;
        double[] counts = new double[seconds];
        for (long t : times) {
            counts[(int) Math.max(0, (t - origin) / 1_000_000_000L)]++;
        }
        List<double[]> points = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            points.add(new double[] {s, counts[s]});
        }
        return points;
    }

    /** The hash {@code java -jar worker.jar generate-admin-hash} prints for the password, as an operator makes it. */
    private static String adminHash(Launcher launcher) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Launcher.java(), "-jar", launcher.jar("worker").toString(), "generate-admin-hash")
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("generate-admin-hash failed: " + output);
        }
        return output.lines()
                .filter(line -> line.startsWith("$2"))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no hash in the output of generate-admin-hash: " + output));
    }
}
