package cn.sunlight.award;

import cn.sunlight.account.Organisation;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The award of one lot (定标) to its first-ranked candidate, with the signed award notice (中标通知书) and the contract
 * that must follow within {@code contract-within} (招标投标法 Art. 46).
 */
@Entity
@Table(name = "award")
public class Award extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "lot_number", nullable = false)
    public int lotNumber;

    @Column(name = "bid_id", nullable = false)
    public Long bidId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation winner;

    @Column(nullable = false)
    public BigDecimal price;

    @Column(name = "awarded_at", nullable = false)
    public Instant awardedAt;

    @Column(name = "notice_sha256", nullable = false)
    public String noticeSha256;

    @Column(name = "contract_due_at", nullable = false)
    public Instant contractDueAt;

    @Column(name = "reminded_at")
    public Instant remindedAt;

    @Column(name = "contract_amount")
    public BigDecimal contractAmount;

    @Column(name = "performance_bond")
    public BigDecimal performanceBond;

    @Column(name = "contracted_at")
    public Instant contractedAt;

    protected Award() {
    }

    public Award(long tenderId, int lotNumber, long bidId, Organisation winner, BigDecimal price, Instant awardedAt,
                 String noticeSha256, Instant contractDueAt) {
        this.tenderId = tenderId;
        this.lotNumber = lotNumber;
        this.bidId = bidId;
        this.winner = winner;
        this.price = price;
        this.awardedAt = awardedAt;
        this.noticeSha256 = noticeSha256;
        this.contractDueAt = contractDueAt;
    }

    public boolean contracted() {
        return contractedAt != null;
    }

    public void contract(BigDecimal amount, BigDecimal performanceBond, Instant at) {
        if (contracted()) {
            throw ProblemException.conflict("already-contracted", Text.of("该标段合同已备案", "The contract of this lot is already recorded"));
        }
        this.contractAmount = amount;
        this.performanceBond = performanceBond;
        this.contractedAt = at;
    }

    public void reminded(Instant at) {
        this.remindedAt = at;
    }

    public static List<Award> ofTender(long tenderId) {
        return list("tenderId = ?1 order by lotNumber", tenderId);
    }

    public static Optional<Award> of(long tenderId, int lot) {
        return find("tenderId = ?1 and lotNumber = ?2", tenderId, lot).firstResultOptional();
    }
}
