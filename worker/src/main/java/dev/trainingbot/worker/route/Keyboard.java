package dev.trainingbot.worker.route;

import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/** Builds an inline keyboard row by row: {@code Keyboard.create().row(button(…), button(…)).row(…).build()}. */
public final class Keyboard {

    private final List<InlineKeyboardRow> rows = new ArrayList<>();

    private Keyboard() {}

    public static Keyboard create() {
        return new Keyboard();
    }

    public Keyboard row(InlineKeyboardButton... buttons) {
        rows.add(new InlineKeyboardRow(buttons));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public InlineKeyboardMarkup build() {
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    /** A button that sends {@code data} back when pressed. */
    public static InlineKeyboardButton button(String text, CallbackData data) {
        return InlineKeyboardButton.builder()
                .text(text)
                .callbackData(data.encode())
                .build();
    }

    /** A button that opens {@code url}. */
    public static InlineKeyboardButton link(String text, String url) {
        return InlineKeyboardButton.builder().text(text).url(url).build();
    }
}
