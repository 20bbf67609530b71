package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.broadcast.Broadcasts;
import dev.trainingbot.worker.course.Html;
import dev.trainingbot.worker.course.Presenter;
import dev.trainingbot.worker.course.Screen;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.TelegramHtml;
import dev.trainingbot.worker.course.progress.SectionStatistics;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.objects.InputFile;

/**
 * The admin panel: {@code /admin} asks for the password, the message carrying it is deleted at once and checked
 * ({@link AdminAccess}: lockout, bcrypt at bounded concurrency, a session in Redis), {@code /logout} ends the session.
 * The menu's statistics and CSV export need an open session; every attempt and action is audited through the
 * update's audit event ({@code details.admin}), never with the password.
 */
public final class AdminPanel {

    private static final Logger log = LoggerFactory.getLogger(AdminPanel.class);

    private static final String BROADCAST_TEXT = "text";
    /** Telegram's limit on a message's visible characters. */
    private static final int MAX_MESSAGE_LENGTH = 4096;

    private final AdminAccess access;
    private final AdminReports reports;
    private final Broadcasts broadcasts;
    private final Presenter presenter;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final Course course;
    private final InstantSource clock;

    public AdminPanel(
            AdminAccess access,
            AdminReports reports,
            Broadcasts broadcasts,
            Presenter presenter,
            TelegramGateway telegram,
            Messages messages,
            Course course,
            InstantSource clock) {
        this.access = access;
        this.reports = reports;
        this.broadcasts = broadcasts;
        this.presenter = presenter;
        this.telegram = telegram;
        this.messages = messages;
        this.course = course;
        this.clock = clock;
    }

    /** {@code /admin}: the menu for a logged-in admin, else the password prompt (unless locked or not allowed). */
    public Handler login() {
        return Handler.of("admin_login", context -> {
            long user = context.userId();
            context.detail("admin", "login_requested");
            if (!context.privateChat()) {
                // The password would be typed in front of the group, and the menu shown to it.
                refuse(context, "admin.private_only");
                return;
            }
            if (!access.enabled()) {
                refuse(context, "admin.disabled");
                return;
            }
            if (!access.allows(user)) {
                refuse(context, "admin.not_allowed");
                return;
            }
            if (access.isAdmin(user)) {
                presenter.show(context, menu(context.locale()));
                return;
            }
            Duration locked = access.lockRemaining(user);
            if (!locked.isZero()) {
                context.detail("admin", "locked");
                refuse(context, "admin.locked", minutes(locked));
                return;
            }
            context.conversation().moveTo(ConversationState.AWAITING_ADMIN_PASSWORD, Map.of());
            say(context, messages.text(context.locale(), "admin.password_prompt"));
        });
    }

    /**
     * The text sent after {@code /admin}: deleted from the chat first, then checked. A message Telegram refuses to
     * delete does not stop the login (it is logged, and audited as {@code password_deleted=false}); one that cannot be
     * deleted yet because Telegram is unavailable fails the update, to be retried.
     */
    public Handler password() {
        return Handler.of("admin_password", context -> {
            context.markSecret();
            context.conversation().reset();
            String password = context.message().getText();
            deletePassword(context);
            if (!context.privateChat()) {
                refuse(context, "admin.private_only");
                return;
            }
            if (!access.enabled() || !access.allows(context.userId())) {
                refuse(context, "admin.not_allowed");
                return;
            }
            switch (access.login(context.userId(), context.updateId(), password)) {
                case AdminAccess.Login.Accepted accepted -> {
                    context.outcome(AuditOutcome.SUCCEEDED);
                    context.detail("admin", "login_accepted").detail("legacy_hash", accepted.legacyHash());
                    presenter.send(context, menu(context.locale()));
                }
                case AdminAccess.Login.Refused refused -> {
                    context.detail("admin", "login_refused");
                    refuse(
                            context,
                            PasswordHash.tooLong(password) ? "admin.too_long" : "admin.wrong_password",
                            refused.attemptsLeft());
                }
                case AdminAccess.Login.Locked locked -> {
                    context.detail("admin", "login_locked");
                    refuse(context, "admin.locked", minutes(locked.remaining()));
                }
                case AdminAccess.Login.Busy busy -> {
                    context.detail("admin", "login_busy");
                    refuse(context, "admin.busy");
                }
            }
        });
    }

