package cn.sunlight.evaluation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One expert's individual scores of one bid (综合评分法): per criterion, and the weighted total. */
@Entity
@Table(name = "evaluation_score")
public class EvaluationScore extends ExpertVerdict {

    @Column(nullable = false)
    public String scores;

    @Column(nullable = false)
    public BigDecimal total;

    protected EvaluationScore() {
    }

    public EvaluationScore(long tenderId, long bidId, long expertId) {
        super(tenderId, bidId, expertId);
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
