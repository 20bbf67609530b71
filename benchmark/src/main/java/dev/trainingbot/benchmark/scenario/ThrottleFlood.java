package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.metrics.PrometheusText;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The throttle under a flood, with the production defaults ({@code THROTTLE_*}, {@code TELEGRAM_*}) and the emulator
 * enforcing Telegram's limits: {@code users} users each send {@code burst} {@code /help} at once. Each should get at
 * most {@code THROTTLE_BURST} (5) answers and one "too many requests", and wait for them no longer than the flood
 * limits require: the bot's 30 messages a second for everybody's answers together, and a second per message to one
 * chat after a burst of 3.
 */
public final class ThrottleFlood implements Scenario {

    /** How both languages' "too many requests" begins. */
    private static final String NOTICE = "⏳";

    private static final int ALLOWED = 5;
    private static final double BOT_RATE = 30;
    private static final int BOT_BURST = 10;
    private static final int CHAT_BURST = 3;
    private static final double CHAT_RATE = 1;

    private final int users;
    private final int burst;

    public ThrottleFlood(int users, int burst) {
        this.users = users;
        this.burst = burst;
    }

    @Override
    public String name() {
        return "throttle";
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        try (ScenarioCluster cluster =
                ScenarioCluster.start(infrastructure, name(), ScenarioCluster.Shape.fleet(1), Map.of())) {
            List<TelegramUser> flooders = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                flooders.add(cluster.telegram().newUser("Flooder" + i, i % 2 == 0 ? "en" : "ru"));
            }
            int expected = users * (ALLOWED + 1);
            // What the flood limits require for the last of everybody's messages, were they sent back to back.
            double required = Math.max((expected - BOT_BURST) / BOT_RATE, (ALLOWED + 1 - CHAT_BURST) / CHAT_RATE);
            long started = System.nanoTime();
            long slowestBurst = 0;
            for (TelegramUser user : flooders) {
                long first = System.nanoTime();
                for (int i = 0; i < burst; i++) {
                    user.send("/help");
                }
                slowestBurst = Math.max(slowestBurst, System.nanoTime() - first);
            }
            double sendingTook = (System.nanoTime() - started) / 1e9;
            long deadline = System.nanoTime()
                    + Duration.ofSeconds((long) (required * 3) + 60).toNanos();
            while (System.nanoTime() < deadline
                    && !flooders.stream().allMatch(user -> user.sent().size() >= ALLOWED + 1)) {
                Thread.sleep(500);
            }
            // Time for an answer beyond the limits to show up, if there were one.
            Thread.sleep(3_000);
            Map<Long, List<Double>> byChat = cluster.telegram().requestLog().stream()
                    .filter(call -> call.method().equals("sendMessage") && call.status() == 200)
                    .collect(Collectors.groupingBy(
                            RequestRecord::chatId,
                            Collectors.mapping(call -> (call.endNanos() - started) / 1e9, Collectors.toList())));
            int overAnswered = 0;
            int wrongNotices = 0;
            List<Double> lastMessage = new ArrayList<>();
            for (TelegramUser user : flooders) {
                List<String> texts = user.sent().stream().map(BotMessage::text).toList();
                long notices =
                        texts.stream().filter(text -> text.startsWith(NOTICE)).count();
                if (texts.size() - notices > ALLOWED) {
                    overAnswered++;
                }
                if (notices != 1) {
                    wrongNotices++;
                }
                List<Double> times = byChat.getOrDefault(user.chatId(), List.of());
                lastMessage.add(
                        times.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            }
            lastMessage.sort(Double::compare);
            double median = lastMessage.get(lastMessage.size() / 2);
            double p90 = lastMessage.get((int) (lastMessage.size() * 0.9));
            double max = lastMessage.getLast();
            long refusals = cluster.telegram().floodRefusals();
            String decisions = PrometheusText.parse(cluster.workers().getFirst().scrape()).stream()
                    .filter(sample -> sample.name().equals("worker_guard_decisions_total") && sample.value() > 0)
                    .map(sample -> sample.labels().get("decision") + " " + (long) sample.value())
                    .sorted()
                    .collect(Collectors.joining(", "));
            long messages = byChat.values().stream().mapToLong(List::size).sum();
            Table table = new Table(
                    "users × burst",
                    "messages sent",
                    "users with > 5 answers",
                    "users without exactly 1 notice",
                    "last message p50 s",
                    "p90 s",
                    "max s",
                    "flood limits require s",
                    "429s");
            table.row(
                    users + " × " + burst,
                    messages,
                    (long) overAnswered,
                    (long) wrongNotices,
                    median,
                    p90,
                    max,
                    required,
                    refusals);
            // A tenth over what the limits require, plus a second for the Redis round trips of the flood control.
            boolean inTime = max <= required * 1.1 + 1;
            return new Section(name(), "The throttle under a flood")
                    .paragraph(String.format(
                            "%d users each send %d `/help` at once, with the production defaults (THROTTLE_BURST=5,"
                                    + " THROTTLE_RATE=1, TELEGRAM_GLOBAL_RATE=30, TELEGRAM_CHAT_RATE=1,"
                                    + " TELEGRAM_CHAT_BURST=3) and the emulator answering 429 beyond Telegram's limits."
                                    + " The throttle counts on the updates' arrival, so each user's burst is judged as"
                                    + " sent although one worker reaches the last of a chat's updates seconds later."
                                    + " \"Last message\" is when a user's last message (the notice) reached Telegram,"
                                    + " from the moment the burst began; the flood limits require %.1f s for the last"
                                    + " of all %d messages at 30 a second.",
                            users, burst, required, expected))
                    .table(table)
                    .paragraph(String.format(
                            "The guard's decisions (`worker_guard_decisions_total`): %s. Sending all bursts took"
                                    + " %.2f s, the slowest user's burst %.0f ms.",
                            decisions, sendingTook, slowestBurst / 1e6))
                    .check("≤ 5 answers per flooding user", overAnswered + " users over", overAnswered == 0)
                    .check(
                            "exactly one \"too many requests\" per flooding user",
                            wrongNotices + " users with another count",
                            wrongNotices == 0)
                    .check(
                            "no user waits longer than the flood limits require (+10 %)",
                            String.format("max %.1f s, required %.1f s", max, required), inTime)
                    .check("zero Telegram 429s", Long.toString(refusals), refusals == 0)
                    .summary(String.format(
                            "throttle: %d users × %d at once → %d messages, %d over 5 answers, %d without one notice,"
                                    + " last message p50 %.1f s / max %.1f s (limits require %.1f s), %d 429s; guard: %s",
                            users,
                            burst,
                            messages,
                            overAnswered,
                            wrongNotices,
                            median,
                            max,
                            required,
                            refusals,
                            decisions));
        }
    }
}
