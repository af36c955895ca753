package cn.sunlight.supervision;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.RaisedIssue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * A complaint to the supervision authority (投诉). It must be accepted (受理) within the rules'
 * complaint-accept period and decided within complaint-decide after acceptance; both feed alerts.
 */
@Entity
@Table(name = "complaint")
public class Complaint extends RaisedIssue {

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "accept_due_at", nullable = false)
    public Instant acceptDueAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @ManyToOne
    @JoinColumn(name = "accepted_by")
    public UserAccount acceptedBy;

    @Column(name = "decide_due_at")
    public Instant decideDueAt;

    public String decision;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @ManyToOne
    @JoinColumn(name = "decided_by")
    public UserAccount decidedBy;

    protected Complaint() {
    }

    public Complaint(Tender tender, Organisation organisation, UserAccount raisedBy, String subject, String text,
                     Instant receivedAt, Instant acceptDueAt) {
        super(tender, organisation, raisedBy, subject, text);
        this.receivedAt = receivedAt;
        this.acceptDueAt = acceptDueAt;
    }

    public void accept(UserAccount by, Instant at, Instant decideDue) {
        this.acceptedBy = by;
        this.acceptedAt = at;
        this.decideDueAt = decideDue;
    }

    public void decide(String decision, UserAccount by, Instant at) {
        this.decision = decision;
        this.decidedBy = by;
        this.decidedAt = at;
    }

    public boolean accepted() {
        return acceptedAt != null;
    }

    public boolean decided() {
        return decidedAt != null;
    }

    public static List<Complaint> open() {
        return list("decidedAt is null order by receivedAt");
    }
}
