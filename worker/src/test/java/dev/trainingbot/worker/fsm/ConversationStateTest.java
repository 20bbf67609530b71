package dev.trainingbot.worker.fsm;

import static dev.trainingbot.worker.fsm.ConversationState.AWAITING_ADMIN_PASSWORD;
import static dev.trainingbot.worker.fsm.ConversationState.COMPOSING_BROADCAST;
import static dev.trainingbot.worker.fsm.ConversationState.CONFIRMING_BROADCAST;
import static dev.trainingbot.worker.fsm.ConversationState.IDLE;
import static dev.trainingbot.worker.fsm.ConversationState.QUIZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table of moves, pair by pair: allowed, refused with a notice, or illegal (a bug, a typed error). */
class ConversationStateTest {

    @Test
    void everyPairOfStatesIsAllowedRefusedOrIllegalAsTheTableSays() {
        List<String> table = new ArrayList<>();
        for (ConversationState from : ConversationState.values()) {
            for (ConversationState to : ConversationState.values()) {
                String move = from.canMoveTo(to)
                        ? "allowed"
                        : from.refusalOf(to).map(key -> "refused: " + key).orElse("illegal");
                table.add(from + " -> " + to + ": " + move);
            }
        }

        assertThat(table)
                .containsExactly(
                        "IDLE -> IDLE: allowed",
                        "IDLE -> QUIZ: allowed",
                        "IDLE -> AWAITING_ADMIN_PASSWORD: allowed",
                        "IDLE -> COMPOSING_BROADCAST: allowed",
                        "IDLE -> CONFIRMING_BROADCAST: illegal",
                        "IDLE -> FINDING_LEARNER: allowed",
                        "IDLE -> COMPOSING_LEARNER_MESSAGE: allowed",
                        "IDLE -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "IDLE -> NAMING_COHORT: allowed",
                        "QUIZ -> IDLE: allowed",
                        "QUIZ -> QUIZ: allowed",
                        "QUIZ -> AWAITING_ADMIN_PASSWORD: allowed",
                        "QUIZ -> COMPOSING_BROADCAST: allowed",
                        "QUIZ -> CONFIRMING_BROADCAST: illegal",
                        "QUIZ -> FINDING_LEARNER: allowed",
                        "QUIZ -> COMPOSING_LEARNER_MESSAGE: allowed",
                        "QUIZ -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "QUIZ -> NAMING_COHORT: allowed",
                        "AWAITING_ADMIN_PASSWORD -> IDLE: allowed",
                        "AWAITING_ADMIN_PASSWORD -> QUIZ: illegal",
                        "AWAITING_ADMIN_PASSWORD -> AWAITING_ADMIN_PASSWORD: illegal",
                        "AWAITING_ADMIN_PASSWORD -> COMPOSING_BROADCAST: illegal",
                        "AWAITING_ADMIN_PASSWORD -> CONFIRMING_BROADCAST: illegal",
                        "AWAITING_ADMIN_PASSWORD -> FINDING_LEARNER: illegal",
                        "AWAITING_ADMIN_PASSWORD -> COMPOSING_LEARNER_MESSAGE: illegal",
                        "AWAITING_ADMIN_PASSWORD -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "AWAITING_ADMIN_PASSWORD -> NAMING_COHORT: illegal",
                        "COMPOSING_BROADCAST -> IDLE: allowed",
                        "COMPOSING_BROADCAST -> QUIZ: refused: broadcast.pending",
                        "COMPOSING_BROADCAST -> AWAITING_ADMIN_PASSWORD: allowed",
                        "COMPOSING_BROADCAST -> COMPOSING_BROADCAST: allowed",
                        "COMPOSING_BROADCAST -> CONFIRMING_BROADCAST: allowed",
                        "COMPOSING_BROADCAST -> FINDING_LEARNER: refused: broadcast.pending",
                        "COMPOSING_BROADCAST -> COMPOSING_LEARNER_MESSAGE: refused: broadcast.pending",
                        "COMPOSING_BROADCAST -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "COMPOSING_BROADCAST -> NAMING_COHORT: refused: broadcast.pending",
                        "CONFIRMING_BROADCAST -> IDLE: allowed",
                        "CONFIRMING_BROADCAST -> QUIZ: refused: broadcast.pending",
                        "CONFIRMING_BROADCAST -> AWAITING_ADMIN_PASSWORD: allowed",
                        "CONFIRMING_BROADCAST -> COMPOSING_BROADCAST: allowed",
                        "CONFIRMING_BROADCAST -> CONFIRMING_BROADCAST: allowed",
                        "CONFIRMING_BROADCAST -> FINDING_LEARNER: refused: broadcast.pending",
                        "CONFIRMING_BROADCAST -> COMPOSING_LEARNER_MESSAGE: refused: broadcast.pending",
                        "CONFIRMING_BROADCAST -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "CONFIRMING_BROADCAST -> NAMING_COHORT: refused: broadcast.pending",
                        "FINDING_LEARNER -> IDLE: allowed",
                        "FINDING_LEARNER -> QUIZ: allowed",
                        "FINDING_LEARNER -> AWAITING_ADMIN_PASSWORD: allowed",
                        "FINDING_LEARNER -> COMPOSING_BROADCAST: allowed",
                        "FINDING_LEARNER -> CONFIRMING_BROADCAST: illegal",
                        "FINDING_LEARNER -> FINDING_LEARNER: allowed",
                        "FINDING_LEARNER -> COMPOSING_LEARNER_MESSAGE: allowed",
                        "FINDING_LEARNER -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "FINDING_LEARNER -> NAMING_COHORT: allowed",
                        "COMPOSING_LEARNER_MESSAGE -> IDLE: allowed",
                        "COMPOSING_LEARNER_MESSAGE -> QUIZ: refused: learner.message_pending",
                        "COMPOSING_LEARNER_MESSAGE -> AWAITING_ADMIN_PASSWORD: allowed",
                        "COMPOSING_LEARNER_MESSAGE -> COMPOSING_BROADCAST: refused: learner.message_pending",
                        "COMPOSING_LEARNER_MESSAGE -> CONFIRMING_BROADCAST: illegal",
                        "COMPOSING_LEARNER_MESSAGE -> FINDING_LEARNER: refused: learner.message_pending",
                        "COMPOSING_LEARNER_MESSAGE -> COMPOSING_LEARNER_MESSAGE: allowed",
                        "COMPOSING_LEARNER_MESSAGE -> CONFIRMING_LEARNER_MESSAGE: allowed",
                        "COMPOSING_LEARNER_MESSAGE -> NAMING_COHORT: refused: learner.message_pending",
                        "CONFIRMING_LEARNER_MESSAGE -> IDLE: allowed",
                        "CONFIRMING_LEARNER_MESSAGE -> QUIZ: refused: learner.message_pending",
                        "CONFIRMING_LEARNER_MESSAGE -> AWAITING_ADMIN_PASSWORD: allowed",
                        "CONFIRMING_LEARNER_MESSAGE -> COMPOSING_BROADCAST: refused: learner.message_pending",
                        "CONFIRMING_LEARNER_MESSAGE -> CONFIRMING_BROADCAST: illegal",
                        "CONFIRMING_LEARNER_MESSAGE -> FINDING_LEARNER: refused: learner.message_pending",
                        "CONFIRMING_LEARNER_MESSAGE -> COMPOSING_LEARNER_MESSAGE: allowed",
                        "CONFIRMING_LEARNER_MESSAGE -> CONFIRMING_LEARNER_MESSAGE: allowed",
                        "CONFIRMING_LEARNER_MESSAGE -> NAMING_COHORT: refused: learner.message_pending",
                        "NAMING_COHORT -> IDLE: allowed",
                        "NAMING_COHORT -> QUIZ: allowed",
                        "NAMING_COHORT -> AWAITING_ADMIN_PASSWORD: allowed",
                        "NAMING_COHORT -> COMPOSING_BROADCAST: allowed",
                        "NAMING_COHORT -> CONFIRMING_BROADCAST: illegal",
                        "NAMING_COHORT -> FINDING_LEARNER: allowed",
                        "NAMING_COHORT -> COMPOSING_LEARNER_MESSAGE: allowed",
                        "NAMING_COHORT -> CONFIRMING_LEARNER_MESSAGE: illegal",
                        "NAMING_COHORT -> NAMING_COHORT: allowed");
    }

    @Test
    void aHandlerAskingForAMoveTheTableDoesNotAllowIsATypedErrorNamingChatFromAndTo() {
        Conversation conversation = new Conversation(7, 7, IDLE, Map.of(), 1);

        assertThatThrownBy(() -> conversation.moveTo(CONFIRMING_BROADCAST, Map.of("text", "hi")))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("illegal conversation move in chat 7: IDLE -> CONFIRMING_BROADCAST");
        assertThat(conversation.state()).isEqualTo(IDLE);
    }

    @Test
    void onlyThePasswordPromptAwaitsASecret() {
        assertThat(List.of(ConversationState.values()))
                .filteredOn(ConversationState::awaitsSecret)
                .containsExactly(AWAITING_ADMIN_PASSWORD);
        assertThat(QUIZ.awaitsSecret()).isFalse();
        assertThat(COMPOSING_BROADCAST.awaitsSecret()).isFalse();
    }
}
