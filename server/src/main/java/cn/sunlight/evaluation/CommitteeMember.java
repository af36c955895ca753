package cn.sunlight.evaluation;

import cn.sunlight.account.UserAccount;
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
import java.util.List;
import java.util.Optional;

/** A seat on the committee: the expert, its position in the seeded draw order, and, if replaced, why and when. */
@Entity
@Table(name = "committee_member")
public class CommitteeMember extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "expert_id")
    public UserAccount expert;

    /** Position in the seeded order of the candidates: replacements continue down the same order. */
    @Column(name = "draw_position", nullable = false)
    public int drawPosition;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "replaced_reason")
    public String replacedReason;

    @Column(name = "replaced_at")
    public Instant replacedAt;

    protected CommitteeMember() {
    }

    public CommitteeMember(long tenderId, UserAccount expert, int drawPosition) {
        this.tenderId = tenderId;
        this.expert = expert;
        this.drawPosition = drawPosition;
        this.active = true;
    }

    /** The expert leaves (withdrawal for a conflict discovered late, illness...); the seat goes to the next in order. */
    public void replace(String reason, Instant at) {
        this.active = false;
        this.replacedReason = reason;
        this.replacedAt = at;
    }

    public static List<CommitteeMember> ofTender(long tenderId) {
        return list("from CommitteeMember m join fetch m.expert e left join fetch e.organisation where m.tenderId = ?1"
                + " order by m.drawPosition", tenderId);
    }

    public static List<CommitteeMember> activeOf(long tenderId) {
        return list("tenderId = ?1 and active = true order by drawPosition", tenderId);
    }

    public static Optional<CommitteeMember> active(long tenderId, long expertId) {
        return find("tenderId = ?1 and expert.id = ?2 and active = true", tenderId, expertId).firstResultOptional();
    }
}
