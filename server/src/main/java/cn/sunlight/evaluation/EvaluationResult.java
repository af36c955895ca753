package cn.sunlight.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.List;

/** The committee's conclusion on one bid: qualified or not (with reasons), price, score, abnormally-low flag, rank. */
@Entity
@Table(name = "evaluation_result")
public class EvaluationResult extends PanacheEntityBase {

    @Id
    @Column(name = "bid_id")
    public Long bidId;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "lot_number", nullable = false)
    public int lotNumber;

    @Column(nullable = false)
    public boolean qualified;

    public String reasons;

    public BigDecimal price;

    public BigDecimal score;

    @Column(name = "abnormally_low", nullable = false)
    public boolean abnormallyLow;

    /** 1-based within the lot; null for a bid that is not ranked (disqualified). */
    public Integer rank;

    protected EvaluationResult() {
    }

    public EvaluationResult(long bidId, long tenderId, int lotNumber, boolean qualified, String reasons, BigDecimal price) {
        this.bidId = bidId;
        this.tenderId = tenderId;
        this.lotNumber = lotNumber;
        this.qualified = qualified;
        this.reasons = reasons;
        this.price = price;
    }

    public static List<EvaluationResult> ofTender(long tenderId) {
        return list("tenderId = ?1 order by lotNumber, rank nulls last, bidId", tenderId);
    }

    /** The results of a tender, each with its bidder, in one query (same order as {@link #ofTender}). */
    public static List<OfBidder<EvaluationResult>> withBidders(long tenderId) {
        return OfBidder.list(EvaluationResult.class, "select r, o.id, o.name from EvaluationResult r, SealedBid b"
                + " join b.organisation o where b.id = r.bidId and r.tenderId = ?1 order by r.lotNumber, r.rank nulls last, r.bidId",
                tenderId);
    }
}
