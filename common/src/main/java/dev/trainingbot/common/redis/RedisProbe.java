package dev.trainingbot.common.redis;

import dev.trainingbot.common.http.Probe;
import java.util.concurrent.TimeUnit;

/** Pings both databases of a service: {@code Redis OK (FSM + throttling)}. */
public final class RedisProbe implements Probe.Check {

    private final RedisConnections redis;

    public RedisProbe(RedisConnections redis) {
        this.redis = redis;
    }

    @Override
    public Probe run() {
        try {
            redis.fsm().async().ping().get(2, TimeUnit.SECONDS);
            redis.throttle().async().ping().get(2, TimeUnit.SECONDS);
            return Probe.ok("Redis", "Redis OK (FSM + throttling)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.failed("Redis", "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Probe.failed("Redis", "Redis unreachable: " + cause.getMessage());
        }
    }
}
