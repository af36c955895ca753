package cn.sunlight.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.DriverManager;
import java.util.Map;

/**
 * Creates the test database on the machine's real PostgreSQL before Quarkus starts (Flyway then
 * cleans and migrates it). No containers, no in-memory stand-in: the tests see the real database.
 *
 * <p>The database is {@code sunlight_test} unless the system property {@value #DATABASE_PROPERTY} names another
 * ({@code mvn test -Dsunlight.test.database=sunlight_tool_test}; Surefire passes Maven user properties on to the
 * test JVM), so that two checkouts can run their tests at the same time without cleaning each other's schema.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {

    static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");
    /** System property naming the test database. */
    public static final String DATABASE_PROPERTY = "sunlight.test.database";
    /** The database the tests run against (Flyway cleans it at start). */
    public static final String DATABASE = database();

    private static String database() {
        String name = System.getProperty(DATABASE_PROPERTY, "sunlight_test").trim();
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(DATABASE_PROPERTY + " must be a plain lower-case PostgreSQL identifier: " + name);
        }
        return name;
    }

    @Override
    public Map<String, String> start() {
        String admin = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
        try (var c = DriverManager.getConnection(admin, USER, System.getenv().getOrDefault("PGPASSWORD", ""));
             var s = c.createStatement()) {
            try (var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("create database " + DATABASE);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + HOST + ":" + PORT + " to create " + DATABASE, e);
        }
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE,
                "quarkus.datasource.username", USER);
    }

    @Override
    public void stop() {
    }
}
