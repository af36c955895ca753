package cn.sunlight.common;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.util.Map;

/**
 * Flyway takes its PostgreSQL migration lock with a session advisory lock, not inside a transaction it keeps open:
 * {@code CREATE INDEX CONCURRENTLY} (V18, issue 20: indexes built on a decade of data without blocking submission)
 * waits for every older transaction of the database to end, and would wait forever for Flyway's own.
 */
@Singleton
public class MigrationLocks implements FlywayConfigurationCustomizer {

    public static final String PROPERTY = "flyway.postgresql.transactional.lock";

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.configuration(Map.of(PROPERTY, "false"));
    }
}
