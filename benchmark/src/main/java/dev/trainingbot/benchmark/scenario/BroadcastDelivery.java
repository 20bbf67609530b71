package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.Launcher;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * An admin broadcasts to {@code audience} users under the flood limits: logs in with the password whose hash the
 * worker jar's {@code generate-admin-hash} made, writes the message, confirms; the fan-out goes through
 * {@code tg.outbox} to two workers, which share the bot-wide limit of {@code rate} messages a second through Redis
 * while the emulator enforces the same limit. Measures the delivery rate, 429s and how long the admin waited.
 */
public final class BroadcastDelivery implements Scenario {

    private static final String PASSWORD = "benchmark broadcast password";
    private static final Duration WAIT = Duration.ofSeconds(60);

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
            seed(cluster);
            TelegramUser admin = cluster.telegram().newUser("Admin", "en");
            ConcurrentLinkedQueue<Long> deliveries = new ConcurrentLinkedQueue<>();
            cluster.telegram().onRequest(call -> {
                if (call.method().equals("sendMessage") && call.status() == 200 && call.chatId() != admin.chatId()) {
                    deliveries.add(call.startNanos());
                }
            });
            BotMessage menu = logIn(admin);
            admin.press(menu, "📣 Broadcast");
            admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), WAIT, "the prompt");
            admin.send("<b>Welcome week</b>: the onboarding party is on Friday at 17:00.");
            BotMessage preview = admin.awaitMessage(m -> m.text().contains("Send it to"), WAIT, "the preview");
            long confirmed = System.nanoTime();
            admin.pressContaining(preview, "✅");
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
                    .chart(new Chart(
                                    "broadcast.svg",
                                    "Broadcast deliveries per second",
                                    "s after confirming",
                                    "messages/s",
                                    "")
                            .series("delivered/s", false, perSecond))
                    .check("zero Telegram 429s during a broadcast", Long.toString(refusals), refusals == 0)
                    .check("every user reached", times.size() + " of " + audience, times.size() == audience)
                    .summary(String.format(
                            "broadcast: %,d of %,d delivered at %,.0f/s (limit %,.0f/s), %d 429s, %.0f s",
                            times.size(), audience, measured, rate, refusals, waited));
        }
    }

    /** Users known to the bot, as if each had sent /start: a chat in the emulator and a row in {@code users}. */
    private void seed(ScenarioCluster cluster) throws Exception {
        try (Connection connection = cluster.database().connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO users (id, chat_id, first_name, language_code) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < audience; i++) {
                String language = i % 2 == 0 ? "en" : "ru";
                TelegramUser user = cluster.telegram().newUser("Member" + i, language);
                insert.setLong(1, user.id());
                insert.setLong(2, user.chatId());
                insert.setString(3, user.firstName());
                insert.setString(4, language);
                insert.addBatch();
                if (i % 1_000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
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
