package dev.trainingbot.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdateInspectorTest {

    private final UpdateInspector inspector = new UpdateInspector();

    @Test
    void aMessageIsKeyedByItsChat() throws Exception {
        assertThat(inspect("{\"update_id\":7,\"message\":{\"message_id\":1,\"from\":{\"id\":42},"
                        + "\"chat\":{\"id\":-100123,\"type\":\"supergroup\"},\"text\":\"hi\"}}"))
                .isEqualTo(new InspectedUpdate(7, new dev.trainingbot.common.kafka.ChatKey(-100123)));
    }

    @Test
    void aPressedButtonIsKeyedByTheChatOfItsMessage() throws Exception {
        assertThat(inspect("{\"update_id\":8,\"callback_query\":{\"id\":\"q\",\"from\":{\"id\":42},"
                                + "\"message\":{\"message_id\":3,\"chat\":{\"id\":55}},\"data\":\"1:menu\"}}")
                        .key()
                        .id())
                .isEqualTo(55);
    }

    @Test
    void updatesWithoutAChatAreKeyedByTheirUser() throws Exception {
        assertThat(inspect("{\"update_id\":9,\"callback_query\":{\"id\":\"q\",\"from\":{\"id\":42},"
                                + "\"inline_message_id\":\"x\",\"data\":\"d\"}}")
                        .key()
                        .id())
                .isEqualTo(42);
        assertThat(inspect("{\"update_id\":10,\"inline_query\":{\"id\":\"q\",\"from\":{\"id\":43},\"query\":\"\"}}")
                        .key()
                        .id())
                .isEqualTo(43);
        assertThat(inspect("{\"update_id\":11,\"poll_answer\":{\"poll_id\":\"p\",\"user\":{\"id\":44},"
                                + "\"option_ids\":[0]}}")
                        .key()
                        .id())
                .isEqualTo(44);
    }

    @Test
    void otherKindsWithAChatAreKeyedByIt() throws Exception {
        assertThat(inspect("{\"update_id\":12,\"my_chat_member\":{\"chat\":{\"id\":77},\"from\":{\"id\":42},"
                                + "\"date\":1,\"old_chat_member\":{},\"new_chat_member\":{}}}")
                        .key()
                        .id())
                .isEqualTo(77);
        assertThat(inspect("{\"update_id\":13,\"edited_message\":{\"chat\":{\"id\":78},\"from\":{\"id\":42}}}")
                        .key()
                        .id())
                .isEqualTo(78);
    }

    @Test
    void bodiesThatAreNoRoutableUpdateAreRefusedSayingWhy() {
        refused("not json", "not valid JSON");
        refused("{\"update_id\":1,\"message\":{\"chat\":{\"id\":1}}", "not valid JSON");
        refused("{\"update_id\":1,\"message\":{\"chat\":{\"id\":1}}} trailing", "not valid JSON");
        refused("[1,2]", "not a JSON object");
        refused("{\"message\":{\"chat\":{\"id\":1}}}", "no update_id");
        refused("{\"update_id\":-1,\"message\":{\"chat\":{\"id\":1}}}", "non-negative integer");
        refused("{\"update_id\":\"1\",\"message\":{\"chat\":{\"id\":1}}}", "non-negative integer");
    }

    @Test
    void anUpdateWithNeitherChatNorUserIsUnroutableNotMalformed() {
        assertThatThrownBy(() -> inspect("{\"update_id\":5,\"poll\":{\"id\":\"p\",\"question\":\"q\"}}"))
                .isInstanceOfSatisfying(
                        UnroutableUpdateException.class,
                        e -> assertThat(e.updateId()).isEqualTo(5))
                .hasMessageContaining("neither chat nor user");
        assertThatThrownBy(() -> inspect("{\"update_id\":6,\"poll_answer\":{\"poll_id\":\"p\",\"option_ids\":[0]}}"))
                .isInstanceOf(UnroutableUpdateException.class);
    }

    private InspectedUpdate inspect(String json) throws MalformedUpdateException, UnroutableUpdateException {
        return inspector.inspect(json.getBytes(StandardCharsets.UTF_8));
    }

    private void refused(String body, String reason) {
        assertThatThrownBy(() -> inspect(body))
                .isInstanceOf(MalformedUpdateException.class)
                .hasMessageContaining(reason);
    }
}
