package cn.sunlight.evaluation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * One committee member's judgement of one bid, when it was given: a qualification verdict or scores. Each has its own
 * table; this is the shape they share.
 */
@MappedSuperclass
public abstract class ExpertVerdict extends PanacheEntityBase {

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
    public Instant at;

    protected ExpertVerdict() {
    }

    protected ExpertVerdict(long tenderId, long bidId, long expertId) {
        this.tenderId = tenderId;
        this.bidId = bidId;
        this.expertId = expertId;
    }
}
