package cn.sunlight.credit;

import cn.sunlight.account.UserAccount;
import cn.sunlight.rules.TradeType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A credit record of an organisation, keyed by its unified social credit code: a decision of an authority (its
 * number, date, the authority, the legal basis). A {@link Kind#DEBARMENT} bars the organisation from the trade types of
 * its scope for its period (政府采购法 Art. 77 and 实施条例 Art. 71: 1-3 years from government procurement;
 * 招标投标法 Art. 53-54: 1-3 years from tenders that must be tendered); a {@link Kind#CONDUCT} record is consulted and
 * shown but bars nothing. Records are lifted, never deleted, so an old check can always be re-read against them.
 */
@Entity
@Table(name = "credit_record")
public class CreditRecord extends PanacheEntityBase {

    public enum Kind { CONDUCT, DEBARMENT }

    /** Records entered on the platform itself rather than imported. */
    public static final String PLATFORM = "PLATFORM";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "credit_code", nullable = false)
    public String creditCode;

    @Column(name = "organisation_name", nullable = false)
    public String organisationName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public String source;

    @Column(name = "source_ref")
    public String sourceRef;

    @Column(name = "decision_no", nullable = false)
    public String decisionNo;

    @Column(name = "decision_date", nullable = false)
    public LocalDate decisionDate;

    @Column(nullable = false)
    public String authority;

    @Column(name = "legal_basis")
    public String legalBasis;

    public String summary;

    @Column(name = "valid_from")
    public Instant validFrom;

    @Column(name = "valid_until")
    public Instant validUntil;

    /** Comma-separated trade types, or null for all. */
    public String scope;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @ManyToOne
    @JoinColumn(name = "recorded_by")
    public UserAccount recordedBy;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "lifted_at")
    public Instant liftedAt;

    @ManyToOne
    @JoinColumn(name = "lifted_by")
    public UserAccount liftedBy;

    @Column(name = "lift_reason")
    public String liftReason;

    public CreditRecord() {
    }

    public Set<TradeType> scopeSet() {
        if (scope == null || scope.isBlank()) {
            return EnumSet.allOf(TradeType.class);
        }
        return Arrays.stream(scope.split(",")).map(TradeType::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(TradeType.class)));
    }

    public void scope(Set<TradeType> types) {
        scope = types == null || types.isEmpty() || types.size() == TradeType.values().length ? null
                : types.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    /** Whether this record bars its organisation from a trade of {@code tradeType} at {@code at}. */
    public boolean bars(TradeType tradeType, Instant at) {
        return kind == Kind.DEBARMENT && liftedAt == null && !at.isBefore(validFrom) && at.isBefore(validUntil)
                && scopeSet().contains(tradeType);
    }

    public void lift(UserAccount by, Instant at, String reason) {
        liftedAt = at;
        liftedBy = by;
        liftReason = reason;
        updatedAt = at;
    }

    public boolean lifted() {
        return liftedAt != null;
    }

    public static List<CreditRecord> ofCode(String creditCode) {
        return list("creditCode = ?1 order by decisionDate desc, id desc", creditCode);
    }

    public static Optional<CreditRecord> bySourceRef(String source, String sourceRef) {
        return find("source = ?1 and sourceRef = ?2", source, sourceRef).firstResultOptional();
    }
}
