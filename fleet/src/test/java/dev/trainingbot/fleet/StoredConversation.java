package dev.trainingbot.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.fsm.ConversationState;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a conversation as Redis holds it ({@code fsm:{chat_id}:{user_id}}: state, data, version, TTL) is one the
 * bot could legally be in: a state it knows, the data that state needs, admin states only for a user who logged in,
 * and a password prompt that expires soon.
 */
final class StoredConversation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DATA = new TypeReference<>() {};

    private StoredConversation() {}

    /** What is wrong with the stored conversation, if anything; {@code ttlSeconds} is Redis's TTL (-2: no key). */
    static Optional<String> problem(Map<String, String> hash, long ttlSeconds, ModelWorld world, boolean loggedIn) {
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        ConversationState state;
        try {
            state = ConversationState.valueOf(hash.getOrDefault("state", ""));
        } catch (IllegalArgumentException e) {
            return Optional.of("no such state");
        }
        Map<String, String> data;
        try {
            data = JSON.readValue(hash.getOrDefault("data", "{}"), DATA);
        } catch (Exception e) {
            return Optional.of("its data is not a JSON object of strings");
        }
        return switch (state) {
            case IDLE -> data.isEmpty() ? Optional.empty() : Optional.of("IDLE carries data");
            case QUIZ -> quizProblem(data, world.course());
            case AWAITING_ADMIN_PASSWORD ->
                ttlSeconds > world.promptTimeout().toSeconds()
                        ? Optional.of("the password prompt lives " + ttlSeconds + " s more, longer than "
                                + world.promptTimeout().toSeconds() + " s")
                        : Optional.empty();
            case COMPOSING_BROADCAST ->
                loggedIn ? Optional.empty() : Optional.of("composing a broadcast without ever logging in");
            case CONFIRMING_BROADCAST ->
                !loggedIn
                        ? Optional.of("confirming a broadcast without ever logging in")
                        : data.getOrDefault("text", "").isEmpty()
                                ? Optional.of("confirming a broadcast without its text")
                                : Optional.empty();
            case FINDING_LEARNER ->
                loggedIn ? Optional.empty() : Optional.of("finding a learner without ever logging in");
            case NAMING_COHORT -> loggedIn ? Optional.empty() : Optional.of("naming a cohort without ever logging in");
            case COMPOSING_LEARNER_MESSAGE ->
                !loggedIn
                        ? Optional.of("writing to a learner without ever logging in")
                        : !data.getOrDefault("learner", "").matches("\\d+")
                                ? Optional.of("writing to no learner")
                                : Optional.empty();
            case CONFIRMING_LEARNER_MESSAGE ->
                !loggedIn
                        ? Optional.of("confirming a message to a learner without ever logging in")
                        : !data.getOrDefault("learner", "").matches("\\d+")
                                        || data.getOrDefault("text", "").isEmpty()
                                ? Optional.of("confirming a message to a learner without the learner or the text")
                                : Optional.empty();
        };
    }

    private static Optional<String> quizProblem(Map<String, String> data, Course course) {
        Optional<Course.Section> section =
                Optional.ofNullable(data.get("section")).flatMap(course::section);
        if (section.isEmpty()) {
            return Optional.of("a quiz of no section of the course");
        }
        int size = section.get().quiz().size();
        int question = number(data.get("q"));
        int score = number(data.get("score"));
        String answered = data.getOrDefault("answered", "");
        if (question < 0 || question >= size) {
            return Optional.of("question " + data.get("q") + " of a quiz of " + size);
        }
        if (score < 0 || score > question + 1) {
            return Optional.of("score " + data.get("score") + " at question " + question);
        }
        if (!answered.equals("0") && !answered.equals("1")) {
            return Optional.of("answered is '" + answered + "'");
        }
        int options = section.get().quiz().questions().get(question).options().size();
        for (String chosen : data.getOrDefault("chosen", "").split(",")) {
            if (!chosen.isEmpty() && (number(chosen) < 0 || number(chosen) >= options)) {
                return Optional.of("option " + chosen + " chosen of " + options);
            }
        }
        return Optional.empty();
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
