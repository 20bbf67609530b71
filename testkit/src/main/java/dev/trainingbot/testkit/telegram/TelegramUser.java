package dev.trainingbot.testkit.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A person talking to the bot in one chat, for tests: sends text and commands, presses the inline buttons of the
 * bot's messages, blocks the bot; and reads, in order, everything the bot did in the chat. Usually the chat is the
 * person's private chat with the bot (chat id = user id); {@link #inGroup} gives the same person in a group chat,
 * where the chat and what the bot did in it are shared by every member.
 */
public final class TelegramUser {

    private final BotApiEmulator emulator;
    private final EmulatedChat chat;
    private final ObjectNode from;

    TelegramUser(BotApiEmulator emulator, EmulatedChat chat) {
        this(emulator, chat, chat.userJson());
    }

    TelegramUser(BotApiEmulator emulator, EmulatedChat chat, ObjectNode from) {
        this.emulator = emulator;
        this.chat = chat;
        this.from = from;
    }

    /** The Telegram user id. */
    public long id() {
        return from.path("id").asLong();
    }

    /** The chat this handle writes in: the user id for the private chat, a negative id for a group. */
    public long chatId() {
        return chat.id;
    }

    /** This person writing in the group chat {@code groupChatId} ({@link BotApiEmulator#newGroup}). */
    public TelegramUser inGroup(long groupChatId) {
        return emulator.member(groupChatId, from);
    }

    public String firstName() {
        return from.path("first_name").asText();
    }

    /** The Telegram {@code language_code}, or null. */
    public String languageCode() {
        return from.path("language_code").asText(null);
    }

    /** The chat as the browser page shows it. */
    com.fasterxml.jackson.databind.node.ObjectNode page() {
        return chat.page();
    }

    void awaitChange(int version, Duration timeout) throws InterruptedException {
        chat.awaitChange(version, timeout);
    }

    /** Sends {@code text} (a command when it starts with '/'); returns the update id. */
    public long send(String text) {
        ObjectNode message = chat.userMessage(text, from);
        long updateId = emulator.addUpdate(chat.id, "message", message);
        chat.recordUser(new TranscriptEvent.UserSent(
                java.time.Instant.now(), updateId, message.path("message_id").asInt(), text));
        return updateId;
    }

    /** Sends a file as a document, with {@code caption} (may be null); returns the update id. */
    public long sendDocument(String fileName, byte[] content, String caption) {
        String fileId = emulator.userFiles().store(content);
        ObjectNode message = chat.userDocument(fileName, fileId, content.length, caption, from);
        long updateId = emulator.addUpdate(chat.id, "message", message);
        chat.recordUser(new TranscriptEvent.UserSent(
                java.time.Instant.now(), updateId, message.path("message_id").asInt(), caption == null ? "" : caption));
        return updateId;
    }

    /** Presses the button labelled {@code buttonText} under {@code message}; returns the update id. */
    public long press(BotMessage message, String buttonText) {
        Button button = current(message.messageId())
                .button(buttonText)
                .orElseThrow(() -> new AssertionError("message " + message.messageId() + " has no button '" + buttonText
                        + "', only " + current(message.messageId()).buttonTexts()));
        if (button.callbackData() == null) {
            throw new AssertionError("button '" + buttonText + "' opens " + button.url() + ", it sends nothing");
        }
        return pressCallbackData(message.messageId(), button.callbackData());
    }

    /** Presses the first button under {@code message} whose text contains {@code fragment}. */
    public long pressContaining(BotMessage message, String fragment) {
        Button button = current(message.messageId())
                .buttonContaining(fragment)
                .orElseThrow(() -> new AssertionError("message " + message.messageId() + " has no button containing '"
                        + fragment + "', only " + current(message.messageId()).buttonTexts()));
        return press(message, button.text());
    }

    /**
     * Sends a callback query with any {@code data}, whether or not a button carries it — as a modified client or a
     * stale message would; a null {@code data} leaves the field out, as the Bot API allows.
     */
    public long pressCallbackData(int messageId, String data) {
        String queryId = emulator.nextCallbackQueryId(chat);
        ObjectNode query = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("id", queryId)
                .<ObjectNode>set("from", from.deepCopy())
                .<ObjectNode>set("message", chat.messageJson(messageId))
                .put("chat_instance", "ci" + chat.id);
        if (data != null) {
            query.put("data", data);
        }
        long updateId = emulator.addUpdate(chat.id, "callback_query", query);
        chat.recordUser(new TranscriptEvent.UserPressed(java.time.Instant.now(), updateId, queryId, messageId, data));
        return updateId;
    }

    /**
     * Blocks the bot: from now on the chat refuses the bot's messages with 403, and Telegram tells the bot with a
     * {@code my_chat_member} update (status {@code kicked}); returns its update id.
     */
    public long blockBot() {
        chat.blocked(true);
        return emulator.addUpdate(chat.id, "my_chat_member", chat.membership(from, "member", "kicked"));
    }

