package dev.trainingbot.worker.admin;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.course.content.ContentException;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseUpdates;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;
import dev.trainingbot.worker.ui.Html;
import dev.trainingbot.worker.ui.Presenter;
import dev.trainingbot.worker.ui.Screen;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.telegram.telegrambots.meta.api.objects.Document;

/**
 * A new course version from the admin panel: {@code /course} alone shows the version served and how to publish; the
 * course file sent as a document with the caption {@code /course} is validated by the content loader and, valid,
 * published to every worker ({@link CourseUpdates#publish}). A refused file is answered with every problem named, and
 * nothing changes. Audited as {@code course_upload} with the version published or the number of problems.
 */
final class CourseUpload {

    static final String COMMAND = "course";
    /** A course file is text: far below Telegram's 20 MB download limit. */
    static final long MAX_BYTES = 1_000_000;

    private final AdminGate gate;
    private final CourseUpdates content;
    private final TelegramGateway telegram;
    private final Presenter presenter;
    private final Messages messages;

    CourseUpload(
            AdminGate gate, CourseUpdates content, TelegramGateway telegram, Presenter presenter, Messages messages) {
        this.gate = gate;
        this.content = content;
        this.telegram = telegram;
        this.presenter = presenter;
        this.messages = messages;
    }

    void register(Router.Builder routes) {
        routes.command(COMMAND, upload());
    }

    Handler upload() {
        return gate.guarded("course_upload", context -> {
            Document document = context.update().hasMessage()
                    ? context.update().getMessage().getDocument()
                    : null;
            if (document == null) {
                CourseCatalog.Version current = content.catalog().currentVersion();
                say(
                        context,
                        "admin.course.status",
                        current.number(),
                        current.course().sections().size(),
                        MAX_BYTES / 1000);
                return;
            }
            if (document.getFileSize() != null && document.getFileSize() > MAX_BYTES) {
                refuse(context, "admin.course.too_large", MAX_BYTES / 1000);
                return;
            }
            String text;
            try {
                text = utf8(telegram.download(document.getFileId(), MAX_BYTES));
            } catch (CharacterCodingException e) {
                refuse(context, "admin.course.not_text");
                return;
            } catch (IllegalArgumentException e) {
                refuse(context, "admin.course.too_large", MAX_BYTES / 1000);
                return;
            }
            try {
                int version = content.publish(text, "admin " + context.userId());
                context.detail("course_version", version);
                say(
                        context,
                        "admin.course.published",
                        version,
                        content.catalog()
                                .version(version)
                                .map(c -> c.sections().size())
                                .orElse(0));
            } catch (ContentException e) {
                context.outcome(AuditOutcome.REFUSED);
                context.detail("problems", e.problems().size());
                StringBuilder problems = new StringBuilder();
                for (String problem : e.problems()) {
                    problems.append("\n• ").append(Html.escape(problem));
                }
                String reply = messages.text(
                                context.locale(),
                                "admin.course.refused",
                                e.problems().size())
                        + problems;
                if (reply.length() > AdminGate.MAX_MESSAGE_LENGTH) {
                    reply = reply.substring(0, AdminGate.MAX_MESSAGE_LENGTH - 2) + " …";
                }
                presenter.send(context, new Screen(reply, null));
            }
        });
    }

    private void refuse(UpdateContext context, String key, Object... args) throws Exception {
        context.outcome(AuditOutcome.REFUSED);
        say(context, key, args);
    }

    private void say(UpdateContext context, String key, Object... args) throws Exception {
        presenter.send(context, new Screen(messages.text(context.locale(), key, args), null));
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("file larger than " + MAX_BYTES + " bytes");
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
