package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The emulator's browser chat: {@code /} serves a page where a person is one of a few Telegram users — types
 * messages and commands, sees the bot's messages with their formatting and buttons, presses buttons, sees edits in
 * place — and {@code /chat/api/…} is the small JSON API the page uses:
 *
 * <ul>
 *   <li>{@code GET /chat/api/users}: the bot's name and the users;
 *   <li>{@code GET /chat/api/files/<file_id>}: a file the bot sent (a photo shows in the chat);
 *   <li>{@code POST /chat/api/users} {@code {"name":…,"language":…}}: a new user;
 *   <li>{@code GET /chat/api/users/<id>/chat?after=<version>}: the chat, once it changed past {@code version} (long
 *       poll, at most 20 s);
 *   <li>{@code POST /chat/api/users/<id>/send} {@code {"text":…}} and {@code …/press} {@code {"messageId":…,
 *       "data":…}}.
 * </ul>
 */
final class ChatPage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG_POLL = Duration.ofSeconds(20);

    private final BotApiEmulator emulator;
    private final byte[] html;

    ChatPage(BotApiEmulator emulator) {
        this.emulator = emulator;
        try (InputStream in = ChatPage.class.getResourceAsStream("/emulator/chat.html")) {
            this.html = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the chat page is missing from the testkit", e);
        }
    }

    void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "not found\n".getBytes());
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8", html);
        }
    }

    void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI()
                    .getPath()
                    .substring("/chat/api/".length())
                    .split("/");
            String method = exchange.getRequestMethod();
            JsonNode body = method.equals("POST")
                    ? JSON.readTree(exchange.getRequestBody().readAllBytes())
                    : null;
            if (path.length == 2 && path[0].equals("files")) {
                Optional<Document> file = emulator.file(path[1]);
                if (file.isEmpty()) {
                    respond(exchange, 404, "text/plain", "no such file".getBytes(StandardCharsets.UTF_8));
                } else {
                    respond(exchange, 200, contentType(file.get()), file.get().content());
                }
                return;
            }
            if (path.length == 1 && path[0].equals("users")) {
                if (method.equals("POST")) {
                    TelegramUser user = emulator.newUser(
                            body.path("name").asText("Guest"),
                            body.path("language").asText("").isEmpty()
                                    ? null
                                    : body.path("language").asText());
                    json(exchange, user(user));
                } else {
                    ObjectNode state = JSON.createObjectNode().put("bot", emulator.username());
                    ArrayNode users = state.putArray("users");
                    emulator.users().forEach(user -> users.add(user(user)));
                    json(exchange, state);
                }
                return;
            }
            Optional<TelegramUser> user = path.length == 3 && path[0].equals("users")
                    ? emulator.users().stream()
                            .filter(u -> Long.toString(u.id()).equals(path[1]))
                            .findFirst()
                    : Optional.empty();
            if (user.isEmpty()) {
                respond(exchange, 404, "application/json", "{\"error\":\"no such user\"}".getBytes());
                return;
            }
            switch (path[2]) {
                case "chat" -> {
                    int after = query(exchange, "after").map(Integer::parseInt).orElse(-1);
                    user.get().awaitChange(after, LONG_POLL);
                    json(exchange, user.get().page());
                }
                case "send" -> {
                    String text = body.path("text").asText("").strip();
                    if (!text.isEmpty()) {
                        user.get().send(text);
                    }
                    json(exchange, JSON.createObjectNode().put("ok", true));
                }
                case "press" -> {
                    user.get()
                            .pressCallbackData(
                                    body.path("messageId").asInt(),
                                    body.path("data").asText());
                    json(exchange, JSON.createObjectNode().put("ok", true));
                }
                default -> respond(exchange, 404, "application/json", "{\"error\":\"not found\"}".getBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode user(TelegramUser user) {
        return JSON.createObjectNode()
                .put("id", user.id())
                .put("name", user.firstName())
                .put("language", user.languageCode());
    }

    private static Optional<String> query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Optional.of(pair.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static String contentType(Document file) {
        String type = file.mimeType() == null ? "" : file.mimeType();
        return type.isEmpty()
                        || type.equals("application/octet-stream")
                                && file.kind().equals("photo")
                ? "image/" + (file.fileName().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "png" : "jpeg")
                : type;
    }

    private static void json(HttpExchange exchange, JsonNode body) throws IOException {
        respond(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
