package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.broadcast.Broadcasts;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Presenter;
import java.time.InstantSource;

/**
 * The admin panel, put together: logging in and out ({@link AdminLogin}), the menu and its reports
 * ({@link AdminMenu}), composing broadcasts ({@link BroadcastComposer}), each registering the commands, buttons and
 * conversation states it handles, with the screens it shows rendered by {@link AdminScreens}. Every action needs an
 * open session in a private chat, and is audited through the update's audit event ({@code details.admin}).
 */
public final class AdminPanel {

    private final AdminLogin login;
    private final AdminMenu menu;
    private final BroadcastComposer broadcasts;

    public AdminPanel(
            AdminAccess access,
            AdminReports reports,
            Broadcasts broadcasts,
            Presenter presenter,
            TelegramGateway telegram,
            Messages messages,
            Course course,
            InstantSource clock) {
        AdminGate gate = new AdminGate(access, presenter, messages);
        AdminScreens screens = new AdminScreens(course, messages);
        this.login = new AdminLogin(access, gate, screens, presenter, telegram, messages);
        this.menu = new AdminMenu(gate, screens, reports, presenter, telegram, messages, clock);
        this.broadcasts = new BroadcastComposer(gate, broadcasts, presenter, messages);
    }

    /** Adds the panel's commands, buttons and conversation states to {@code routes}. */
    public void register(Router.Builder routes) {
        login.register(routes);
        menu.register(routes);
        broadcasts.register(routes);
    }
}
