package cn.sunlight.bond;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A guarantor's CA certificate on the platform's trust list for electronic guarantees (电子保函), added by an operator. */
@Entity
@Table(name = "guarantor_anchor")
public class GuarantorAnchor extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false, unique = true)
    public String sha256;

    /** PEM. */
    @Column(nullable = false)
    public String certificate;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    @Column(name = "added_by", nullable = false)
    public Long addedBy;

    protected GuarantorAnchor() {
    }

    public GuarantorAnchor(String subject, String sha256, String certificate, Instant addedAt, long addedBy) {
        this.subject = subject;
        this.sha256 = sha256;
        this.certificate = certificate;
        this.addedAt = addedAt;
        this.addedBy = addedBy;
    }

    public static List<GuarantorAnchor> all() {
        return list("order by id");
    }
}
