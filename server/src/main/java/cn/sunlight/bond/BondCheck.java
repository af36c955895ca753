package cn.sunlight.bond;

import cn.sunlight.account.Organisation;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The bond of one standing bid as checked before decryption, and what the rules make of it. */
@Entity
@Table(name = "bond_check")
public class BondCheck extends PanacheEntityBase {

    /** PAID: cash in the right sub-account by the deadline; GUARANTEED: a verified guarantee; MISSING: neither. */
    public enum Outcome { PAID, GUARANTEED, MISSING }

    @Id
    @Column(name = "bid_id")
    public Long bidId;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "lot_number", nullable = false)
    public int lotNumber;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(nullable = false)
    public BigDecimal required;

    @Column(nullable = false)
    public BigDecimal paid;

    @Column(name = "value_date")
    public LocalDate valueDate;

    @Column(name = "guarantee_id")
    public Long guaranteeId;

    @Column(name = "rule_id", nullable = false)
    public String ruleId;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    protected BondCheck() {
    }

    public BondCheck(long bidId, long tenderId, int lotNumber, Organisation organisation, Outcome outcome, BigDecimal required,
                     BigDecimal paid, LocalDate valueDate, Long guaranteeId, String ruleId, Instant checkedAt) {
        this.bidId = bidId;
        this.tenderId = tenderId;
        this.lotNumber = lotNumber;
        this.organisation = organisation;
        this.outcome = outcome;
        this.required = required;
        this.paid = paid;
        this.valueDate = valueDate;
        this.guaranteeId = guaranteeId;
        this.ruleId = ruleId;
        this.checkedAt = checkedAt;
    }

    public boolean missing() {
        return outcome == Outcome.MISSING;
    }

    public static List<BondCheck> ofTender(long tenderId) {
        return list("tenderId = ?1 order by lotNumber, bidId", tenderId);
    }

    public static Optional<BondCheck> ofBid(long bidId) {
        return find("bidId", bidId).firstResultOptional();
    }
}
