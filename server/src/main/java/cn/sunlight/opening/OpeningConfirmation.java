package cn.sunlight.opening;

import cn.sunlight.account.UserAccount;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** A bidder's confirmation of its read-out line, or its objection to the opening, and the host's answer. */
@Entity
@Table(name = "opening_confirmation")
public class OpeningConfirmation extends PanacheEntityBase {

    public enum Kind { CONFIRMED, OBJECTED }

    @Id
    @Column(name = "bid_id")
    public Long bidId;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    public String text;

    @Column(nullable = false)
    public Instant at;

    public String answer;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @ManyToOne
    @JoinColumn(name = "answered_by")
    public UserAccount answeredBy;

    protected OpeningConfirmation() {
    }

    public OpeningConfirmation(Long bidId, Long tenderId, Kind kind, String text, Instant at) {
        this.bidId = bidId;
        this.tenderId = tenderId;
        this.kind = kind;
        this.text = text;
        this.at = at;
    }
}