    /** {@code /logout}. */
    public Handler logout() {
        return Handler.of("admin_logout", context -> {
            access.logout(context.userId());
            context.detail("admin", "logout");
            presenter.show(context, new Screen(messages.text(context.locale(), "admin.logged_out"), null));
        });
    }

    /** The {@code adm} button: back to the admin menu. */
    public Handler menu() {
        return admin("admin_menu", context -> presenter.show(context, menu(context.locale())));
    }

    /** The {@code adms} button: statistics, edited into the menu's message. */
    public Handler statistics() {
        return admin("admin_statistics", context -> {
            context.detail("admin", "statistics");
            presenter.show(context, statistics(context.locale(), reports.statistics()));
        });
    }

    /** The {@code admx} button: users and progress as a CSV document. */
    public Handler export() {
        return admin("admin_export", context -> {
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

    /** The {@code admb} button: asks for the message to broadcast. */
    public Handler broadcast() {
        return admin("admin_broadcast", context -> {
            context.detail("admin", "broadcast_compose");
            context.conversation().moveTo(ConversationState.COMPOSING_BROADCAST, Map.of());
            presenter.answer(context, null);
            say(context, messages.text(context.locale(), "broadcast.prompt"));
        });
    }

    /** The text sent while composing: checked as Telegram would, then shown as a preview with the audience. */
    public Handler broadcastText() {
        return Handler.of("admin_broadcast_text", context -> {
            if (!access.isAdmin(context.userId())) {
                context.conversation().reset();
                refuse(context, "admin.session_expired");
                return;
            }
            String html = context.message().getText();
            Optional<TelegramHtml.Problem> problem = TelegramHtml.problem(html, MAX_MESSAGE_LENGTH);
            if (problem.isPresent()) {
                String why = messages.text(
                        context.locale(),
                        problem.get().messageKey(),
                        Html.escape(problem.get().detail()));
                say(context, messages.text(context.locale(), "broadcast.invalid", why));
                return;
            }
            int audience = broadcasts.audience();
            if (audience == 0) {
                context.conversation().reset();
                say(context, messages.text(context.locale(), "broadcast.nobody"));
                return;
            }
            context.conversation().moveTo(ConversationState.CONFIRMING_BROADCAST, Map.of(BROADCAST_TEXT, html));
            presenter.send(context, new Screen(html, null));
            presenter.send(
                    context,
                    new Screen(
                            messages.text(context.locale(), "broadcast.preview", audience),
                            Keyboard.create()
                                    .row(Keyboard.button(
                                            messages.text(context.locale(), "broadcast.send", audience),
                                            CallbackData.of("admbc")))
                                    .row(
                                            Keyboard.button(
                                                    messages.text(context.locale(), "broadcast.edit"),
                                                    CallbackData.of("admb")),
                                            Keyboard.button(
                                                    messages.text(context.locale(), "broadcast.cancel"),
                                                    CallbackData.of("admbx")))
                                    .build()));
        });
    }

    /** The {@code admbc} button: fans the confirmed message out; its message becomes the progress report. */
    public Handler confirmBroadcast() {
        return admin("admin_broadcast_confirm", context -> {
            Optional<String> html = context.conversation().state() == ConversationState.CONFIRMING_BROADCAST
                    ? context.conversation().get(BROADCAST_TEXT)
                    : Optional.empty();
            if (html.isEmpty()) {
                context.outcome(AuditOutcome.REFUSED);
                presenter.answer(context, messages.text(context.locale(), "callback.stale"));
                return;
            }
            context.conversation().reset();
            presenter.answer(context, null);
            int progressMessage =
                    context.update().getCallbackQuery().getMessage().getMessageId();
            // Started by this update, once: a retry of it finds the broadcast instead of starting another.
            Broadcasts.Started started = broadcasts.start(
                    context.updateId(), html.get(), context.chatId(), progressMessage, context.locale());
            context.outcome(AuditOutcome.SUCCEEDED);
            context.detail("admin", "broadcast_started")
                    .detail("broadcast", started.id())
                    .detail("total", started.total());
            presenter.show(
                    context,
                    new Screen(
                            messages.text(
                                    context.locale(), "broadcast.progress", started.id(), 0, started.total(), 0, 0, 0),
                            null));
        });
    }

    /** The {@code admbx} button; a preview's button pressed once no broadcast is prepared is out of date. */
    public Handler cancelBroadcast() {
        return admin("admin_broadcast_cancel", context -> {
            ConversationState state = context.conversation().state();
            if (state != ConversationState.COMPOSING_BROADCAST && state != ConversationState.CONFIRMING_BROADCAST) {
                // Resetting here would end a quiz the admin is taking.
                context.outcome(AuditOutcome.REFUSED);
                presenter.answer(context, messages.text(context.locale(), "callback.stale"));
                return;
            }
            context.conversation().reset();
            presenter.show(context, new Screen(messages.text(context.locale(), "broadcast.cancelled"), null));
        });
    }

    /**
     * Deletes the message carrying the password. When Telegram refuses (no right to delete in a group, the message
     * already gone), the login goes on: the user still gets an answer, and the update, which carries the password,
     * is not dead-lettered. The warning names the message, never its text.
     */
    private void deletePassword(UpdateContext context) throws TelegramException {
        int messageId = context.message().getMessageId();
        try {
            telegram.delete(DeleteMessage.builder()
                    .chatId(context.chatId())
                    .messageId(messageId)
                    .build());
        } catch (TelegramException.Permanent | TelegramException.BlockedByUser e) {
            context.detail("password_deleted", false);
            log.warn(
                    "the admin password message {} in chat {} could not be deleted, the login goes on: {}",
                    messageId,
                    context.chatId(),
                    e.getMessage());
        }
    }

    /** A handler that runs only with an open admin session in a private chat; others are told the session ended. */
    private Handler admin(String name, Handler.Body action) {
        return Handler.of(name, context -> {
            if (!context.privateChat()) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "not_private");
                presenter.answer(context, messages.text(context.locale(), "admin.private_only"));
                return;
            }
            if (!access.isAdmin(context.userId())) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("admin", "no_session");
                presenter.answer(context, messages.text(context.locale(), "admin.session_expired"));
                return;
            }
            action.handle(context);
        });
    }

