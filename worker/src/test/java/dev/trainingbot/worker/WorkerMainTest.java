package dev.trainingbot.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aot-training}, the run the image records the worker's AOT cache from, where no server answers. */
class WorkerMainTest {

    /** The image build's environment: every server on a closed port. */
    private static final Map<String, String> BUILD = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
            "REDIS_URL", "redis://127.0.0.1:9",
            "DATABASE_URL", "postgresql://aot@127.0.0.1:9/aot",
            "BOT_TOKEN", "0:aot-training",
            "TELEGRAM_API_URL", "http://127.0.0.1:9",
            "CONTENT_PATH", "../content/course.yaml");

    @Test
    void theTrainingWarmsUpOnTheCourseAndThenRunsTheHealthcheck() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = WorkerMain.aotTraining(Env.of(BUILD), new PrintStream(out, true, UTF_8));

        String printed = out.toString(UTF_8);
        assertThat(exit).as(printed).isEqualTo(1);
        assertThat(printed).containsPattern("self-warm-up: [1-9][0-9]* rounds on the course");
        assertThat(printed.indexOf("self-warm-up")).isLessThan(printed.indexOf("HEALTH CHECK: FAILED"));
    }

    @Test
    void aCourseThatDoesNotLoadEndsTheTrainingWithTheConfigurationsExitCode(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("course.yaml"), "sections: [ {id: intro, lessons: ");
        Map<String, String> env = new HashMap<>(BUILD);
        env.put("CONTENT_PATH", broken.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(WorkerMain.aotTraining(Env.of(env), new PrintStream(out, true, UTF_8)))
                .isEqualTo(2);
        assertThat(out.toString(UTF_8)).doesNotContain("HEALTH CHECK");
    }
}
