package dev.trainingbot.worker.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackDataTest {

    @Test
    void encodedDataParsesBackToTheSameActionAndArguments() {
        CallbackData data = CallbackData.of("lesson", "onboarding", "3");

        assertThat(data.encode()).isEqualTo("1:lesson:onboarding:3");
        assertThat(CallbackData.parse(data.encode())).contains(data);
    }

    @Test
    void dataOfAnotherVersionOrFormIsNotParsed() {
        assertThat(CallbackData.parse("2:lesson:onboarding:3")).isEmpty();
        assertThat(CallbackData.parse("lesson")).isEmpty();
        assertThat(CallbackData.parse("1:")).isEmpty();
        assertThat(CallbackData.parse("1:lesson::3")).isEmpty();
        assertThat(CallbackData.parse("")).isEmpty();
        assertThat(CallbackData.parse(null)).isEmpty();
        assertThat(CallbackData.parse("1:" + "x".repeat(80))).isEmpty();
    }

    @Test
    void dataBeyondTelegramsLimitIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> CallbackData.of("lesson", "x".repeat(70)).encode())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> CallbackData.of("lesson", "a:b").encode())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
