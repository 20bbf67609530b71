package dev.trainingbot.fleet;

import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * One run of the local fleet's database in a process of its own, as {@code bin/fleet} has it: {@code LocalDatabaseRun
 * <data dir> <closed port> <redis url> <course>} finds no PostgreSQL on the closed port, starts the embedded one on the
 * data directory, records that a learner finished {@code course}, prints how many did, and stops the server.
 * LocalServersIT runs it twice (as an unprivileged user when it runs as root, which PostgreSQL refuses).
 */
public final class LocalDatabaseRun {

    private LocalDatabaseRun() {}

    public static void main(String[] args) throws Exception {
        Env env = Env.of(Map.of("REDIS_URL", args[2]));
        try (LocalServers servers = LocalServers.provide(
                env, args[2], "postgresql://postgres@127.0.0.1:" + args[1] + "/trainingbot", Path.of(args[0]))) {
            if (!servers.problems().isEmpty()) {
                servers.problems().forEach(System.out::println);
                System.exit(1);
            }
            DatabaseSettings database = DatabaseSettings.read(new ConfigReader(
                    Env.of(Map.of("DATABASE_URL", servers.urls().get("DATABASE_URL")))));
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS finished (course text NOT NULL)");
                statement.execute("INSERT INTO finished VALUES ('" + args[3].replace("'", "") + "')");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM finished")) {
                    rows.next();
                    System.out.println("finished: " + rows.getLong(1));
                }
            }
        }
    }
}
