package dev.trainingbot.common.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.common.config.TelegramSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Bot API calls made without the telegrambots model, for the few places that must see the raw JSON: the ingress's
 * {@code getUpdates} (it forwards each update's bytes untouched) and {@code setWebhook}, and health checks'
 * {@code getMe}. Handlers talk to Telegram through the worker's gateway instead.
 */
public final class RawBotApi {

    private final TelegramSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;

    public RawBotApi(TelegramSettings settings, HttpClient http, ObjectMapper json) {
        this.settings = settings;
        this.http = http;
        this.json = json;
    }

    /**
     * Calls {@code method} with JSON parameters and returns the raw response body of a successful call.
     *
     * @throws BotApiException when Telegram answers {@code ok:false}
     * @throws IOException when Telegram cannot be reached or answers something that is not the Bot API
     */
    public byte[] callRaw(String method, Map<String, ?> parameters, Duration timeout)
            throws IOException, InterruptedException, BotApiException {
        URI uri = settings.methodUri(method);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(parameters)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        throw failure(method, response);
    }

    /** Calls {@code method} and returns its {@code result}. */
    public JsonNode call(String method, Map<String, ?> parameters, Duration timeout)
            throws IOException, InterruptedException, BotApiException {
        JsonNode body = json.readTree(callRaw(method, parameters, timeout));
        if (!body.path("ok").asBoolean(false)) {
            throw new BotApiException(
                    method,
                    body.path("error_code").asInt(0),
                    body.path("description").asText(""),
                    OptionalInt.empty());
        }
        return body.path("result");
    }

    private BotApiException failure(String method, HttpResponse<byte[]> response) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(method + ": HTTP " + response.statusCode() + " without a Bot API answer", e);
        }
        if (body == null || !body.has("ok")) {
            throw new IOException(method + ": HTTP " + response.statusCode() + " without a Bot API answer");
        }
        JsonNode retryAfter = body.path("parameters").path("retry_after");
        return new BotApiException(
                method,
                body.path("error_code").asInt(response.statusCode()),
                body.path("description").asText(""),
                retryAfter.isNumber() ? OptionalInt.of(retryAfter.asInt()) : OptionalInt.empty());
    }
}
