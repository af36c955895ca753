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

    /** The rank of the awarded candidate in the evaluation report: 1, or the next after failed awards (实施条例 Art. 55). */
    @Column(name = "candidate_rank", nullable = false)
    public int candidateRank = 1;

    /** Set when the award failed: the winner declined, did not sign or give the performance bond, or was disqualified. */
    @Column(name = "failed_at")
    public Instant failedAt;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "failure_reason")
    public Failure failureReason;

    @Column(name = "failure_note")
    public String failureNote;

    @Column(name = "failure_evidence_sha256")
    public String failureEvidenceSha256;

    /** Why an award failed (实施条例 Art. 55; 政府采购法实施条例 Art. 49). */
    public enum Failure {
        DECLINED("放弃中标", "declined the award"),
        NOT_SIGNED("未在规定期限内签订合同", "did not sign the contract in time"),
        NO_PERFORMANCE_BOND("未按要求提交履约保证金", "did not provide the performance bond"),
        DISQUALIFIED("被查实不符合中标条件", "found not to meet the conditions for the award");

        public final String zh;
        public final String en;

        Failure(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }
    }

    public boolean failed() {
        return failedAt != null;
    }

    public void fail(Failure reason, String note, String evidenceSha256, Instant at) {
        if (failed()) {
            throw ProblemException.conflict("award-failed", Text.of("该中标已被记录为不成功", "This award already failed"));
        }
        if (contracted()) {
            throw ProblemException.conflict("already-contracted", Text.of("该标段合同已签订，不能再记录中标不成功",
                    "The contract of this lot is signed; the award can no longer fail"));
        }
        this.failureReason = reason;
        this.failureNote = note;
        this.failureEvidenceSha256 = evidenceSha256;
        this.failedAt = at;
    }

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

    /** The standing awards (one per lot; failed awards are in {@link #history}). */
    public static List<Award> ofTender(long tenderId) {
        return list("tenderId = ?1 and failedAt is null order by lotNumber", tenderId);
    }

    /** The standing award of a lot. */
    public static Optional<Award> of(long tenderId, int lot) {
        return find("tenderId = ?1 and lotNumber = ?2 and failedAt is null", tenderId, lot).firstResultOptional();
    }

    /** Every award of the tender, failed ones included, in the order made. */
    public static List<Award> history(long tenderId) {
        return list("tenderId = ?1 order by lotNumber, awardedAt, id", tenderId);
    }
}
