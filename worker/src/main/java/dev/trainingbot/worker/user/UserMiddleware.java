package dev.trainingbot.worker.user;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.telegram.TelegramException;
import java.util.Locale;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.User;

/**
 * Stage 5: registers the user and their last-seen time through {@link UserDirectory}: a database upsert for a user
 * this worker has not written within the interval, nothing otherwise. Updates from bots are not registered.
 *
 * <p>The user's language: the one they chose with {@code /language} when the bot still speaks it, which
 * {@link UserDirectory} knows without a call of its own; otherwise the locale set before the pipeline (their Telegram
 * {@code language_code}, else {@code DEFAULT_LANGUAGE}) stays. The stages before this one (the throttle's notices)
 * speak the latter.
 *
 * <p>Whether the user blocked the bot: Telegram's {@code my_chat_member} update in the private chat says so (status
 * {@code kicked}) or takes it back ({@code member}), one write each. A reply the stages inside refused with 403 — the
 * user blocked the bot while the update waited — ends the update as {@code FAILED} and is recorded the same way: no
 * reply can reach them, and handling it again could not either.
 */
public final class UserMiddleware implements Middleware {

    private static final String KICKED = "kicked";
    private static final String MEMBER = "member";

    private final UserDirectory users;
    private final Languages languages;

    public UserMiddleware(UserDirectory users, Languages languages) {
        this.users = users;
        this.languages = languages;
    }

    @Override
    public String name() {
        return "user";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        User user = context.user();
        boolean registered = user != null && !Boolean.TRUE.equals(user.getIsBot());
        if (registered) {
            String status = context.privateChat() && context.update().hasMyChatMember()
                    ? context.update().getMyChatMember().getNewChatMember().getStatus()
                    : null;
            Optional<String> chosen = KICKED.equals(status) || MEMBER.equals(status)
                    ? users.blocking(user, context.chatId(), KICKED.equals(status))
                    : users.touch(user, context.chatId());
            chosen.filter(languages::speaks).ifPresent(language -> context.locale(Locale.forLanguageTag(language)));
        }
        try {
            next.proceed(context);
        } catch (TelegramException.BlockedByUser e) {
            context.outcome(AuditOutcome.FAILED);
            context.detail("blocked_by_user", true);
            if (registered && context.privateChat()) {
                users.blocking(user, context.chatId(), true);
            }
        }
    }
}
