package dev.trainingbot.common.config;

import com.zaxxer.hikari.HikariConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL connection and pool, from the seed's variables.
 *
 * <p>{@code DATABASE_URL} accepts {@code postgresql://user:pass@host:port/db}, the same with {@code postgres://} or a
 * SQLAlchemy driver suffix ({@code postgresql+asyncpg://}), and {@code jdbc:postgresql://host:port/db?user=…}. The
 * password is taken out of the URL into a {@link Secret}, so the URL can be logged.
 *
 * <p>The pool variables keep the seed's meaning, mapped onto HikariCP: {@code DB_POOL_SIZE} connections are kept open
 * (minimum idle), up to {@code DB_MAX_OVERFLOW} more are opened under load (maximum = size + overflow), a caller waits
 * at most {@code DB_POOL_TIMEOUT} seconds for a connection, and a connection is replaced after {@code DB_POOL_RECYCLE}
 * seconds. Too large a pool times the replica count exhausts PostgreSQL's {@code max_connections}; too small a one
 * makes handlers wait for a connection.
 *
 * <p>{@code DB_SOCKET_TIMEOUT} (seconds, default 30) bounds the wait for the server's answer to a statement: a longer
 * silence fails the statement as an outage ({@code 08006}, retried) and closes its connection. Without it, a
 * connection left half-open (a network partition, a server gone without a word) would hold its caller — a chat, the
 * audit batch, a partition's commit — forever. Keep it above the longest statement the services run, schema migrations
 * included; too high only delays noticing a dead connection. Opening a connection is bounded too: the TCP connect by
 * {@value #CONNECT_TIMEOUT_SECONDS} s (or {@code DB_POOL_TIMEOUT}, if shorter), the whole login by
 * {@code DB_POOL_TIMEOUT}.
 */
public record DatabaseSettings(
        String jdbcUrl,
        Optional<String> user,
        Optional<Secret> password,
        int poolSize,
        int maxOverflow,
        Duration poolTimeout,
        Duration poolRecycle,
        Duration socketTimeout) {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    public static DatabaseSettings read(ConfigReader config) {
        String raw = config.required(
                "DATABASE_URL", "the PostgreSQL database, e.g. postgresql://user:password@localhost:5432/trainingbot");
        ParsedUrl url = new ParsedUrl("jdbc:postgresql://localhost/invalid", Optional.empty(), Optional.empty());
        if (!raw.isEmpty()) {
            try {
                url = ParsedUrl.parse(raw);
            } catch (IllegalArgumentException e) {
                config.invalid("DATABASE_URL", maskPassword(raw), e.getMessage());
            }
        }
        int size = config.integer("DB_POOL_SIZE", 10, 1, 1_000);
        int overflow = config.integer("DB_MAX_OVERFLOW", 10, 0, 1_000);
        Duration timeout = config.seconds("DB_POOL_TIMEOUT", 30, 1, 3_600);
        Duration recycle = config.seconds("DB_POOL_RECYCLE", 3_600, 30, 86_400);
        Duration socketTimeout = config.seconds("DB_SOCKET_TIMEOUT", 30, 1, 3_600);
        return new DatabaseSettings(
                url.jdbcUrl(), url.user(), url.password(), size, overflow, timeout, recycle, socketTimeout);
    }

    /** The HikariCP configuration these settings describe; {@code poolName} shows in its metrics and errors. */
    public HikariConfig hikariConfig(String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(jdbcUrl);
        user.ifPresent(hikari::setUsername);
        password.ifPresent(secret -> hikari.setPassword(secret.reveal()));
        hikari.setMinimumIdle(poolSize);
        hikari.setMaximumPoolSize(poolSize + maxOverflow);
        hikari.setConnectionTimeout(poolTimeout.toMillis());
        hikari.setMaxLifetime(poolRecycle.toMillis());
        // Fail fast at start-up when the database is unreachable instead of at the first handler.
        hikari.setInitializationFailTimeout(poolTimeout.toMillis());
        // The driver's own timeouts, in seconds, as text (the driver reads no other property values); a parameter of
        // the same name in DATABASE_URL takes precedence.
        hikari.addDataSourceProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        hikari.addDataSourceProperty(
                "connectTimeout", Long.toString(Math.min(CONNECT_TIMEOUT_SECONDS, poolTimeout.toSeconds())));
        hikari.addDataSourceProperty("loginTimeout", Long.toString(poolTimeout.toSeconds()));
        return hikari;
    }

    /** The same database with another name, for tests that create a database per test class. */
    public DatabaseSettings withDatabase(String database) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String rebuilt = "jdbc:postgresql://" + uri.getRawAuthority() + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseSettings(
                rebuilt, user, password, poolSize, maxOverflow, poolTimeout, poolRecycle, socketTimeout);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + jdbcUrl + ", user=" + user.orElse("(default)") + ", password="
                + password.map(Secret::toString).orElse("(none)") + ", pool=" + poolSize + "+" + maxOverflow
                + ", timeout=" + poolTimeout.toSeconds() + "s, recycle=" + poolRecycle.toSeconds()
                + "s, socket timeout="
                + socketTimeout.toSeconds() + "s]";
    }

    static String maskPassword(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1****@").replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    record ParsedUrl(String jdbcUrl, Optional<String> user, Optional<Secret> password) {

        static ParsedUrl parse(String raw) {
            if (raw.startsWith("jdbc:")) {
                return parseJdbc(raw);
            }
            int schemeEnd = raw.indexOf("://");
            if (schemeEnd < 0) {
                throw new IllegalArgumentException("must be a postgresql:// or jdbc:postgresql:// URL");
            }
            String scheme = raw.substring(0, schemeEnd);
            String dialect = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
            if (!dialect.equals("postgresql") && !dialect.equals("postgres")) {
                throw new IllegalArgumentException(
                        "only PostgreSQL is supported (postgresql://user:password@host:port/database)");
            }
            URI uri;
            try {
                uri = new URI("postgresql" + raw.substring(schemeEnd));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("is not a URL: " + e.getReason());
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("names no host");
            }
            String path = uri.getRawPath();
            if (path == null || path.length() <= 1) {
                throw new IllegalArgumentException("names no database (…/database at the end)");
            }
            Optional<String> user = Optional.empty();
            Optional<Secret> password = Optional.empty();
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                String name = colon < 0 ? userInfo : userInfo.substring(0, colon);
                if (!name.isEmpty()) {
                    user = Optional.of(decode(name));
                }
                if (colon >= 0) {
                    password = Optional.of(Secret.of(decode(userInfo.substring(colon + 1))));
                }
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new ParsedUrl("jdbc:postgresql://" + uri.getHost() + port + path + query, user, password);
        }

        private static ParsedUrl parseJdbc(String raw) {
            if (!raw.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("only PostgreSQL is supported (jdbc:postgresql://host:port/db)");
            }
            int q = raw.indexOf('?');
            if (q < 0) {
                return new ParsedUrl(raw, Optional.empty(), Optional.empty());
            }
            Optional<String> user = Optional.empty();
            Optional<Secret> password = Optional.empty();
            List<String> kept = new ArrayList<>();
            for (String param : raw.substring(q + 1).split("&")) {
                if (param.startsWith("user=")) {
                    user = Optional.of(decode(param.substring("user=".length())));
                } else if (param.startsWith("password=")) {
                    password = Optional.of(Secret.of(decode(param.substring("password=".length()))));
                } else if (!param.isEmpty()) {
                    kept.add(param);
                }
            }
            String base = raw.substring(0, q);
            return new ParsedUrl(kept.isEmpty() ? base : base + "?" + String.join("&", kept), user, password);
        }

        private static String decode(String value) {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
    }
}
