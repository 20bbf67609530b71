package dev.trainingbot.common.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script from the classpath, called by its SHA ({@code EVALSHA}). The script is loaded on first use and loaded
 * again when Redis answers {@code NOSCRIPT} (after a restart or {@code SCRIPT FLUSH}), so callers never see that.
 */
public final class RedisScript {

    private final String name;
    private final String source;
    private final String sha;

    private RedisScript(String name, String source, String sha) {
        this.name = name;
        this.source = source;
        this.sha = sha;
    }

    public static RedisScript fromClasspath(String resource, RedisAsyncCommands<String, String> redis) {
        String source;
        try (InputStream in = RedisScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + resource + " is not on the classpath");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return new RedisScript(resource, source, redis.digest(source));
    }

    public String name() {
        return name;
    }

    /** Runs the script; one round trip, two when Redis had to be given the script first. */
    public <T> CompletableFuture<T> call(
            RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
        return first.handle((value, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof RedisNoScriptException) {
                        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
                    }
                    return CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }
}
