package dev.trainingbot.testkit.telegram;

import java.util.List;
import java.util.Optional;

/**
 * A message the bot sent, as the chat shows it now: edits applied.
 *
 * @param text the text (the caption, for a document)
 * @param parseMode {@code HTML}, {@code MarkdownV2}, … or null
 * @param buttons the inline keyboard, row by row
 * @param editCount how many times it was edited
 */
public record BotMessage(
        int messageId,
        String text,
        String parseMode,
        List<List<Button>> buttons,
        int editCount,
        Optional<Document> document) {

    public BotMessage {
        buttons = buttons.stream().map(List::copyOf).toList();
    }

    /** Every button, row after row. */
    public List<Button> allButtons() {
        return buttons.stream().flatMap(List::stream).toList();
    }

    /** The button with exactly this text. */
    public Optional<Button> button(String text) {
        return allButtons().stream().filter(b -> b.text().equals(text)).findFirst();
    }

    /** The first button whose text contains {@code fragment}. */
    public Optional<Button> buttonContaining(String fragment) {
        return allButtons().stream().filter(b -> b.text().contains(fragment)).findFirst();
    }

    public List<String> buttonTexts() {
        return allButtons().stream().map(Button::text).toList();
    }
}
