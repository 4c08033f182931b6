package dev.cloudget.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates per-service databases on a PostgreSQL server (the machine's, on 127.0.0.1:5432 by default).
 * The server's address comes from {@code CLOUDGET_PG_HOST}/{@code CLOUDGET_PG_PORT}, the role from
 * {@code CLOUDGET_DB_USER}/{@code CLOUDGET_DB_PASSWORD}.
 */
public final class Databases {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Databases() {
    }

    public static String host() {
        return env("CLOUDGET_PG_HOST", "127.0.0.1");
    }

    public static int port() {
        return Integer.parseInt(env("CLOUDGET_PG_PORT", "5432"));
    }

    public static String user() {
        return env("CLOUDGET_DB_USER", "postgres");
    }

    public static String password() {
        return env("CLOUDGET_DB_PASSWORD", "");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * Makes sure database {@code name} exists, dropping it first when {@code recreate} (tests start clean).
     *
     * @return its JDBC URL
     */
    public static String ensure(String name, boolean recreate) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
             Statement statement = admin.createStatement()) {
            if (recreate) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            if (!exists(admin, name)) {
                try {
                    statement.execute("CREATE DATABASE " + name);
                } catch (SQLException raced) {
                    // another process created it between the check and here
                    if (!exists(admin, name)) {
                        throw raced;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + name + " on " + jdbcUrl("postgres")
                    + " as " + user() + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    private static boolean exists(Connection admin, String name) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
