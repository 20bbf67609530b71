package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One chat as Telegram keeps it: its messages (the user's and the bot's, numbered together), what happened in it in
 * order, and whether the user blocked the bot. Every method is synchronized on the chat, and every change wakes the
 * tests waiting for one.
 */
final class EmulatedChat {

    private static final ObjectMapper JSON = new ObjectMapper();

    final long id;
    final String type;
    final String title;
    private final ObjectNode userJson;
    private final ObjectNode botJson;
    private final Clock clock;
    private final TreeMap<Integer, StoredMessage> messages = new TreeMap<>();
    private final List<TranscriptEvent> transcript = new ArrayList<>();
    private int nextMessageId = 1;
    private boolean blocked;

    /** A message as stored: the bot's or the user's. */
    static final class StoredMessage {
        final int id;
        final boolean fromBot;
        final long date;
        String text;
        String parseMode;
        JsonNode markup;
        List<List<Button>> buttons = List.of();
        int editCount;
        long editDate;
        Document document;
        boolean deleted;

        StoredMessage(int id, boolean fromBot, long date) {
            this.id = id;
            this.fromBot = fromBot;
            this.date = date;
        }
    }

    EmulatedChat(long id, String type, String title, ObjectNode userJson, ObjectNode botJson, Clock clock) {
        this.id = id;
        this.type = type;
        this.title = title;
        this.userJson = userJson;
        this.botJson = botJson;
        this.clock = clock;
    }

    ObjectNode chatJson() {
        ObjectNode chat = JSON.createObjectNode().put("id", id).put("type", type);
        if (type.equals("private")) {
            chat.put("first_name", userJson.path("first_name").asText());
            if (userJson.has("username")) {
                chat.put("username", userJson.path("username").asText());
            }
        } else {
            chat.put("title", title);
        }
        return chat;
    }

    ObjectNode userJson() {
        return userJson.deepCopy();
    }

    synchronized boolean blocked() {
        return blocked;
    }

    synchronized void blocked(boolean value) {
        blocked = value;
        notifyAll();
    }

    /** A {@code my_chat_member} payload: {@code from} changed the bot's status in this chat. */
    synchronized ObjectNode membership(ObjectNode from, String oldStatus, String newStatus) {
        ObjectNode json = JSON.createObjectNode()
                .<ObjectNode>set("chat", chatJson())
                .<ObjectNode>set("from", from.deepCopy())
                .put("date", now());
        json.set("old_chat_member", member(oldStatus));
        json.set("new_chat_member", member(newStatus));
        return json;
    }

    private ObjectNode member(String status) {
        ObjectNode member = JSON.createObjectNode().put("status", status);
        member.set("user", botJson.deepCopy());
        if (status.equals("kicked")) {
            // A ban without end: Telegram's ChatMemberBanned always carries until_date.
            member.put("until_date", 0);
        }
        return member;
    }

    /** Stores a message the chat's user sent and returns its JSON. */
    synchronized ObjectNode userMessage(String text) {
        return userMessage(text, userJson);
    }

    /** Stores a message {@code from} sent (in a group, any member) and returns its JSON. */
    synchronized ObjectNode userMessage(String text, ObjectNode from) {
        StoredMessage message = new StoredMessage(nextMessageId++, false, now());
        message.text = text;
        messages.put(message.id, message);
        ObjectNode json = JSON.createObjectNode()
                .put("message_id", message.id)
                .<ObjectNode>set("from", from.deepCopy())
                .<ObjectNode>set("chat", chatJson())
                .put("date", message.date)
                .put("text", text);
        if (text.startsWith("/")) {
            int end = 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            ArrayNode entities = json.putArray("entities");
            entities.addObject().put("offset", 0).put("length", end).put("type", "bot_command");
        }
        return json;
    }