    /** Unblocks the bot: the chat takes its messages again, and Telegram tells the bot (status {@code member}). */
    public long unblockBot() {
        chat.blocked(false);
        return emulator.addUpdate(chat.id, "my_chat_member", chat.membership(from, "kicked", "member"));
    }

    /**
     * The chat refuses the bot's messages with 403 and the bot is not told — a user who blocked it while it did not
     * know them yet, or whose update about it was lost.
     */
    public void blockBotUnnoticed() {
        chat.blocked(true);
    }

    /** The bot's messages as the chat shows them now: edits applied, deleted ones gone. */
    public List<BotMessage> messages() {
        return chat.visibleBotMessages();
    }

    /** The bot's latest visible message. */
    public BotMessage lastMessage() {
        List<BotMessage> messages = messages();
        if (messages.isEmpty()) {
            throw new AssertionError("the bot sent nothing to " + firstName());
        }
        return messages.getLast();
    }

    /** Everything that happened in the chat, in order. */
    public List<TranscriptEvent> transcript() {
        return chat.transcript();
    }

    /** The texts of the bot's answers to pressed buttons, in order. */
    public List<TranscriptEvent.CallbackAnswered> callbackAnswers() {
        return transcript().stream()
                .filter(TranscriptEvent.CallbackAnswered.class::isInstance)
                .map(TranscriptEvent.CallbackAnswered.class::cast)
                .toList();
    }

    /** Every message the bot sent, in order, as first sent (later edits not applied). */
    public List<BotMessage> sent() {
        return transcript().stream()
                .filter(TranscriptEvent.Sent.class::isInstance)
                .map(e -> ((TranscriptEvent.Sent) e).message())
                .toList();
    }

    /** Waits until the bot has sent at least {@code count} messages; returns the visible ones. */
    public List<BotMessage> awaitSent(int count, Duration timeout) {
        awaitTranscript(
                events -> events.stream()
                                .filter(TranscriptEvent.Sent.class::isInstance)
                                .count()
                        >= count,
                timeout,
                "at least " + count + " messages from the bot");
        return messages();
    }

    /** Waits until the transcript satisfies {@code condition}; fails showing the transcript so far. */
    public List<TranscriptEvent> awaitTranscript(
            Predicate<List<TranscriptEvent>> condition, Duration timeout, String description) {
        try {
            if (!chat.await(condition, timeout)) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + description + " in the chat of "
                        + firstName() + "; the chat so far:\n" + describe(transcript()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return transcript();
    }

    /** Waits until a visible bot message satisfies {@code condition}; returns it. */
    public BotMessage awaitMessage(Predicate<BotMessage> condition, Duration timeout, String description) {
        awaitTranscript(events -> chat.visibleBotMessages().stream().anyMatch(condition), timeout, description);
        return messages().stream()
                .filter(condition)
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    /** Waits until the bot answered {@code count} pressed buttons. */
    public List<TranscriptEvent.CallbackAnswered> awaitCallbackAnswers(int count, Duration timeout) {
        awaitTranscript(
                events -> events.stream()
                                .filter(TranscriptEvent.CallbackAnswered.class::isInstance)
                                .count()
                        >= count,
                timeout,
                count + " answered buttons");
        return callbackAnswers();
    }

    private BotMessage current(int messageId) {
        return chat.botMessage(messageId)
                .orElseThrow(() -> new AssertionError("the bot has no visible message " + messageId));
    }

    /** The events as a person would retell them, one indented line each, long texts cut. */
    public static String describe(List<TranscriptEvent> events) {
        StringBuilder text = new StringBuilder();
        for (TranscriptEvent event : events) {
            text.append("  ")
                    .append(
                            switch (event) {
                                case TranscriptEvent.UserSent sent -> "user: " + sent.text();
                                case TranscriptEvent.UserPressed pressed ->
                                    "user pressed [" + pressed.data() + "] on #" + pressed.messageId();
                                case TranscriptEvent.Sent sent ->
                                    "bot sent #" + sent.message().messageId() + ": "
                                            + oneLine(sent.message().text()) + " "
                                            + sent.message().buttonTexts();
                                case TranscriptEvent.Edited edited ->
                                    "bot edited #" + edited.message().messageId() + ": "
                                            + oneLine(edited.message().text()) + " "
                                            + edited.message().buttonTexts();
                                case TranscriptEvent.Deleted deleted -> "bot deleted #" + deleted.messageId();
                                case TranscriptEvent.CallbackAnswered answered ->
                                    "bot answered the button" + (answered.text() == null ? "" : ": " + answered.text());
                            })
                    .append('\n');
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replace('\n', ' ');
        return line.length() > 100 ? line.substring(0, 100) + "…" : line;
    }

    @Override
    public String toString() {
        return "TelegramUser[" + id() + (chat.id == id() ? "" : " in " + chat.id) + " " + firstName() + "]";
    }
}
