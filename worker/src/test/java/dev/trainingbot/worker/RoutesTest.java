package dev.trainingbot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.admin.AdminBans;
import dev.trainingbot.worker.admin.AdminPanel;
import dev.trainingbot.worker.cohort.DeepLinkEnrolment;
import dev.trainingbot.worker.course.CourseNavigation;
import dev.trainingbot.worker.course.QuizFlow;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.fsm.ConversationState;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.language.LanguageChoice;
import dev.trainingbot.worker.reminder.ReminderButtons;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.route.Router.Decision;
import dev.trainingbot.worker.route.Router.Input;
import dev.trainingbot.worker.ui.Presenter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The production route table, state × input: from every conversation state, every command (bare and with arguments),
 * text, button and forged button has a move the state table allows or a friendly refusal — nothing a user can send
 * asks for an illegal move, which would fail the update until it is dead-lettered.
 */
class RoutesTest {

    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Messages MESSAGES = new Messages("en");
    // The handlers are built, never run: what they would call is not needed.
    private static final Presenter PRESENTER = new Presenter(null);
    private static final CourseCatalog CATALOG = CourseCatalog.of(COURSE);
    private static final Router ROUTER = routes();

    private static Router routes() {
        CourseNavigation navigation =
                new CourseNavigation(CATALOG, new Screens(CATALOG, MESSAGES), PRESENTER, null, null, MESSAGES);
        Router.Builder table = Routes.standard(
                navigation,
                new DeepLinkEnrolment(null, navigation, null, PRESENTER, MESSAGES, Clock.systemUTC()),
                new QuizFlow(CATALOG, new Screens(CATALOG, MESSAGES), PRESENTER, null, MESSAGES, null),
                new LanguageChoice(MESSAGES, PRESENTER, null),
                new AdminPanel(
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        PRESENTER,
                        null,
                        MESSAGES,
                        null,
                        null,
                        null,
                        null,
                        Clock.systemUTC()),
                null,
                MESSAGES);
        new AdminBans(null, null, null, null, PRESENTER, MESSAGES, Clock.systemUTC()).register(table);
        new ReminderButtons(null, null, MESSAGES, Clock.systemUTC()).register(table);
        return table.build();
    }

    @Test
    void everyStateAndInputHasALegalMoveOrAFriendlyRefusal() {
        List<String> problems = new ArrayList<>();
        int pairs = 0;
        for (ConversationState state : ConversationState.values()) {
            for (Input input : ROUTER.inputs()) {
                pairs++;
                switch (ROUTER.decide(state, input)) {
                    case Decision.Run run -> {
                        ConversationState from = run.leavesPrompt() ? ConversationState.IDLE : state;
                        run.route().moves().stream()
                                .filter(target -> !from.canMoveTo(target))
                                .forEach(target -> problems.add(state + " × " + input + " → " + target));
                    }
                    case Decision.Refuse refused -> {
                        for (Locale locale : MESSAGES.languages().codes().stream()
                                .map(Locale::forLanguageTag)
                                .toList()) {
                            assertThat(MESSAGES.text(locale, refused.messageKey()))
                                    .as("the notice %s in %s", refused.messageKey(), locale)
                                    .isNotBlank()
                                    .isNotEqualTo(refused.messageKey());
                        }
                    }
                    case Decision.Ignore ignore -> {
                        if (!(input instanceof Input.Other)) {
                            problems.add(state + " × " + input + " is ignored");
                        }
                    }
                }
            }
        }
        assertThat(pairs).isGreaterThan(5 * 40);
        assertThat(problems).isEmpty();
    }

    @Test
    void theLanguageMenuAndItsButtonsLeaveEveryConversationWhereItWas() {
        for (ConversationState state :
                List.of(ConversationState.IDLE, ConversationState.QUIZ, ConversationState.CONFIRMING_BROADCAST)) {
            assertThat(ROUTER.decide(state, new Input.Command("language", true)))
                    .isInstanceOfSatisfying(Decision.Run.class, run -> {
                        assertThat(run.route().handler().name()).isEqualTo("language_menu");
                        assertThat(run.route().moves()).isEmpty();
                    });
            assertThat(ROUTER.decide(state, new Input.Button(LanguageChoice.ACTION)))
                    .isInstanceOfSatisfying(Decision.Run.class, run -> {
                        assertThat(run.route().handler().name()).isEqualTo("language_choose");
                        assertThat(run.route().moves()).isEmpty();
                    });
        }
    }

