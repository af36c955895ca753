package cn.sunlight.tender;

import cn.sunlight.account.UserAccount;
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
import java.util.List;

/** A clarification or amendment of the tender documents (澄清/修改), published to every registered bidder. */
@Entity
@Table(name = "clarification")
public class Clarification extends PanacheEntityBase {

    public enum Kind { CLARIFICATION, AMENDMENT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tender_id")
    public Tender tender;

    @Column(nullable = false)
    public int number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public String text;

    @Column(name = "affects_preparation", nullable = false)
    public boolean affectsPreparation;

    @Column(name = "previous_deadline", nullable = false)
    public Instant previousDeadline;

    @Column(name = "new_deadline", nullable = false)
    public Instant newDeadline;

    @ManyToOne(optional = false)
    @JoinColumn(name = "published_by")
    public UserAccount publishedBy;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    protected Clarification() {
    }

    public Clarification(Tender tender, int number, Kind kind, String text, boolean affectsPreparation,
                         Instant previousDeadline, Instant newDeadline, UserAccount publishedBy, Instant publishedAt) {
        this.tender = tender;
        this.number = number;
        this.kind = kind;
        this.text = text;
        this.affectsPreparation = affectsPreparation;
        this.previousDeadline = previousDeadline;
        this.newDeadline = newDeadline;
        this.publishedBy = publishedBy;
        this.publishedAt = publishedAt;
    }

    public static List<Clarification> ofTender(long tenderId) {
        return list("tender.id = ?1 order by number", tenderId);
    }
}
