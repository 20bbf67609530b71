package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.infra.Infrastructure;
import dev.trainingbot.benchmark.infra.ScenarioCluster;
import dev.trainingbot.benchmark.load.VirtualUsers;
import dev.trainingbot.benchmark.report.Section;
import dev.trainingbot.benchmark.report.Table;
import java.time.Duration;
import java.util.List;

/**
 * A slow Telegram: every Bot API call answered after 50 ms, one worker. A worker that handled a partition's records
 * one at a time would manage 1 / (2 calls × 50 ms) = 10 presses a second per partition; handling chats concurrently
 * (in order within each) it keeps up with the users: at 1,000 presses a second ({@code telegram-50ms}, DESIGN.md's
 * target), and at the everyday 100 ({@code telegram-50ms-everyday}), where the latency a user sees is the point.
 */
public final class TelegramLatency implements Scenario {

    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final List<String> METHODS =
            List.of("sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery");

    private final String name;
    private final LoadFleets fleets;
    private final double rate;
    private final Duration duration;

    public TelegramLatency(String name, LoadFleets fleets, double rate, Duration duration) {
        this.name = name;
        this.fleets = fleets;
        this.rate = rate;
        this.duration = duration;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sharesTheLoadFleet() {
        return true;
    }

    @Override
    public Section run(Infrastructure infrastructure) throws Exception {
        LoadFleets.LoadFleet fleet = fleets.obtain(infrastructure, 1);
        ScenarioCluster cluster = fleet.cluster();
        VirtualUsers users = fleet.usersFor(rate, Duration.ofMillis(400));
        METHODS.forEach(method -> cluster.telegram().delay(method, LATENCY));
        try {
            CourseLoad.warmUp(users, rate, Duration.ofSeconds(5));
            LoadFigures f = CourseLoad.measure(cluster, users, rate, duration);
            Table table = CourseLoad.loadTable("workers");
            CourseLoad.loadRow(table, 1, f);
            boolean met = f.answeredPerSecond() >= 0.95 * rate && f.timedOut() == 0;
            return new Section(name, String.format("Telegram answering after 50 ms, %,.0f presses a second", rate))
                    .paragraph(String.format(
                            "One worker, %,d users, %,.0f presses a second; the emulator answers every call after %d"
                                    + " ms (a press costs two, made at once: the button's answer and the edit).",
                            users.size(), rate, LATENCY.toMillis()))
                    .table(table)
                    .table(CourseLoad.resourceTable(f))
                    .check(
                            String.format("one worker sustains ≥ %,.0f updates/s with 50 ms of Telegram latency", rate),
                            String.format("%,.0f/s", f.answeredPerSecond()),
                            met)
                    .summary(String.format(
                            "%s: 1 worker, answered %,.0f/s of %,.0f, e2e p50 %.0f ms p99 %.0f ms",
                            name,
                            f.answeredPerSecond(),
                            rate,
                            f.endToEnd().p50(),
                            f.endToEnd().p99()));
        } finally {
            cluster.telegram().clearFaults();
            users.awaitAnswers(CourseLoad.ANSWER_TIMEOUT);
        }
    }
}
