package dev.trainingbot.fleet;

import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.RouteExtension;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/** Handlers tests add to the workers' route table to observe the pipeline itself. */
final class TestRoutes {

    private TestRoutes() {}

    /** {@code /echo <text>} answers {@code echo <text>}: one message per update, so order and count are visible. */
    static RouteExtension echo() {
        return (routes, telegram) -> routes.command("echo", Handler.of("echo", context -> {
            String text = context.message().getText();
            String argument = text.contains(" ") ? text.substring(text.indexOf(' ') + 1) : "";
            telegram.send(SendMessage.builder()
                    .chatId(context.chatId())
                    .text("echo " + argument)
                    .build());
        }));
    }

    /**
     * {@code /echo} as above; {@code /explode}, whose handler always fails; and {@code /blank}, which answers with an
     * empty text, a request the telegrambots client refuses to send.
     */
    static RouteExtension echoAndExplode() {
        return (routes, telegram) -> {
            echo().extend(routes, telegram);
            routes.command("explode", Handler.of("explode", context -> {
                throw new IllegalStateException("boom in chat " + context.chatId());
            }));
            routes.command(
                    "blank",
                    Handler.of(
                            "blank",
                            context -> telegram.send(SendMessage.builder()
                                    .chatId(context.chatId())
                                    .text("")
                                    .build())));
        };
    }
}
