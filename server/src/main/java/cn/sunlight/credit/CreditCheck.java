package cn.sunlight.credit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * The evidence of one check of an organisation against the credit records, kept with the tender: the stage, who
 * asked and when, the result, the decisive record of a refusal and every record consulted (canonical JSON of their
 * ids, decision numbers, kinds, periods and content hashes as they stood), so that the check can be re-read later.
 */
@Entity
@Table(name = "credit_check")
public class CreditCheck extends PanacheEntityBase {

    /** Where the platform checks: registration (报名), bid submission and before the award. */
    public enum Stage { REGISTRATION, SUBMISSION, AWARD }

    public enum Result { CLEAR, REFUSED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "organisation_id", nullable = false)
    public Long organisationId;

    @Column(name = "credit_code", nullable = false)
    public String creditCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Stage stage;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(name = "checked_by", nullable = false)
    public String checkedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Result result;

    @Column(name = "decisive_record_id")
    public Long decisiveRecordId;

    @Column(nullable = false)
    public String consulted;

    protected CreditCheck() {
    }

    public CreditCheck(long tenderId, long organisationId, String creditCode, Stage stage, Instant checkedAt, String checkedBy,
                       Result result, Long decisiveRecordId, String consulted) {
        this.tenderId = tenderId;
        this.organisationId = organisationId;
        this.creditCode = creditCode;
        this.stage = stage;
        this.checkedAt = checkedAt;
        this.checkedBy = checkedBy;
        this.result = result;
        this.decisiveRecordId = decisiveRecordId;
        this.consulted = consulted;
    }

    public boolean refused() {
        return result == Result.REFUSED;
    }

    /** Refusals since {@code since}, newest first: the supervisors' desk alerts. */
    public static List<CreditCheck> refusedSince(Instant since) {
        return list("result = ?1 and checkedAt >= ?2 order by checkedAt desc, id desc", Result.REFUSED, since);
    }
}
