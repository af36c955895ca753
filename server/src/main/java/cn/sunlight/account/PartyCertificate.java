package cn.sunlight.account;

import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.tender.CryptoSuite;
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
import java.util.Optional;

/** A certificate the platform CA issued for an account's own key; the newest of a purpose is current. */
@Entity
@Table(name = "party_certificate")
public class PartyCertificate extends PanacheEntityBase {

    public enum Purpose { SIGNING, ENCRYPTION }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "user_id")
    public UserAccount user;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Purpose purpose;

    @Column(name = "certificate_pem", nullable = false)
    public String certificatePem;

    @Column(nullable = false)
    public String serial;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    protected PartyCertificate() {
    }

    public PartyCertificate(UserAccount user, Purpose purpose, String certificatePem, String serial, Instant issuedAt) {
        this.user = user;
        this.purpose = purpose;
        this.certificatePem = certificatePem;
        this.serial = serial;
        this.issuedAt = issuedAt;
    }

    /** The suite this certificate's key serves: SM2 keys the national suite, every other key the international one. */
    public CryptoSuite suite() {
        return KeyPairs.isSm2(Pem.readCertificate(certificatePem).getPublicKey()) ? CryptoSuite.NATIONAL
                : CryptoSuite.INTERNATIONAL;
    }

    /**
     * The current international-suite certificate of a purpose (what signs auction quotes and receives key shares):
     * a party that also registers an SM2 key for national tenders keeps using its international one elsewhere.
     */
    public static Optional<PartyCertificate> current(long userId, Purpose purpose) {
        return current(userId, purpose, CryptoSuite.INTERNATIONAL);
    }

    /**
     * The newest certificate of a purpose whose key serves {@code suite}. A party holds one current certificate per
     * purpose and suite, so registering an SM2 key does not displace its international key, nor the reverse.
     */
    public static Optional<PartyCertificate> current(long userId, Purpose purpose, CryptoSuite suite) {
        return PartyCertificate.<PartyCertificate>list("user.id = ?1 and purpose = ?2 order by issuedAt desc, id desc",
                userId, purpose).stream().filter(c -> c.suite() == suite).findFirst();
    }
}
