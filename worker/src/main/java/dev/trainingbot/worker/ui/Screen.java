package dev.trainingbot.worker.ui;

import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/** What one message of the bot shows: HTML text and its buttons. */
public record Screen(String text, InlineKeyboardMarkup keyboard) {}