    private Screen menu(Locale locale) {
        return new Screen(
                messages.text(locale, "admin.menu"),
                Keyboard.create()
                        .row(Keyboard.button(messages.text(locale, "admin.button.stats"), CallbackData.of("adms")))
                        .row(Keyboard.button(messages.text(locale, "admin.button.export"), CallbackData.of("admx")))
                        .row(Keyboard.button(
                                messages.text(locale, AdminBans.buttonKey()), CallbackData.of(AdminBans.LIST)))
                        .row(Keyboard.button(messages.text(locale, "admin.button.broadcast"), CallbackData.of("admb")))
                        .row(Keyboard.button(messages.text(locale, "admin.button.logout"), CallbackData.of("admq")))
                        .build());
    }

    private Screen statistics(Locale locale, AdminReports.Statistics statistics) {
        StringBuilder text = new StringBuilder(messages.text(
                locale,
                "admin.stats",
                statistics.users(),
                statistics.active24h(),
                statistics.active7d(),
                statistics.blocked(),
                statistics.banned()));
        for (SectionStatistics section : statistics.sections()) {
            String title = course.section(section.sectionId())
                    .map(s -> s.title().in(locale))
                    .orElse(section.sectionId());
            String average = section.averageBestScore().isPresent()
                    ? Math.round(section.averageBestScore().getAsDouble() * 100) + "%"
                    : messages.text(locale, "admin.stats_no_score");
            text.append("\n\n")
                    .append(messages.text(
                            locale,
                            "admin.stats_section",
                            Html.escape(title),
                            section.usersStarted(),
                            section.usersCompleted(),
                            section.usersTested(),
                            average));
        }
        return new Screen(
                text.toString(),
                Keyboard.create()
                        .row(Keyboard.button(messages.text(locale, "nav.back"), CallbackData.of("adm")))
                        .build());
    }

    private void refuse(UpdateContext context, String key, Object... args) throws TelegramException {
        context.outcome(AuditOutcome.REFUSED);
        say(context, messages.text(context.locale(), key, args));
    }

    private void say(UpdateContext context, String text) throws TelegramException {
        presenter.send(context, new Screen(text, null));
    }

    private static long minutes(Duration duration) {
        return Math.max(1, (duration.toSeconds() + 59) / 60);
    }
}
