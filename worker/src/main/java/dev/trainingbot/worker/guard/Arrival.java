package dev.trainingbot.worker.guard;

import dev.trainingbot.worker.pipeline.InboundRecord;
import java.time.Duration;
import java.util.OptionalLong;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * When an update arrived, the clock the throttle counts on.
 *
 * <p>It is the ingress's {@code received-at} header rather than the Kafka record's timestamp: the header is the
 * project's contract, taken when the webhook request (or the {@code getUpdates} answer) came in, while the record's
 * timestamp is whatever the topic's {@code message.timestamp.type} makes it — with {@code LogAppendTime} the broker's
 * append, which after a producer retry or a broker failover lags the user by seconds. The record's timestamp stands in
 * only for records without the header (produced by something other than the ingress).
 *
 * <p>Updates that waited in Kafka (a worker outage, a restart, a rebalance) keep the time they arrived, so a backlog is
 * judged as the user sent it: ten messages within 50 ms are a flood however late a worker reads them, one a second
 * before the outage is not. Updates that waited at Telegram instead — the ingress was down, or a poller catches up —
 * reach the ingress bunched, so their {@code received-at} says nothing about the user's pace: when the update carries
 * the time the user sent it (a message's {@code date}, an edit's {@code edit_date}, in whole seconds) and arrived more
 * than {@link #TELEGRAM_BACKLOG} after it, that send time is the arrival. Button presses carry no send time; a backlog
 * of them is judged by when they reached the ingress.
 */
public final class Arrival {

    /**
     * How much later than its send time an update may reach the ingress and still count as arriving live: Telegram's
     * dates are whole seconds, and its webhook takes a moment; beyond this the update waited in Telegram's queue.
     */
    public static final Duration TELEGRAM_BACKLOG = Duration.ofSeconds(10);

    private Arrival() {}

    /** The update's arrival in epoch milliseconds, or empty when nothing says (the guard then uses Redis's time). */
    public static OptionalLong of(InboundRecord record, Update update) {
        OptionalLong received = record.receivedAtMillis();
        long sentSeconds = sentSeconds(update);
        if (sentSeconds <= 0) {
            return received;
        }
        long sent = sentSeconds * 1000;
        if (received.isEmpty() || received.getAsLong() - sent > TELEGRAM_BACKLOG.toMillis()) {
            return OptionalLong.of(sent);
        }
        return received;
    }

    private static long sentSeconds(Update update) {
        if (update.hasMessage() && update.getMessage().getDate() != null) {
            return update.getMessage().getDate();
        }
        if (update.hasEditedMessage() && update.getEditedMessage().getEditDate() != null) {
            return update.getEditedMessage().getEditDate();
        }
        return 0;
    }
}
