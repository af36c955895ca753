package cn.sunlight.bond;

import cn.sunlight.account.Organisation;
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
 * A virtual sub-account (虚拟子账号) of the centre's bid-bond account, issued to one registered bidder for one lot and
 * shown only to it: the bank credits each payment to the sub-account it was paid into, so a statement line names tender,
 * lot and bidder by itself. Who holds a sub-account is as confidential as who registered (招标投标法 Art. 22).
 */
@Entity
@Table(name = "bond_account")
public class BondAccount extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "lot_number", nullable = false)
    public int lotNumber;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @Column(name = "account_no", nullable = false, unique = true)
    public String accountNo;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    protected BondAccount() {
    }

    public BondAccount(long tenderId, int lotNumber, Organisation organisation, String accountNo, Instant issuedAt) {
        this.tenderId = tenderId;
        this.lotNumber = lotNumber;
        this.organisation = organisation;
        this.accountNo = accountNo;
        this.issuedAt = issuedAt;
    }

    public static Optional<BondAccount> of(long tenderId, int lot, long organisationId) {
        return find("tenderId = ?1 and lotNumber = ?2 and organisation.id = ?3", tenderId, lot, organisationId).firstResultOptional();
    }

    public static Optional<BondAccount> byNumber(String accountNo) {
        return find("accountNo", accountNo).firstResultOptional();
    }

    public static List<BondAccount> ofBidder(long tenderId, long organisationId) {
        return list("tenderId = ?1 and organisation.id = ?2 order by lotNumber", tenderId, organisationId);
    }
}
