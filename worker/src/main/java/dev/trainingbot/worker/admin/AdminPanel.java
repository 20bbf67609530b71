package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.broadcast.Broadcasts;
import dev.trainingbot.worker.cohort.Cohorts;
import dev.trainingbot.worker.cohort.InvitationLinks;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.completion.CertificateRepository;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseUpdates;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.guard.ThrottleBans;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Presenter;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.InstantSource;
import javax.sql.DataSource;

/**
 * The admin panel, put together: logging in and out ({@link AdminLogin}), the menu and its reports
 * ({@link AdminMenu}), composing broadcasts ({@link BroadcastComposer}), the tools for one learner
 * ({@link LearnerTools}: find, see, reset; {@link LearnerMessages}: write to), invitations into cohorts
 * ({@link AdminInvitations}), each registering the commands, buttons and
 * conversation states it handles, with the screens it shows rendered by {@link AdminScreens}. Every action needs an
 * open session in a private chat, and is audited through the update's audit event ({@code details.admin}).
 */
public final class AdminPanel {

    private final AdminLogin login;
    private final AdminMenu menu;
    private final BroadcastComposer broadcasts;
    private final LearnerTools learners;
    private final LearnerMessages learnerMessages;
    private final AdminInvitations invitations;
    private final CourseUpload courseUpload;

    /**
     * @param redis {@code REDIS_THROTTLE_DB}, where the sessions and the reset confirmations are
     * @param users the database of {@code users}, where learners are found
     * @param audit where the invitations' own audit events go
     */
    public AdminPanel(
            AdminAccess access,
            AdminReports reports,
            Broadcasts broadcasts,
            ProgressRepository progress,
            CertificateRepository certificates,
            ThrottleBans bans,
            RedisAsyncCommands<String, String> redis,
            DataSource users,
            Presenter presenter,
            TelegramGateway telegram,
            Messages messages,
            CourseUpdates content,
            Cohorts cohorts,
            InvitationLinks links,
            AuditPublisher audit,
            InstantSource clock) {
        CourseCatalog course = content == null ? null : content.catalog();
        AdminGate gate = new AdminGate(access, presenter, messages);
        AdminScreens screens = new AdminScreens(course, messages);
        this.login = new AdminLogin(access, gate, screens, presenter, telegram, messages);
        this.menu = new AdminMenu(gate, screens, reports, presenter, telegram, messages, clock);
        this.broadcasts = new BroadcastComposer(gate, broadcasts, presenter, messages);
        LearnerScreens learnerScreens = new LearnerScreens(course, new Screens(course, messages), messages);
        LearnerDirectory directory = new LearnerDirectory(users);
        this.learners = new LearnerTools(
                gate,
                learnerScreens,
                directory,
                progress,
                cohorts,
                new ResetConfirmations(redis),
                certificates,
                bans,
                presenter,
                messages,
                course);
        this.learnerMessages = new LearnerMessages(gate, learnerScreens, directory, broadcasts, presenter, messages);
        this.invitations = new AdminInvitations(
                gate, new InvitationScreens(messages), cohorts, links, audit, presenter, messages, clock);
        this.courseUpload = new CourseUpload(gate, content, telegram, presenter, messages);
    }

    /** Adds the panel's commands, buttons and conversation states to {@code routes}. */
    public void register(Router.Builder routes) {
        login.register(routes);
        menu.register(routes);
        broadcasts.register(routes);
        learners.register(routes);
        learnerMessages.register(routes);
        invitations.register(routes);
        courseUpload.register(routes);
    }
}
