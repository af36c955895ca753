package cn.sunlight.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One expert's individual scores of one bid (综合评分法): per criterion, and the weighted total. */
@Entity
@Table(name = "evaluation_score")
public class EvaluationScore extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "bid_id", nullable = false)
    public Long bidId;

    @Column(name = "expert_id", nullable = false)
    public Long expertId;

    /** Canonical JSON {criterion: score 0..100}. */
    @Column(nullable = false)
    public String scores;

    @Column(nullable = false)
    public BigDecimal total;

    @Column(nullable = false)
    public Instant at;

    protected EvaluationScore() {
    }

    public EvaluationScore(long tenderId, long bidId, long expertId) {
        this.tenderId = tenderId;
        this.bidId = bidId;
        this.expertId = expertId;
    }

    public void score(String scoresJson, BigDecimal total, Instant at) {
        this.scores = scoresJson;
        this.total = total;
        this.at = at;
    }

    public static Optional<EvaluationScore> of(long bidId, long expertId) {
        return find("bidId = ?1 and expertId = ?2", bidId, expertId).firstResultOptional();
    }

    public static List<EvaluationScore> ofTender(long tenderId) {
        return list("tenderId", tenderId);
    }
}
