package cn.sunlight.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/** A legal person taking part in trades, identified by its unified social credit code. */
@Entity
@Table(name = "organisation")
public class Organisation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "credit_code", nullable = false, unique = true, length = 18)
    public String creditCode;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrganisationKind kind;

    public String region;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    protected Organisation() {
    }

    public Organisation(String creditCode, String name, OrganisationKind kind, String region, Instant createdAt) {
        this.creditCode = creditCode;
        this.name = name;
        this.kind = kind;
        this.region = region;
        this.createdAt = createdAt;
    }

    public static Optional<Organisation> byCreditCode(String code) {
        return find("creditCode", code).firstResultOptional();
    }
}
