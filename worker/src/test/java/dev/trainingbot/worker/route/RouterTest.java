package dev.trainingbot.worker.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterTest {

    @Test
    void commandNameIgnoresCaseBotMentionAndArguments() {
        assertThat(Router.command("/start")).isEqualTo("start");
        assertThat(Router.command("/Start@TrainingBot")).isEqualTo("start");
        assertThat(Router.command("/start deep-link-payload")).isEqualTo("start");
        assertThat(Router.command("/help\nmore")).isEqualTo("help");
    }
}
