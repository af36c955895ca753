package cn.sunlight.bid;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A certificate of a tender's opening key, binding tender and deadline; re-issued when the deadline moves. */
@Entity
@Table(name = "opening_certificate")
public class OpeningCertificate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(name = "certificate_pem", nullable = false)
    public String certificatePem;

    @Column(nullable = false)
    public Instant deadline;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    protected OpeningCertificate() {
    }

    public OpeningCertificate(Long tenderId, String certificatePem, Instant deadline, Instant issuedAt) {
        this.tenderId = tenderId;
        this.certificatePem = certificatePem;
        this.deadline = deadline;
        this.issuedAt = issuedAt;
    }

    public static Optional<OpeningCertificate> current(long tenderId) {
        return find("tenderId = ?1 order by id desc", tenderId).firstResultOptional();
    }

    public static List<OpeningCertificate> all(long tenderId) {
        return list("tenderId = ?1 order by id", tenderId);
    }
}
