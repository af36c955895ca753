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
 * A supplier's registration for a tender. The list is confidential until the opening: the law keeps
 * the names and number of bidders secret (招标投标法 Art. 22), so no endpoint lists it before then.
 */
@Entity
@Table(name = "bidder_registration")
public class BidderRegistration extends PanacheEntityBase {

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
    @JoinColumn(name = "user_id")
    public UserAccount user;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    protected BidderRegistration() {
    }

    public BidderRegistration(Tender tender, Organisation organisation, UserAccount user, Instant registeredAt) {
        this.tender = tender;
        this.organisation = organisation;
        this.user = user;
        this.registeredAt = registeredAt;
    }

    public static Optional<BidderRegistration> of(long tenderId, long organisationId) {
        return find("tender.id = ?1 and organisation.id = ?2", tenderId, organisationId).firstResultOptional();
    }

    /** Whether the organisation registered for the tender: one indexed probe, no entity loaded. */
    public static boolean exists(long tenderId, long organisationId) {
        return !getEntityManager().createQuery("select 1 from BidderRegistration r where r.tender.id = ?1 and r.organisation.id = ?2",
                Integer.class).setParameter(1, tenderId).setParameter(2, organisationId).setMaxResults(1).getResultList().isEmpty();
    }

    public static List<BidderRegistration> ofTender(long tenderId) {
        return list("tender.id = ?1 order by registeredAt", tenderId);
    }
}
