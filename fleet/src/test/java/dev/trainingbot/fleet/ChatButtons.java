package dev.trainingbot.fleet;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Button;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which button a {@link UserAction} presses, resolved against what the user's chat holds when it is played: the
 * bot's visible messages as they are now, and every version of them the user saw before an edit.
 */
final class ChatButtons {

    private ChatButtons() {}

    /** A button to press: the message and the data, resolved against what the chat holds now. */
    record Pressable(int messageId, String data) {}

    static Optional<Pressable> pressable(TelegramUser user, UserAction.Press press) {
        List<BotMessage> withButtons = user.messages().stream()
                .filter(m -> m.allButtons().stream().anyMatch(b -> b.callbackData() != null))
                .toList();
        if (withButtons.isEmpty()) {
            return Optional.empty();
        }
        BotMessage message = withButtons.get(Math.max(0, withButtons.size() - 1 - press.fromLatest()));
        Set<String> data = new LinkedHashSet<>();
        message.allButtons().stream()
                .map(Button::callbackData)
                .filter(Objects::nonNull)
                .forEach(data::add);
        if (press.earlierVersion()) {
            for (TranscriptEvent event : user.transcript()) {
                BotMessage version = switch (event) {
                    case TranscriptEvent.Sent sent -> sent.message();
                    case TranscriptEvent.Edited edited -> edited.message();
                    default -> null;
                };
                if (version != null && version.messageId() == message.messageId()) {
                    version.allButtons().stream()
                            .map(Button::callbackData)
                            .filter(Objects::nonNull)
                            .forEach(data::add);
                }
            }
        }
        List<String> choices = List.copyOf(data);
        return Optional.of(new Pressable(message.messageId(), choices.get(press.button() % choices.size())));
    }

    /** The latest button whose action is {@code action}, on any message the bot sent, in any version of it. */
    static Optional<Pressable> withAction(TelegramUser user, String action) {
        Set<Integer> visible = new HashSet<>();
        user.messages().forEach(message -> visible.add(message.messageId()));
        List<TranscriptEvent> events = user.transcript();
        for (int i = events.size() - 1; i >= 0; i--) {
            BotMessage version = switch (events.get(i)) {
                case TranscriptEvent.Sent sent -> sent.message();
                case TranscriptEvent.Edited edited -> edited.message();
                default -> null;
            };
            if (version == null || !visible.contains(version.messageId())) {
                continue;
            }
            for (Button button : version.allButtons()) {
                String data = button.callbackData();
                if (data != null
                        && data.startsWith("1:" + action)
                        && (data.length() == action.length() + 2 || data.charAt(action.length() + 2) == ':')) {
                    return Optional.of(new Pressable(version.messageId(), data));
                }
            }
        }
        return Optional.empty();
    }
}
