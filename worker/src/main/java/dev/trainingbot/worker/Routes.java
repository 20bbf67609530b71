package dev.trainingbot.worker;

import dev.trainingbot.worker.admin.AdminPanel;
import dev.trainingbot.worker.course.CourseNavigation;
import dev.trainingbot.worker.course.QuizFlow;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.language.LanguageChoice;
import dev.trainingbot.worker.route.Replies;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramGateway;

/**
 * The bot's route table: which handler answers which command, button and conversation state, and the states besides
 * IDLE each may move the conversation to ({@link Router} holds them against {@link ConversationState}).
 */
final class Routes {

    private Routes() {}

    static Router.Builder standard(
            Course course,
            CourseNavigation navigation,
            QuizFlow quiz,
            LanguageChoice language,
            AdminPanel admin,
            TelegramGateway telegram,
            Messages messages) {
        Router.Builder routes = Router.builder()
                .command("start", navigation.start())
                .command("help", navigation.help())
                .command("progress", navigation.progress())
                .callback("menu", navigation.menu())
                .callback("help", navigation.help())
                .callback("progress", navigation.progress())
                .callback("sections", navigation.sections())
                .callback("sec", navigation.section())
                .callback("les", navigation.lesson())
                .callback("file", navigation.file())
                .callback("quiz", quiz.start(), ConversationState.QUIZ)
                .callback("ans", quiz.answer())
                .callback("sub", quiz.submit())
                .callback("next", quiz.next())
                .state(ConversationState.QUIZ, quiz.reminder())
                // Choosing a language moves no conversation: a quiz goes on, in the new language.
                .command("language", language.menu())
                .callback(LanguageChoice.ACTION, language.choose())
                .command("cancel", navigation.cancel())
                .command("admin", admin.login(), ConversationState.AWAITING_ADMIN_PASSWORD)
                .command("logout", admin.logout())
                // The password may look like a command: only /cancel and /admin sent bare are commands at the prompt.
                .prompt(ConversationState.AWAITING_ADMIN_PASSWORD, admin.password(), "cancel", "admin")
                .callback("adm", admin.menu())
                .callback("adms", admin.statistics())
                .callback("admx", admin.export())
                .callback("admq", admin.logout())
                .callback("admb", admin.broadcast(), ConversationState.COMPOSING_BROADCAST)
                .callback("admbc", admin.confirmBroadcast())
                .callback("admbx", admin.cancelBroadcast())
                .state(
                        ConversationState.COMPOSING_BROADCAST,
                        admin.broadcastText(),
                        ConversationState.CONFIRMING_BROADCAST)
                .state(
                        ConversationState.CONFIRMING_BROADCAST,
                        admin.broadcastText(),
                        ConversationState.CONFIRMING_BROADCAST)
                .unknownCommand(Replies.text("unknown_command", "unknown.command", telegram, messages))
                .idleText(Replies.text("idle_text", "idle.text", telegram, messages))
                .forgedCallback(Replies.forgedCallback(telegram, messages))
                .refusal(Replies.refusal(telegram, messages));
        course.commands().forEach((command, section) -> routes.command(command, navigation.sectionCommand(section)));
        return routes;
    }
}
