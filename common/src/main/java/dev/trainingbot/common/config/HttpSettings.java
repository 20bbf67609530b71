package dev.trainingbot.common.config;

/**
 * Where a service serves HTTP ({@code /healthz}, {@code /readyz}, {@code /metrics}, and the webhook on the ingress):
 * {@code HTTP_HOST} (default {@code 0.0.0.0}) and {@code HTTP_PORT} (the service's default; 0 picks a free port, for
 * several replicas on one machine).
 */
public record HttpSettings(String host, int port) {

    public static HttpSettings read(ConfigReader config, int defaultPort) {
        return new HttpSettings(
                config.string("HTTP_HOST", "0.0.0.0"), config.integer("HTTP_PORT", defaultPort, 0, 65_535));
    }
}