    @Test
    void aQuizButtonOfAnOlderMessageAfterAdminLeavesThePasswordPromptAndStartsTheQuiz() {
        Decision decision = ROUTER.decide(ConversationState.AWAITING_ADMIN_PASSWORD, new Input.Button("quiz"));

        assertThat(decision).isInstanceOfSatisfying(Decision.Run.class, run -> {
            assertThat(run.leavesPrompt()).isTrue();
            assertThat(run.route().handler().name()).isEqualTo("quiz_start");
            assertThat(ConversationState.IDLE.canMoveTo(ConversationState.QUIZ)).isTrue();
        });
    }

    @Test
    void aBroadcastRetypedAtThePreviewBecomesTheNewPreview() {
        Decision decision = ROUTER.decide(ConversationState.CONFIRMING_BROADCAST, new Input.Text());

        assertThat(decision).isInstanceOfSatisfying(Decision.Run.class, run -> {
            assertThat(run.route().handler().name()).isEqualTo("admin_broadcast_text");
            assertThat(run.route().moves()).contains(ConversationState.CONFIRMING_BROADCAST);
        });
        assertThat(ConversationState.CONFIRMING_BROADCAST.canMoveTo(ConversationState.CONFIRMING_BROADCAST))
                .isTrue();
    }

    @Test
    void adminFromABroadcastWhoseSessionEndedAsksForThePassword() {
        for (ConversationState composing :
                List.of(ConversationState.COMPOSING_BROADCAST, ConversationState.CONFIRMING_BROADCAST)) {
            Decision decision = ROUTER.decide(composing, new Input.Command("admin", true));

            assertThat(decision)
                    .isInstanceOfSatisfying(
                            Decision.Run.class,
                            run -> assertThat(run.route().handler().name()).isEqualTo("admin_login"));
            assertThat(composing.canMoveTo(ConversationState.AWAITING_ADMIN_PASSWORD))
                    .isTrue();
        }
    }

    @Test
    void aQuizButtonWhileABroadcastIsPreparedIsRefusedWithANotice() {
        for (ConversationState composing :
                List.of(ConversationState.COMPOSING_BROADCAST, ConversationState.CONFIRMING_BROADCAST)) {
            assertThat(ROUTER.decide(composing, new Input.Button("quiz")))
                    .isEqualTo(new Decision.Refuse(composing, ConversationState.QUIZ, "broadcast.pending"));
        }
    }

    @Test
    void anotherTaskWhileALearnerMessageIsPreparedIsRefusedWithANotice() {
        for (ConversationState composing :
                List.of(ConversationState.COMPOSING_LEARNER_MESSAGE, ConversationState.CONFIRMING_LEARNER_MESSAGE)) {
            assertThat(ROUTER.decide(composing, new Input.Button("quiz")))
                    .isEqualTo(new Decision.Refuse(composing, ConversationState.QUIZ, "learner.message_pending"));
            assertThat(ROUTER.decide(composing, new Input.Button("admb")))
                    .isEqualTo(new Decision.Refuse(
                            composing, ConversationState.COMPOSING_BROADCAST, "learner.message_pending"));
        }
    }

    @Test
    void aTextWhileFindingALearnerIsTheSearchAndAQuizButtonEndsIt() {
        assertThat(ROUTER.decide(ConversationState.FINDING_LEARNER, new Input.Text()))
                .isInstanceOfSatisfying(
                        Decision.Run.class,
                        run -> assertThat(run.route().handler().name()).isEqualTo("admin_learner_search"));
        assertThat(ROUTER.decide(ConversationState.FINDING_LEARNER, new Input.Button("quiz")))
                .isInstanceOf(Decision.Run.class);
    }
}
