package dev.trainingbot.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainingbot.common.config.RedisSettings;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Start-up against a Redis that is slow, late or absent, through a relay in front of the test server. */
class RedisConnectionsIT {

    /** Production's default {@code REDIS_TIMEOUT_MS}. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private static final RedisURI SERVER = RedisURI.create(serverUrl());

    @Test
    void aRedisSlowerToAnswerItsFirstConnectionThanACommandMayTakeIsWaitedFor() throws Exception {
        try (Relay relay = Relay.open(
                        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), Duration.ofMillis(1_500));
                RedisConnections redis = RedisConnections.connect(settings(relay.port()), new SimpleMeterRegistry())) {
            assertThat(redis.fsm().sync().ping()).isEqualTo("PONG");
            assertThat(redis.throttle().sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aRedisThatStartsAfterTheServiceIsConnectedToOnceItListens() throws Exception {
        int port = freePort();
        CompletableFuture<RedisConnections> connecting = CompletableFuture.supplyAsync(
                () -> RedisConnections.connect(settings(port), new SimpleMeterRegistry()));
        Thread.sleep(500);
        try (Relay relay = Relay.open(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()), Duration.ZERO);
                RedisConnections redis = connecting.get()) {
            assertThat(redis.fsm().sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aRedisThatNeverListensStopsTheStartWithItsAddressAndTheAttempts() throws Exception {
        int port = freePort();

        assertThatThrownBy(() -> RedisConnections.connect(settings(port), new SimpleMeterRegistry()))
                .isInstanceOf(RedisException.class)
                .hasMessageContaining("redis://127.0.0.1:" + port)
                .hasMessageContaining(RedisConnections.CONNECT_ATTEMPTS + " attempts");
    }

    private static RedisSettings settings(int port) {
        RedisURI uri =
                RedisURI.builder(SERVER).withHost("127.0.0.1").withPort(port).build();
        return new RedisSettings(uri, 0, 0, COMMAND_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String serverUrl() {
        String url = System.getenv("TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.strip();
    }

    /** Relays each connection to the test server after {@code delay}: a Redis that takes that long to answer. */
    private record Relay(ServerSocket listener) implements AutoCloseable {

        static Relay open(ServerSocket listener, Duration delay) {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Thread.ofVirtual().start(() -> relay(client, delay));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            return new Relay(listener);
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void relay(Socket client, Duration delay) {
            try (client;
                    Socket server = new Socket()) {
                Thread.sleep(delay);
                server.connect(new InetSocketAddress(SERVER.getHost(), SERVER.getPort()));
                Thread back = Thread.ofVirtual().start(() -> copy(server, client));
                copy(client, server);
                back.join();
            } catch (IOException | InterruptedException ended) {
                // the client or the server closed its side
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException ended) {
                // the other side closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
