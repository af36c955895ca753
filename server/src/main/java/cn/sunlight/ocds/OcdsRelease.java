package cn.sunlight.ocds;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.List;

/**
 * One OCDS 1.1 release: what became public about a tender's contracting process at one change, as written in the
 * transaction of that change. Immutable (the database refuses changes); its place in the public changes feed,
 * {@code position}, is given once by the feed sequencer after the writing transaction finished.
 */
@Entity
@Immutable
@Table(name = "ocds_release")
public class OcdsRelease extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "release_id", nullable = false, unique = true)
    public String releaseId;

    @Column(nullable = false)
    public String ocid;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "released_at", nullable = false)
    public Instant releasedAt;

    /** The release tags, comma-separated (OCDS releaseTag codes never contain a comma). */
    @Column(nullable = false)
    public String tags;

    /** The audit action that made this release. */
    @Column(nullable = false)
    public String action;

    /** The release as JSON text, exactly as published. */
    @Column(nullable = false)
    public String body;

    @Column(name = "body_sha256", nullable = false)
    public String bodySha256;

    /** Read-only here: the sequencer sets it with SQL. */
    @Column(insertable = false, updatable = false)
    public Long position;

    protected OcdsRelease() {
    }

    public OcdsRelease(long id, String releaseId, String ocid, long tenderId, Instant releasedAt, List<String> tags, String action,
                       String body, String bodySha256) {
        this.id = id;
        this.releaseId = releaseId;
        this.ocid = ocid;
        this.tenderId = tenderId;
        this.releasedAt = releasedAt;
        this.tags = String.join(",", tags);
        this.action = action;
        this.body = body;
        this.bodySha256 = bodySha256;
    }

    public static List<OcdsRelease> ofOcid(String ocid) {
        return list("ocid = ?1 order by id", ocid);
    }
}
