package dev.trainingbot.worker;

import dev.trainingbot.worker.admin.AdminPanel;
import dev.trainingbot.worker.cohort.DeepLinkEnrolment;
import dev.trainingbot.worker.course.CourseNavigation;
import dev.trainingbot.worker.course.QuizFlow;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.language.LanguageChoice;
import dev.trainingbot.worker.route.Replies;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;

/**
 * The bot's route table: the answers to what no feature handles, then each feature's commands, buttons and
 * conversation states, registered by the class that handles them (and owns their action names) with the states
 * besides IDLE each may move the conversation to ({@link Router} holds them against {@link ConversationState}).
 */
final class Routes {

    private Routes() {}

    static Router.Builder standard(
            CourseNavigation navigation,
            DeepLinkEnrolment enrolment,
            QuizFlow quiz,
            LanguageChoice language,
            AdminPanel admin,
            TelegramGateway telegram,
            Messages messages) {
        Router.Builder routes = Router.builder()
                // Choosing a language moves no conversation: a quiz goes on, in the new language.
                .command("language", language.menu())
                .callback(LanguageChoice.ACTION, language.choose())
                .unknownCommand(Replies.text("unknown_command", "unknown.command", telegram, messages))
                .idleText(Replies.text("idle_text", "idle.text", telegram, messages))
                .forgedCallback(Replies.forgedCallback(telegram, messages))
                .refusal(Replies.refusal(telegram, messages));
        navigation.register(routes);
        enrolment.register(routes);
        quiz.register(routes);
        admin.register(routes);
        return routes;
    }
}
