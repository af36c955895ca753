package cn.sunlight.award;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/**
 * The candidate publicity (中标候选人公示, 实施条例 Art. 54; for procurement the result announcement period): due within
 * {@code publicity-publish-within} of the evaluation report, lasting at least {@code publicity-min-duration}.
 */
@Entity
@Table(name = "publicity")
public class Publicity extends PanacheEntityBase {

    @Id
    @Column(name = "tender_id")
    public Long tenderId;

    @Column(name = "report_at", nullable = false)
    public Instant reportAt;

    @Column(name = "publish_due_at", nullable = false)
    public Instant publishDueAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    protected Publicity() {
    }

    public Publicity(long tenderId, Instant reportAt, Instant publishDueAt) {
        this.tenderId = tenderId;
        this.reportAt = reportAt;
        this.publishDueAt = publishDueAt;
    }

    public boolean published() {
        return publishedAt != null;
    }

    public void publish(Instant at, Instant endsAt) {
        if (published()) {
            throw ProblemException.conflict("already-published", Text.of("中标候选人已公示", "The candidates are already published"));
        }
        this.publishedAt = at;
        this.endsAt = endsAt;
    }

    public boolean running(Instant now) {
        return published() && now.isBefore(endsAt);
    }

    public static Optional<Publicity> of(long tenderId) {
        return findByIdOptional(tenderId);
    }
}
