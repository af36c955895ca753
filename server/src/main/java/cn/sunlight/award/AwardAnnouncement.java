package cn.sunlight.award;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/** The public result announcement (中标结果公告) of a tender: its signed PDF, kept in the blob store under its hash. */
@Entity
@Table(name = "award_announcement")
public class AwardAnnouncement extends PanacheEntityBase {

    @Id
    @Column(name = "tender_id")
    public Long tenderId;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    protected AwardAnnouncement() {
    }

    public AwardAnnouncement(long tenderId, String sha256, Instant publishedAt) {
        this.tenderId = tenderId;
        this.sha256 = sha256;
        this.publishedAt = publishedAt;
    }

    public static Optional<AwardAnnouncement> of(long tenderId) {
        return findByIdOptional(tenderId);
    }
}
