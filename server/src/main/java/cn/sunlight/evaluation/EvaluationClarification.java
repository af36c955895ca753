package cn.sunlight.evaluation;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * A committee's request to a bidder to clarify its bid (澄清, 招标投标法 Art. 39) and the bidder's answer, both through
 * the platform so that the exchange is on the record; a clarification may not change the substance of the bid.
 */
@Entity
@Table(name = "evaluation_clarification")
public class EvaluationClarification extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "bid_id", nullable = false)
    public Long bidId;

    @Column(name = "asked_by", nullable = false)
    public Long askedBy;

    @Column(nullable = false)
    public String question;

    @Column(name = "asked_at", nullable = false)
    public Instant askedAt;

    public String answer;

    @Column(name = "answered_by")
    public Long answeredBy;

    @Column(name = "answered_at")
    public Instant answeredAt;

    protected EvaluationClarification() {
    }

    public EvaluationClarification(long tenderId, long bidId, long askedBy, String question, Instant at) {
        this.tenderId = tenderId;
        this.bidId = bidId;
        this.askedBy = askedBy;
        this.question = question;
        this.askedAt = at;
    }

    public void answer(String text, long by, Instant at) {
        if (answeredAt != null) {
            throw ProblemException.conflict("already-answered", Text.of("该澄清已答复", "the clarification was already answered"));
        }
        this.answer = text;
        this.answeredBy = by;
        this.answeredAt = at;
    }

    public static List<EvaluationClarification> ofTender(long tenderId) {
        return list("tenderId = ?1 order by id", tenderId);
    }

    /** The requests of a tender, each with the bidder asked, in one query (same order as {@link #ofTender}). */
    public static List<OfBidder<EvaluationClarification>> withBidders(long tenderId) {
        return OfBidder.list(EvaluationClarification.class, "select c, o.id, o.name from EvaluationClarification c, SealedBid b"
                + " join b.organisation o where b.id = c.bidId and c.tenderId = ?1 order by c.id", tenderId);
    }
}
