package dev.trainingbot.worker.user;

import dev.trainingbot.worker.pipeline.Middleware;
import dev.trainingbot.worker.pipeline.UpdateContext;
import org.telegram.telegrambots.meta.api.objects.User;

/**
 * Stage 5: registers the user and their last-seen time through {@link UserDirectory}: a database upsert for a user
 * this worker has not written within the interval, nothing otherwise. Updates from bots are not registered.
 */
public final class UserMiddleware implements Middleware {

    private final UserDirectory users;

    public UserMiddleware(UserDirectory users) {
        this.users = users;
    }

    @Override
    public String name() {
        return "user";
    }

    @Override
    public void handle(UpdateContext context, Next next) throws Exception {
        User user = context.user();
        if (user != null && !Boolean.TRUE.equals(user.getIsBot())) {
            users.touch(user, context.chatId());
        }
        next.proceed(context);
    }
}
