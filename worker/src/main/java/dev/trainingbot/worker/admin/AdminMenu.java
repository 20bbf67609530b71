package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Presenter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.objects.InputFile;

/**
 * The admin menu ({@value #MENU}) and its reports: statistics ({@value #STATISTICS}), edited into the menu's message,
 * and users with their progress as a CSV document ({@value #EXPORT}). Each needs an open session ({@link AdminGate}).
 */
final class AdminMenu {

    static final String MENU = "adm";
    static final String STATISTICS = "adms";
    static final String EXPORT = "admx";

    private final AdminGate gate;
    private final AdminScreens screens;
    private final AdminReports reports;
    private final Presenter presenter;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final InstantSource clock;

    AdminMenu(
            AdminGate gate,
            AdminScreens screens,
            AdminReports reports,
            Presenter presenter,
            TelegramGateway telegram,
            Messages messages,
            InstantSource clock) {
        this.gate = gate;
        this.screens = screens;
        this.reports = reports;
        this.presenter = presenter;
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
    }

    void register(Router.Builder routes) {
        routes.callback(MENU, menu()).callback(STATISTICS, statistics()).callback(EXPORT, export());
    }

    /** Back to the admin menu. */
    Handler menu() {
        return gate.guarded("admin_menu", context -> presenter.show(context, screens.menu(context.locale())));
    }

    Handler statistics() {
        return gate.guarded("admin_statistics", context -> {
            context.detail("admin", "statistics");
            presenter.show(context, screens.statistics(context.locale(), reports.statistics()));
        });
    }

    Handler export() {
        return gate.guarded("admin_export", context -> {
            context.detail("admin", "export");
            presenter.answer(context, null);
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            byte[] csv = reports.exportCsv().getBytes(StandardCharsets.UTF_8);
            telegram.sendDocument(() -> SendDocument.builder()
                    .chatId(context.chatId())
                    .document(new InputFile(new ByteArrayInputStream(csv), "users-progress-" + today + ".csv"))
                    .caption(messages.text(context.locale(), "admin.export_caption", today.toString()))
                    .build());
        });
    }
}
