package cn.sunlight.tender;

import cn.sunlight.account.Organisation;
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

/**
 * An organisation invited to a tender of an inviting method (邀请招标: 招标投标法 Art. 17, 政府采购法 Art. 34). Only
 * invitees may register and bid; who was invited stays confidential until the award (like the bidders themselves,
 * 招标投标法 Art. 22), then the invitation facts are public.
 */
@Entity
@Table(name = "tender_invitation")
public class Invitation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @ManyToOne(optional = false)
    @JoinColumn(name = "named_by")
    public UserAccount namedBy;

    @Column(name = "named_at", nullable = false)
    public Instant namedAt;

    @Column(name = "letter_sha256")
    public String letterSha256;

    @Column(name = "letter_issued_at")
    public Instant letterIssuedAt;

    protected Invitation() {
    }

    public Invitation(long tenderId, Organisation organisation, UserAccount namedBy, Instant namedAt) {
        this.tenderId = tenderId;
        this.organisation = organisation;
        this.namedBy = namedBy;
        this.namedAt = namedAt;
    }

    public void issueLetter(String sha256, Instant at) {
        letterSha256 = sha256;
        letterIssuedAt = at;
    }

    public static List<Invitation> ofTender(long tenderId) {
        return list("tenderId = ?1 order by id", tenderId);
    }

    public static long countOf(long tenderId) {
        return count("tenderId = ?1", tenderId);
    }

    public static Optional<Invitation> of(long tenderId, long organisationId) {
        return find("tenderId = ?1 and organisation.id = ?2", tenderId, organisationId).firstResultOptional();
    }
}
