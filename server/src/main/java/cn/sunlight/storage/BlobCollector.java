package cn.sunlight.storage;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes blobs that no row references — the debris of a crash between a blob's adoption and its transaction's
 * commit — and stale partial uploads. Only once no transaction can still adopt them: a blob is collected when it was
 * last written more than {@code sunlight.blob.orphan-grace} ago (an upload adopts its blob seconds before its
 * transaction, which the transaction manager aborts after {@code quarkus.transaction-manager.default-transaction-timeout}),
 * and a blob written again since (identical content adopted anew) is put back (see {@link BlobStore#collectIfOrphan}).
 *
 * <p>A row references a blob through any column of the schema whose name ends in {@code sha256} (the project's naming
 * for blob addresses; a column of that name that is not a blob address only keeps a blob longer, never loses one).
 * Quartz runs it on one instance at a time.
 */
@ApplicationScoped
public class BlobCollector {

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);

    public record Result(int candidates, int removed, int partialsRemoved) {
    }

    private final BlobStore blobs;
    private final AgroalDataSource db;
    private final Duration grace;
    private final Duration partialIdle;

    public BlobCollector(BlobStore blobs, AgroalDataSource db,
                         @ConfigProperty(name = "sunlight.blob.orphan-grace", defaultValue = "1h") Duration grace,
                         @ConfigProperty(name = "sunlight.blob.partial-idle", defaultValue = "35m") Duration partialIdle) {
        this.blobs = blobs;
        this.db = db;
        this.grace = grace;
        this.partialIdle = partialIdle;
    }

    @Scheduled(every = "${sunlight.blob.collect-every:10m}", delayed = "1m", identity = "blob-collector",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Result r = collect(Instant.now());
            if (r.removed() > 0 || r.partialsRemoved() > 0) {
                LOG.infof("blob store: removed %d orphan blobs and %d partial uploads", r.removed(), r.partialsRemoved());
            }
        } catch (RuntimeException e) {
            LOG.warn("blob collection failed; will retry", e);
        }
    }

    /** One collection as of {@code now}. */
    public Result collect(Instant now) {
        // Partial uploads: an upload in progress writes at least every idle timeout, or its connection is closed and
        // its own handler deletes the file; what stays idle longer was cut off by a crash.
        int partials = blobs.sweep(now.minus(partialIdle));
        Instant cutoff = now.minus(grace);
        List<Path> candidates;
        try {
            candidates = blobs.blobsWrittenBefore(cutoff);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the blob store", e);
        }
        int removed = 0;
        for (int from = 0; from < candidates.size(); from += 1000) {
            List<String> batch = candidates.subList(from, Math.min(candidates.size(), from + 1000)).stream()
                    .map(p -> p.getFileName().toString()).toList();
            Set<String> referenced = referenced(batch);
            for (String sha : batch) {
                if (referenced.contains(sha)) {
                    continue;
                }
                try {
                    if (blobs.collectIfOrphan(sha, cutoff)) {
                        removed++;
                        LOG.infof("blob store: removed orphan blob %s (no row references it)", sha);
                    }
                } catch (IOException e) {
                    LOG.warnf("cannot collect blob %s: %s", sha, e.getMessage());
                }
            }
        }
        return new Result(candidates.size(), removed, partials);
    }

    private Set<String> referenced(List<String> hashes) {
        Set<String> found = new HashSet<>();
        try (Connection c = db.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("""
                    select c.table_name, c.column_name from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                      and c.column_name like '%sha256' and c.data_type in ('character varying', 'text', 'character')""")) {
                while (rs.next()) {
                    columns.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            if (columns.isEmpty()) {
                throw new IllegalStateException("no blob-address column found: refusing to collect");
            }
            var array = c.createArrayOf("varchar", hashes.toArray());
            for (String[] col : columns) {
                String sql = "select distinct \"" + col[1] + "\" from \"" + col[0] + "\" where \"" + col[1] + "\" = any(?)";
                try (var ps = c.prepareStatement(sql)) {
                    ps.setArray(1, array);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check blob references", e);
        }
        return found;
    }
}
