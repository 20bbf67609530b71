package dev.trainingbot.worker.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.worker.pipeline.InboundRecord;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

class ArrivalTest {

    private static final long SENT_SECONDS = 1_800_000_000L;

    @Test
    void aLiveMessageArrivesWhenTheIngressReceivedIt() {
        long received = SENT_SECONDS * 1000 + 740;

        assertThat(Arrival.of(record(received), message(SENT_SECONDS))).hasValue(received);
    }

    @Test
    void aMessageThatWaitedAtTelegramArrivesInTheSecondTheUserSentIt() {
        // Telegram's webhook queue, or an ingress that was down for a minute, delivers it late.
        long received = (SENT_SECONDS + 60) * 1000;

        assertThat(Arrival.of(record(received), message(SENT_SECONDS))).hasValue(SENT_SECONDS * 1000 + 999);
    }

    @Test
    void anIngressClockBehindTelegramsStillPutsTheArrivalInTheSecondOfSending() {
        long received = SENT_SECONDS * 1000 - 2_500;

        assertThat(Arrival.of(record(received), message(SENT_SECONDS))).hasValue(SENT_SECONDS * 1000);
    }

    @Test
    void aButtonPressCarriesNoSendTimeAndArrivesWhenReceived() {
        Update update = new Update();
        update.setUpdateId(1);
        update.setCallbackQuery(new CallbackQuery());

        assertThat(Arrival.of(record(42_000), update)).hasValue(42_000);
    }

    @Test
    void withoutAnythingToGoByTheArrivalIsUnknown() {
        Update update = new Update();
        update.setUpdateId(1);

        assertThat(Arrival.of(
                        new InboundRecord("tg.updates", 0, 0, new ChatKey(7), new byte[0], OptionalLong.empty()),
                        update))
                .isEmpty();
    }

    private static InboundRecord record(long receivedAt) {
        return new InboundRecord("tg.updates", 0, 0, new ChatKey(7), new byte[0], OptionalLong.of(receivedAt));
    }

    private static Update message(long dateSeconds) {
        Message message = new Message();
        message.setDate((int) dateSeconds);
        Update update = new Update();
        update.setUpdateId(1);
        update.setMessage(message);
        return update;
    }
}
