package cn.sunlight.bond;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An electronic guarantee (电子投标保函) in place of a cash bond (实施条例 Art. 26 allows a bond in the form of a bank
 * guarantee), accepted only after its CMS signature, the guarantor's chain to the trust list, amount, validity and
 * the named tender, lot and bidder were verified.
 */
@Entity
@Table(name = "bond_guarantee")
public class BondGuarantee extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "bond_account_id")
    public BondAccount account;

    @Column(name = "guarantee_no", nullable = false)
    public String guaranteeNo;

    @Column(nullable = false)
    public String guarantor;

    @Column(name = "signer_subject", nullable = false)
    public String signerSubject;

    @Column(nullable = false)
    public BigDecimal amount;

    @Column(name = "valid_from", nullable = false)
    public LocalDate validFrom;

    @Column(name = "valid_until", nullable = false)
    public LocalDate validUntil;

    @Column(name = "document_sha256", nullable = false)
    public String documentSha256;

    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;

    protected BondGuarantee() {
    }

    public BondGuarantee(BondAccount account, String guaranteeNo, String guarantor, String signerSubject, BigDecimal amount,
                         LocalDate validFrom, LocalDate validUntil, String documentSha256, Instant uploadedAt) {
        this.account = account;
        this.guaranteeNo = guaranteeNo;
        this.guarantor = guarantor;
        this.signerSubject = signerSubject;
        this.amount = amount;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.documentSha256 = documentSha256;
        this.uploadedAt = uploadedAt;
    }

    public static List<BondGuarantee> ofAccount(long accountId) {
        return list("account.id = ?1 order by id", accountId);
    }
}
