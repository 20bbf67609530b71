package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The Bot API methods the emulator answers, with Telegram's own validation and error texts. */
final class BotMethods {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 4096;
    private static final int MAX_CAPTION = 1024;

    private final ChatDirectory chats;
    private final UpdateQueue updates;
    private final ObjectNode bot;
    private final CommandMenus menus;
    private final MediaFiles files;
    private final UserFiles userFiles;

    BotMethods(
            ChatDirectory chats,
            UpdateQueue updates,
            ObjectNode bot,
            CommandMenus menus,
            MediaFiles files,
            UserFiles userFiles) {
        this.chats = chats;
        this.updates = updates;
        this.bot = bot;
        this.menus = menus;
        this.files = files;
        this.userFiles = userFiles;
    }

    private static final java.util.Map<String, String> CANONICAL = java.util.stream.Stream.of(
                    "getMe",
                    "getUpdates",
                    "setWebhook",
                    "deleteWebhook",
                    "getWebhookInfo",
                    "sendMessage",
                    "editMessageText",
                    "editMessageReplyMarkup",
                    "answerCallbackQuery",
                    "deleteMessage",
                    "sendDocument",
                    "sendPhoto",
                    "sendVideo",
                    "sendAnimation",
                    "sendAudio",
                    "sendVoice",
                    "getFile",
                    "setMyCommands",
                    "getMyCommands",
                    "deleteMyCommands",
                    "setChatMenuButton",
                    "getChatMenuButton")
            .collect(java.util.stream.Collectors.toMap(m -> m.toLowerCase(java.util.Locale.ROOT), m -> m));

    /** The method's name as the Bot API documents it, whatever the case it was called in. */
    static String canonical(String method) {
        return CANONICAL.getOrDefault(method.toLowerCase(java.util.Locale.ROOT), method);
    }

    /** The result of {@code method}, or an {@link ApiError}. */
    JsonNode call(String method, ApiRequest request) throws InterruptedException {
        return switch (method) {
            case "getMe" -> bot.deepCopy();
            case "getUpdates" -> getUpdates(request);
            case "setWebhook" -> setWebhook(request);
            case "deleteWebhook" -> {
                updates.deleteWebhook(request.bool("drop_pending_updates"));
                yield BooleanNode.TRUE;
            }
            case "getWebhookInfo" -> updates.webhookInfo();
            case "sendMessage" -> sendMessage(request);
            case "editMessageText" -> editMessageText(request);
            case "editMessageReplyMarkup" -> editMessageReplyMarkup(request);
            case "answerCallbackQuery" -> answerCallbackQuery(request);
            case "deleteMessage" -> deleteMessage(request);
            case "sendDocument" -> sendMedia(request, "document");
            case "sendPhoto" -> sendMedia(request, "photo");
            case "sendVideo" -> sendMedia(request, "video");
            case "sendAnimation" -> sendMedia(request, "animation");
            case "sendAudio" -> sendMedia(request, "audio");
            case "sendVoice" -> sendMedia(request, "voice");
            case "getFile" -> getFile(request);
            case "setMyCommands" -> menus.setMyCommands(request);
            case "getMyCommands" -> menus.getMyCommands(request);
            case "deleteMyCommands" -> menus.deleteMyCommands(request);
            case "setChatMenuButton" -> menus.setChatMenuButton(request, chats);
            case "getChatMenuButton" -> menus.getChatMenuButton(request, chats);
            default -> throw new ApiError(404, "Not Found");
        };
    }

