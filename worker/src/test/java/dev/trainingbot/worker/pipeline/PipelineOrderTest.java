package dev.trainingbot.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

class PipelineOrderTest {

    private final List<String> trace = new ArrayList<>();

    @Test
    void orderIsTheOneDesignDocuments() {
        // DESIGN.md: 1 timing, 2 dedupe, 3 throttle (both: guard), 4 FSM load, 5 user, 6 router → handler,
        // 7 FSM save (fsm, on the way out), 8 audit (on the way out, outside the guard so refusals are audited).
        assertThat(Pipeline.ORDER).containsExactly("timing", "audit", "guard", "fsm", "user", "router");
    }

    @Test
    void stagesWorkInDesignOrderBeforeAndAfterTheHandler() throws Exception {
        Pipeline pipeline = new Pipeline(recording(null), new SimpleMeterRegistry());

        pipeline.handle(context());

        assertThat(trace)
                .containsExactly(
                        "timing?", "audit?", "guard?", "fsm?", "user?", "router?", "timing>", "audit>", "guard>",
                        "fsm>", "user>", "router>", "<router", "<user", "<fsm", "<guard", "<audit", "<timing");
    }

    @Test
    void aStageThatStopsSkipsTheStagesInsideItButNotThoseAround() throws Exception {
        Pipeline pipeline = new Pipeline(recording("guard"), new SimpleMeterRegistry());

        pipeline.handle(context());

        // Every stage's reads were started (the FSM's beside the guard's script); those inside the guard never ran.
        assertThat(trace)
                .containsExactly(
                        "timing?", "audit?", "guard?", "fsm?", "user?", "router?", "timing>", "audit>", "guard>",
                        "<guard", "<audit", "<timing");
    }

    @Test
    void pipelineRefusesStagesInAnyOtherOrder() {
        List<Middleware> swapped = new ArrayList<>(recording(null));
        swapped.add(0, swapped.remove(2));

        assertThatThrownBy(() -> new Pipeline(swapped, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[guard, timing, audit, fsm, user, router]")
                .hasMessageContaining("documented order");
    }

    private List<Middleware> recording(String stopsAt) {
        return Pipeline.ORDER.stream()
                .map(name -> (Middleware) new Middleware() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public void prefetch(UpdateContext context) {
                        trace.add(name + "?");
                    }

                    @Override
                    public void handle(UpdateContext context, Next next) throws Exception {
                        trace.add(name + ">");
                        if (!name.equals(stopsAt)) {
                            next.proceed(context);
                        }
                        trace.add("<" + name);
                    }
                })
                .toList();
    }

    private static UpdateContext context() {
        Update update = new Update();
        update.setUpdateId(1);
        InboundRecord record = new InboundRecord(
                "tg.updates", 0, 0, new dev.trainingbot.common.kafka.ChatKey(7), new byte[0], OptionalLong.empty());
        return new UpdateContext(record, update, System.nanoTime());
    }
}