    /** Stores a document {@code from} sent, with an optional caption, and returns its JSON. */
    synchronized ObjectNode userDocument(String fileName, String fileId, int size, String caption, ObjectNode from) {
        StoredMessage message = new StoredMessage(nextMessageId++, false, now());
        message.text = caption == null ? "" : caption;
        messages.put(message.id, message);
        ObjectNode json = JSON.createObjectNode()
                .put("message_id", message.id)
                .<ObjectNode>set("from", from.deepCopy())
                .<ObjectNode>set("chat", chatJson())
                .put("date", message.date);
        json.putObject("document")
                .put("file_id", fileId)
                .put("file_unique_id", "u" + fileId)
                .put("file_name", fileName)
                .put("mime_type", "application/yaml")
                .put("file_size", size);
        if (caption != null) {
            json.put("caption", caption);
            if (caption.startsWith("/")) {
                int end = 1;
                while (end < caption.length() && !Character.isWhitespace(caption.charAt(end))) {
                    end++;
                }
                json.putArray("caption_entities")
                        .addObject()
                        .put("offset", 0)
                        .put("length", end)
                        .put("type", "bot_command");
            }
        }
        return json;
    }

    synchronized void recordUser(TranscriptEvent event) {
        transcript.add(event);
        notifyAll();
    }

    /** Stores a message the bot sent; returns it. */
    synchronized StoredMessage botMessage(String text, String parseMode, JsonNode markup, Document document) {
        StoredMessage message = new StoredMessage(nextMessageId++, true, now());
        message.text = text;
        message.parseMode = parseMode;
        setMarkup(message, markup);
        message.document = document;
        messages.put(message.id, message);
        transcript.add(new TranscriptEvent.Sent(clock.instant(), view(message)));
        notifyAll();
        return message;
    }

    /** Edits a bot message; either part may be kept (null). */
    synchronized StoredMessage edit(int messageId, String text, String parseMode, JsonNode markup, boolean markupOnly) {
        StoredMessage message = messages.get(messageId);
        if (message == null || message.deleted) {
            throw ApiError.badRequest("message to edit not found");
        }
        if (!message.fromBot) {
            throw ApiError.badRequest("message can't be edited");
        }
        String newText = markupOnly ? message.text : text;
        String newMode = markupOnly ? message.parseMode : parseMode;
        JsonNode newMarkup = markup;
        boolean same = java.util.Objects.equals(newText, message.text)
                && java.util.Objects.equals(newMode, message.parseMode)
                && java.util.Objects.equals(newMarkup, message.markup);
        if (same) {
            throw ApiError.badRequest("message is not modified: specified new message content and reply markup are"
                    + " exactly the same as a current content and reply markup of the message");
        }
        message.text = newText;
        message.parseMode = newMode;
        setMarkup(message, newMarkup);
        message.editCount++;
        message.editDate = now();
        transcript.add(new TranscriptEvent.Edited(clock.instant(), view(message)));
        notifyAll();
        return message;
    }

    synchronized void delete(int messageId) {
        StoredMessage message = messages.get(messageId);
        if (message == null || message.deleted) {
            throw ApiError.badRequest("message to delete not found");
        }
        message.deleted = true;
        transcript.add(new TranscriptEvent.Deleted(clock.instant(), messageId, !message.fromBot));
        notifyAll();
    }

    synchronized void callbackAnswered(String queryId, String text, boolean showAlert) {
        transcript.add(new TranscriptEvent.CallbackAnswered(clock.instant(), queryId, text, showAlert));
        notifyAll();
    }

    /** The JSON of a bot message as it is now (for an API answer or a callback query). */
    synchronized ObjectNode messageJson(int messageId) {
        StoredMessage message = messages.get(messageId);
        if (message == null || message.deleted) {
            throw new IllegalArgumentException("chat " + id + " has no message " + messageId);
        }
        return json(message);
    }

    ObjectNode json(StoredMessage message) {
        ObjectNode json = JSON.createObjectNode()
                .put("message_id", message.id)
                .<ObjectNode>set("from", message.fromBot ? botJson.deepCopy() : userJson.deepCopy())
                .<ObjectNode>set("chat", chatJson())
                .put("date", message.date);
        if (message.editDate > 0) {
            json.put("edit_date", message.editDate);
        }
        if (message.document != null) {
            media(json, message.document);
            if (message.text != null) {
                json.put("caption", message.text);
            }
        } else if (message.text != null) {
            json.put("text", message.text);
        }
        if (message.markup != null) {
            json.set("reply_markup", message.markup.deepCopy());
        }
        return json;
    }

