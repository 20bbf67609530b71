package dev.trainingbot.testkit.telegram;

/** An inline keyboard button: its text and either the callback data it sends or the URL it opens. */
public record Button(String text, String callbackData, String url) {}
