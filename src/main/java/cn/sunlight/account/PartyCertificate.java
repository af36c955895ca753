package cn.sunlight.account;

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

    public static Optional<PartyCertificate> current(long userId, Purpose purpose) {
        return find("user.id = ?1 and purpose = ?2 order by issuedAt desc, id desc", userId, purpose).firstResultOptional();
    }
}
