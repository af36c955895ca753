package cn.sunlight.tender;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;

/**
 * What a party raises about a tender, in writing, with a deadline for the answer: an objection to the host (异议) or a
 * complaint to the supervisors (投诉). Each has its own table; this is the shape they share.
 */
@MappedSuperclass
public abstract class RaisedIssue extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tender_id")
    public Tender tender;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @ManyToOne(optional = false)
    @JoinColumn(name = "raised_by")
    public UserAccount raisedBy;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public String text;

    protected RaisedIssue() {
    }

    protected RaisedIssue(Tender tender, Organisation organisation, UserAccount raisedBy, String subject, String text) {
        this.tender = tender;
        this.organisation = organisation;
        this.raisedBy = raisedBy;
        this.subject = subject;
        this.text = text;
    }
}
