package cn.sunlight.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One expert's qualification verdict (资格审查) on one bid: pass or fail, always with a reason. */
@Entity
@Table(name = "qualification_review")
public class QualificationReview extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "bid_id", nullable = false)
    public Long bidId;

    @Column(name = "expert_id", nullable = false)
    public Long expertId;

    @Column(nullable = false)
    public boolean passed;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant at;

    protected QualificationReview() {
    }

    public QualificationReview(long tenderId, long bidId, long expertId) {
        this.tenderId = tenderId;
        this.bidId = bidId;
        this.expertId = expertId;
    }

    public void judge(boolean passed, String reason, Instant at) {
        this.passed = passed;
        this.reason = reason;
        this.at = at;
    }

    public static Optional<QualificationReview> of(long bidId, long expertId) {
        return find("bidId = ?1 and expertId = ?2", bidId, expertId).firstResultOptional();
    }

    public static List<QualificationReview> ofTender(long tenderId) {
        return list("tenderId", tenderId);
    }
}