    private JsonNode getUpdates(ApiRequest request) throws InterruptedException {
        long offset = request.optionalLong("offset").orElse(0L);
        int limit =
                (int) Math.max(1, Math.min(100, request.optionalLong("limit").orElse(100L)));
        long timeout = Math.max(0, Math.min(50, request.optionalLong("timeout").orElse(0L)));
        ArrayNode result = JSON.createArrayNode();
        for (byte[] update : updates.poll(offset, limit, Duration.ofSeconds(timeout))) {
            try {
                result.add(JSON.readTree(update));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    private JsonNode setWebhook(ApiRequest request) {
        String url = request.string("url").orElse("");
        if (url.isEmpty()) {
            updates.deleteWebhook(request.bool("drop_pending_updates"));
            return BooleanNode.TRUE;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw ApiError.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }
        String secret = request.string("secret_token").orElse(null);
        if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            throw ApiError.badRequest("secret token contains unallowed characters");
        }
        long maxConnections = request.optionalLong("max_connections").orElse(40L);
        if (maxConnections < 1 || maxConnections > 100) {
            throw ApiError.badRequest("bad webhook: max_connections must be between 1 and 100");
        }
        updates.setWebhook(
                new UpdateQueue.Webhook(url, secret, (int) maxConnections), request.bool("drop_pending_updates"));
        return BooleanNode.TRUE;
    }

    private JsonNode sendMessage(ApiRequest request) {
        EmulatedChat chat = writableChat(request);
        String text = request.string("text").orElse("");
        if (text.isEmpty()) {
            throw ApiError.badRequest("message text is empty");
        }
        String parseMode =
                request.string("parse_mode").filter(m -> !m.isEmpty()).orElse(null);
        if (TelegramText.visible(text, parseMode).length() > MAX_TEXT) {
            throw ApiError.badRequest("message is too long");
        }
        JsonNode markup = markup(request);
        return chat.json(chat.botMessage(text, parseMode, markup, null));
    }

    private JsonNode editMessageText(ApiRequest request) {
        EmulatedChat chat = chats.chat(request.requiredLong("chat_id"));
        int messageId = (int) request.requiredLong("message_id");
        String text = request.string("text").orElse("");
        if (text.isEmpty()) {
            throw ApiError.badRequest("message text is empty");
        }
        String parseMode =
                request.string("parse_mode").filter(m -> !m.isEmpty()).orElse(null);
        if (TelegramText.visible(text, parseMode).length() > MAX_TEXT) {
            throw ApiError.badRequest("MESSAGE_TOO_LONG");
        }
        return chat.json(chat.edit(messageId, text, parseMode, markup(request), false));
    }

    private JsonNode editMessageReplyMarkup(ApiRequest request) {
        EmulatedChat chat = chats.chat(request.requiredLong("chat_id"));
        int messageId = (int) request.requiredLong("message_id");
        return chat.json(chat.edit(messageId, null, null, markup(request), true));
    }

    private JsonNode answerCallbackQuery(ApiRequest request) {
        String id = request.required("callback_query_id");
        EmulatedChat chat = chats.answerCallback(id);
        String text = request.string("text").orElse(null);
        if (text != null && text.length() > 200) {
            throw ApiError.badRequest("MESSAGE_TOO_LONG");
        }
        chat.callbackAnswered(id, text, request.bool("show_alert"));
        return BooleanNode.TRUE;
    }

    private JsonNode deleteMessage(ApiRequest request) {
        EmulatedChat chat = chats.chat(request.requiredLong("chat_id"));
        chat.delete((int) request.requiredLong("message_id"));
        return BooleanNode.TRUE;
    }

    /** A file a user sent: its path for the download. */
    private JsonNode getFile(ApiRequest request) {
        String id = request.string("file_id").orElseThrow(() -> new ApiError(400, "Bad Request: file_id is empty"));
        byte[] content = userFiles.get(id).orElseThrow(() -> new ApiError(400, "Bad Request: invalid file_id"));
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("file_id", id)
                .put("file_unique_id", "u" + id)
                .put("file_size", content.length)
                .put("file_path", UserFiles.path(id));
    }

    /** sendDocument, sendPhoto, …: the file in the field {@code kind}, with an optional caption. */
    private JsonNode sendMedia(ApiRequest request, String kind) {
        EmulatedChat chat = writableChat(request);
        String caption = request.string("caption").orElse(null);
        String parseMode =
                request.string("parse_mode").filter(m -> !m.isEmpty()).orElse(null);
        if (caption != null && TelegramText.visible(caption, parseMode).length() > MAX_CAPTION) {
            throw ApiError.badRequest("message caption is too long");
        }
        Document document = files.resolve(request, kind);
        return chat.json(chat.botMessage(caption, parseMode, markup(request), document));
    }

    private EmulatedChat writableChat(ApiRequest request) {
        EmulatedChat chat = chats.chat(request.requiredLong("chat_id"));
        if (chat.blocked()) {
            throw new ApiError(403, "Forbidden: bot was blocked by the user");
        }
        return chat;
    }

    /** The reply markup, checked as Telegram checks inline keyboards. */
    private static JsonNode markup(ApiRequest request) {
        JsonNode markup = request.object("reply_markup").orElse(null);
        if (markup == null) {
            return null;
        }
        JsonNode keyboard = markup.path("inline_keyboard");
        if (!keyboard.isArray()) {
            return markup;
        }
        for (JsonNode row : keyboard) {
            if (!row.isArray()) {
                throw ApiError.badRequest(
                        "field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of" + " Arrays");
            }
            for (JsonNode button : row) {
                if (button.path("text").asText("").isEmpty()) {
                    throw ApiError.badRequest("can't find field \"text\"");
                }
                if (button.has("callback_data")) {
                    int bytes = button.path("callback_data").asText("").getBytes(StandardCharsets.UTF_8).length;
                    if (bytes < 1 || bytes > 64) {
                        throw ApiError.badRequest("BUTTON_DATA_INVALID");
                    }
                } else if (!button.has("url") && !button.has("web_app") && !button.has("switch_inline_query")) {
                    throw ApiError.badRequest("BUTTON_TYPE_INVALID");
                }
            }
        }
        return markup;
    }

    /** Chats by id and pressed buttons by callback query id. */
    interface ChatDirectory {
        /** The chat, or 400 {@code chat not found}. */
        EmulatedChat chat(long id);

        /** Marks a callback query answered and returns its chat; 400 when unknown or answered before. */
        EmulatedChat answerCallback(String queryId);

        List<EmulatedChat> all();
    }
}
