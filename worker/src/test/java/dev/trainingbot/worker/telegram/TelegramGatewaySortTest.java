package dev.trainingbot.worker.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telegram.telegrambots.meta.api.interfaces.BotApiObject;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/** The gateway's one sort of Bot API failures into what the caller does next: wait, retry, give up, or mark. */
class TelegramGatewaySortTest {

    @Test
    void a429IsRetriedAfterTheWaitTelegramNamed() {
        TelegramException sorted =
                BotApiFailures.sort("sendMessage", answer(429, "Too Many Requests: retry after 7", 7));

        assertThat(sorted)
                .isInstanceOfSatisfying(
                        TelegramException.Retriable.class,
                        retriable -> assertThat(retriable.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @ParameterizedTest(name = "{0} is retriable")
    @ValueSource(ints = {500, 502, 503, 504, 401})
    void anUnavailableTelegramOrARevokedTokenIsRetriableWithoutAWait(int code) {
        TelegramException sorted = BotApiFailures.sort("sendMessage", answer(code, "failure", null));

        assertThat(sorted)
                .isInstanceOfSatisfying(
                        TelegramException.Retriable.class,
                        retriable -> assertThat(retriable.retryAfter()).isEmpty());
    }

    @Test
    void noAnswerAtAllIsRetriable() {
        TelegramException sorted = BotApiFailures.sort(
                "sendMessage", new TelegramApiException("Unable to execute", new HttpTimeoutException("timed out")));
        TelegramException reset = BotApiFailures.sort(
                "sendMessage", new TelegramApiException("Unable to execute", new IOException("Connection reset")));

        assertThat(sorted).isInstanceOf(TelegramException.Retriable.class);
        assertThat(reset).isInstanceOf(TelegramException.Retriable.class);
    }

    @ParameterizedTest(name = "{0} is permanent")
    @ValueSource(ints = {400, 404, 409})
    void aRequestTelegramRefusesIsPermanent(int code) {
        TelegramException sorted = BotApiFailures.sort("sendMessage", answer(code, "Bad Request: can't parse", null));

        assertThat(sorted)
                .isInstanceOfSatisfying(
                        TelegramException.Permanent.class,
                        permanent -> assertThat(permanent.errorCode()).isEqualTo(code));
    }

    @Test
    void aRequestTheClientRefusesToSendIsPermanent() {
        TelegramException sorted = BotApiFailures.sort(
                "sendMessage", new TelegramApiValidationException("Text can't be empty", (BotApiObject) null));

        assertThat(sorted).isInstanceOf(TelegramException.Permanent.class);
    }

    @Test
    void a403IsAUserWhoBlockedTheBot() {
        TelegramException sorted =
                BotApiFailures.sort("sendMessage", answer(403, "Forbidden: bot was blocked by the user", null));

        assertThat(sorted).isInstanceOf(TelegramException.BlockedByUser.class);
    }

    private static TelegramApiRequestException answer(int code, String description, Integer retryAfter) {
        ResponseParameters parameters = retryAfter == null ? null : new ResponseParameters(null, retryAfter);
        return new TelegramApiRequestException(
                "Error executing", new ApiResponse<>(false, code, description, parameters, null));
    }
}
