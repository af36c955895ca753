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
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A bid bond to give back (退还投标保证金) within {@code bond-refund-within}, with the bank's demand-deposit interest for
 * the time it was held (实施条例 Art. 57; 财政部令第87号 Art. 38).
 */
@Entity
@Table(name = "bond_refund")
public class BondRefund extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @Column(nullable = false)
    public BigDecimal amount;

    /** The start (Beijing) of the first value date of the bidder's bond payments in the bank statement. */
    @Column(name = "paid_at", nullable = false)
    public Instant paidAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(name = "refunded_at")
    public Instant refundedAt;

    public BigDecimal interest;

    /** The first value date of the bond payments (interest runs per payment from its own value date). */
    @Column(name = "value_date")
    public LocalDate valueDate;

    protected BondRefund() {
    }

    public BondRefund(long tenderId, Organisation organisation, BigDecimal amount, Instant paidAt, Instant dueAt) {
        this.tenderId = tenderId;
        this.organisation = organisation;
        this.amount = amount;
        this.paidAt = paidAt;
        this.dueAt = dueAt;
    }

    public boolean refunded() {
        return refundedAt != null;
    }

    /**
     * Interest at the demand-deposit rate (percent per year) for the calendar days held, on the 360-day year the People's
     * Bank of China prescribes for converting annual to daily rates (人民币利率管理规定 Art. 20); rounded to the fen.
     */
    public static BigDecimal interest(BigDecimal amount, BigDecimal ratePercent, Instant from, Instant to, ZoneId zone) {
        LocalDate a = from.atZone(zone).toLocalDate();
        LocalDate b = to.atZone(zone).toLocalDate();
        long days = Math.max(0, ChronoUnit.DAYS.between(a, b));
        return amount.multiply(ratePercent).multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(100L * 360L), 2, RoundingMode.HALF_UP);
    }

    public void refund(BigDecimal interest, Instant at) {
        if (refunded()) {
            throw ProblemException.conflict("already-refunded", Text.of("该投标保证金已退还", "The bond was already refunded"));
        }
        this.interest = interest;
        this.refundedAt = at;
    }

    public static List<BondRefund> ofTender(long tenderId) {
        return list("tenderId = ?1 order by id", tenderId);
    }

    public static Optional<BondRefund> of(long tenderId, long organisationId) {
        return find("tenderId = ?1 and organisation.id = ?2", tenderId, organisationId).firstResultOptional();
    }
}
