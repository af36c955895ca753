package cn.sunlight.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.DriverManager;
import java.util.Map;

/**
 * Creates the test database on the machine's real PostgreSQL before Quarkus starts (Flyway then
 * cleans and migrates it). No containers, no in-memory stand-in: the tests see the real database.
 */
@QuarkusTestResource(PostgresTestDatabase.class)
public class PostgresTestDatabase implements QuarkusTestResourceLifecycleManager {

    static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");
    static final String DATABASE = "sunlight_test";

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
