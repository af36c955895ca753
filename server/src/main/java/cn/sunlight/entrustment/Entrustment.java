package cn.sunlight.entrustment;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.Project;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tendering unit's entrustment of an agency (委托代理, 招标投标法 Art. 12-13, 政府采购法 Art. 19): which agent may
 * act for the unit, on which projects and trade types, and for how long. Revocation takes effect at once: the host
 * check reads this row on every request.
 */
@Entity
@Table(name = "entrustment")
public class Entrustment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tendering_unit_id")
    public Organisation tenderingUnit;

    @ManyToOne(optional = false)
    @JoinColumn(name = "agent_id")
    public Organisation agent;

    /** One project, or null for every project of the unit. */
    @ManyToOne
    @JoinColumn(name = "project_id")
    public Project project;

    /** Comma-separated trade types, or null for every trade type. */
    @Column(name = "trade_types")
    public String tradeTypes;

    @Column(name = "valid_from", nullable = false)
    public Instant validFrom;

    @Column(name = "valid_until", nullable = false)
    public Instant validUntil;

    @ManyToOne(optional = false)
    @JoinColumn(name = "granted_by")
    public UserAccount grantedBy;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @ManyToOne
    @JoinColumn(name = "revoked_by")
    public UserAccount revokedBy;

    protected Entrustment() {
    }

    public Entrustment(Organisation tenderingUnit, Organisation agent, Project project, Set<TradeType> tradeTypes,
                       Instant validFrom, Instant validUntil, UserAccount grantedBy, Instant grantedAt) {
        this.tenderingUnit = tenderingUnit;
        this.agent = agent;
        this.project = project;
        this.tradeTypes = tradeTypes == null || tradeTypes.isEmpty() ? null
                : tradeTypes.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.grantedBy = grantedBy;
        this.grantedAt = grantedAt;
    }

    /** The trade types covered; empty means every trade type. */
    public Set<TradeType> tradeTypeSet() {
        if (tradeTypes == null || tradeTypes.isBlank()) {
            return EnumSet.noneOf(TradeType.class);
        }
        return Arrays.stream(tradeTypes.split(",")).map(TradeType::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(TradeType.class)));
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** In force at {@code now}: not revoked, and inside its validity period [from, until). */
    public boolean inForceAt(Instant now) {
        return revokedAt == null && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }

    /**
     * Whether the scope covers acting on {@code p} (null: creating a new project) in {@code tradeType} (null: an act
     * not tied to one trade type, such as opening a project).
     */
    public boolean covers(Project p, TradeType tradeType) {
        if (project != null && (p == null || !project.id.equals(p.id))) {
            return false;
        }
        return tradeType == null || tradeTypes == null || tradeTypeSet().contains(tradeType);
    }

    public void revoke(UserAccount by, Instant now) {
        this.revokedAt = now;
        this.revokedBy = by;
    }

    public static List<Entrustment> inForce(long unitId, long agentId, Instant now) {
        return list("tenderingUnit.id = ?1 and agent.id = ?2 and revokedAt is null and validFrom <= ?3 and validUntil > ?3",
                unitId, agentId, now);
    }

    /**
     * One keyset page, newest first, of the entrustments matching {@code where} (a JPQL condition on ?1):
     * entrustment_unit_idx / entrustment_agent_idx / the primary key.
     */
    public static cn.sunlight.common.page.Page<Entrustment> page(String where, long param, cn.sunlight.common.page.PageRequest page) {
        return cn.sunlight.common.page.IdPages.page(page, (below, above, limit) -> {
            String w = where;
            return (below == null && above == null ? Entrustment.<Entrustment>find(w + " order by id desc", param)
                    : below != null ? Entrustment.<Entrustment>find(w + " and id < ?2 order by id desc", param, below)
                    : Entrustment.<Entrustment>find(w + " and id > ?2 order by id asc", param, above)).range(0, limit - 1).list();
        }, e -> e.id);
    }
}
