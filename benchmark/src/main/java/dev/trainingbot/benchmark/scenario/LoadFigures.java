package dev.trainingbot.benchmark.scenario;

import dev.trainingbot.benchmark.load.Distribution;
import dev.trainingbot.benchmark.metrics.Histogram;
import dev.trainingbot.benchmark.metrics.ResourceUse;
import java.util.Map;

/**
 * What one measured window of load showed.
 *
 * @param seconds the window's length
 * @param offeredPerSecond presses made per second (short of the target when users were all waiting for answers)
 * @param answeredPerSecond presses answered per second, of those made in the window
 * @param endToEnd press → the bot's message call at the emulator
 * @param acknowledgement the webhook POST → the ingress's 200 (after Kafka's acknowledgement)
 * @param pipelineOwn the workers' {@code worker.pipeline.own}: pipeline time without the Bot API calls
 * @param stages the workers' {@code worker.pipeline.stage} by stage (each includes the stages inside it)
 * @param telegramCall the workers' Bot API call latency
 * @param auditRowsPerSecond rows added to {@code audit_log} per second
 * @param tooManyRequests the emulator's 429s (Telegram's flood limits exceeded)
 * @param timedOut presses without an answer within the timeout
 * @param compilerCores per process group, the cores its JIT compiler threads used in the window (of {@code resources})
 */
public record LoadFigures(
        double seconds,
        double targetPerSecond,
        double offeredPerSecond,
        double answeredPerSecond,
        Distribution endToEnd,
        Distribution acknowledgement,
        Histogram pipelineOwn,
        Map<String, Histogram> stages,
        Histogram telegramCall,
        double auditRowsPerSecond,
        long tooManyRequests,
        long timedOut,
        ResourceUse resources,
        Map<String, Double> compilerCores) {}
