package cn.sunlight.tender;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** An objection to the tender documents (异议, 实施条例 Art. 22); the tender is suspended until answered. */
@Entity
@Table(name = "objection")
public class Objection extends RaisedIssue {

    @Column(name = "raised_at", nullable = false)
    public Instant raisedAt;

    @Column(name = "answer_due_at", nullable = false)
    public Instant answerDueAt;

    public String answer;

    @ManyToOne
    @JoinColumn(name = "answered_by")
    public UserAccount answeredBy;

    @Column(name = "answered_at")
    public Instant answeredAt;

    protected Objection() {
    }

    public Objection(Tender tender, Organisation organisation, UserAccount raisedBy, String subject, String text,
                     Instant raisedAt, Instant answerDueAt) {
        super(tender, organisation, raisedBy, subject, text);
        this.raisedAt = raisedAt;
        this.answerDueAt = answerDueAt;
    }

    public boolean answered() {
        return answeredAt != null;
    }

    public void answer(String text, UserAccount by, Instant at) {
        this.answer = text;
        this.answeredBy = by;
        this.answeredAt = at;
    }

    public static List<Objection> ofTender(long tenderId) {
        return list("tender.id = ?1 order by raisedAt", tenderId);
    }

    public static long openFor(long tenderId) {
        return count("tender.id = ?1 and answeredAt is null", tenderId);
    }
}
