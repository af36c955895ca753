package cn.sunlight.bid;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A tender's opening key: only its public half is stored; the private half exists as custodians' shares. */
@Entity
@Table(name = "opening_key")
public class OpeningKey extends PanacheEntityBase {

    @Id
    @Column(name = "tender_id")
    public Long tenderId;

    @Column(name = "public_key_pem", nullable = false)
    public String publicKeyPem;

    @Column(nullable = false)
    public int threshold;

    @Column(name = "share_count", nullable = false)
    public int shareCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    protected OpeningKey() {
    }

    public OpeningKey(Long tenderId, String publicKeyPem, int threshold, int shareCount, Instant createdAt) {
        this.tenderId = tenderId;
        this.publicKeyPem = publicKeyPem;
        this.threshold = threshold;
        this.shareCount = shareCount;
        this.createdAt = createdAt;
    }
}