    /** The media object of a message as Telegram returns it: a photo as its sizes, an animation also as a document. */
    private static void media(ObjectNode json, Document file) {
        ObjectNode object = JSON.createObjectNode()
                .put("file_id", file.fileId())
                .put("file_unique_id", "u" + file.fileId())
                .put("file_size", file.content().length);
        switch (file.kind()) {
            case "photo" -> json.putArray("photo").add(object.put("width", 1280).put("height", 960));
            case "video", "animation" -> {
                object.put("width", 1280).put("height", 720).put("duration", 1);
                object.put("file_name", file.fileName()).put("mime_type", file.mimeType());
                json.set(file.kind(), object);
                if (file.kind().equals("animation")) {
                    json.set("document", object.deepCopy());
                }
            }
            case "audio" -> json.set("audio", object.put("duration", 1).put("file_name", file.fileName()));
            case "voice" -> json.set("voice", object.put("duration", 1).put("mime_type", "audio/ogg"));
            default ->
                json.set("document", object.put("file_name", file.fileName()).put("mime_type", file.mimeType()));
        }
    }

    synchronized Optional<BotMessage> botMessage(int messageId) {
        StoredMessage message = messages.get(messageId);
        return message == null || message.deleted || !message.fromBot ? Optional.empty() : Optional.of(view(message));
    }

    synchronized List<BotMessage> visibleBotMessages() {
        return messages.values().stream()
                .filter(m -> m.fromBot && !m.deleted)
                .map(this::view)
                .toList();
    }

    /**
     * The chat as a person sees it, for the browser page: every visible message (the user's and the bot's) in order,
     * and the notices of answered buttons; {@code version} grows with every change.
     */
    synchronized ObjectNode page() {
        ObjectNode page = JSON.createObjectNode().put("version", transcript.size());
        ArrayNode list = page.putArray("messages");
        for (StoredMessage message : messages.values()) {
            if (message.deleted) {
                continue;
            }
            ObjectNode item = list.addObject()
                    .put("id", message.id)
                    .put("from", message.fromBot ? "bot" : "user")
                    .put("text", message.text == null ? "" : message.text)
                    .put("parseMode", message.parseMode)
                    .put("edited", message.editCount > 0);
            if (message.document != null) {
                item.put("document", message.document.fileName())
                        .put("media", message.document.kind())
                        .put("fileId", message.document.fileId());
            }
            ArrayNode rows = item.putArray("buttons");
            for (List<Button> row : message.buttons) {
                ArrayNode buttons = rows.addArray();
                for (Button button : row) {
                    buttons.addObject()
                            .put("text", button.text())
                            .put("data", button.callbackData())
                            .put("url", button.url());
                }
            }
        }
        ArrayNode notices = page.putArray("notices");
        for (TranscriptEvent event : transcript) {
            if (event instanceof TranscriptEvent.CallbackAnswered answered && answered.text() != null) {
                notices.add(answered.text());
            }
        }
        return page;
    }

    /** Waits until the chat changed past {@code version}, at most {@code timeout}. */
    synchronized void awaitChange(int version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (transcript.size() <= version) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized List<TranscriptEvent> transcript() {
        return List.copyOf(transcript);
    }

    /** Waits until {@code condition} holds for the transcript; false on timeout. */
    synchronized boolean await(Predicate<List<TranscriptEvent>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(transcript)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private BotMessage view(StoredMessage message) {
        return new BotMessage(
                message.id,
                message.text,
                message.parseMode,
                message.buttons,
                message.editCount,
                Optional.ofNullable(message.document));
    }

    private static void setMarkup(StoredMessage message, JsonNode markup) {
        message.markup = markup == null || markup.isNull() ? null : markup;
        List<List<Button>> rows = new ArrayList<>();
        if (message.markup != null) {
            for (JsonNode row : message.markup.path("inline_keyboard")) {
                List<Button> buttons = new ArrayList<>();
                for (JsonNode button : row) {
                    buttons.add(new Button(
                            button.path("text").asText(),
                            button.hasNonNull("callback_data")
                                    ? button.path("callback_data").asText()
                                    : null,
                            button.hasNonNull("url") ? button.path("url").asText() : null));
                }
                rows.add(List.copyOf(buttons));
            }
        }
        message.buttons = List.copyOf(rows);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
