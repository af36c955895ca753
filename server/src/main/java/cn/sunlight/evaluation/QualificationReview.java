package cn.sunlight.evaluation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One expert's qualification verdict (资格审查) on one bid: pass or fail, always with a reason. */
@Entity
@Table(name = "qualification_review")
public class QualificationReview extends ExpertVerdict {

    @Column(nullable = false)
    public boolean passed;

    @Column(nullable = false)
    public String reason;

    protected QualificationReview() {
    }

    public QualificationReview(long tenderId, long bidId, long expertId) {
        super(tenderId, bidId, expertId);
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
