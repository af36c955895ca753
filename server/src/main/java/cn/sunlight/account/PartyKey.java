package cn.sunlight.account;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Which organisation a certified public key belongs to. One key serves one organisation only: a signature must tell
 * who signed, and a key shared by two bidders would make their bids indistinguishable (and is itself a sign of
 * collusion, 《招标投标法实施条例》第四十条). The primary key makes that a database rule, not a check that two
 * concurrent requests could both pass.
 */
@Entity
@Table(name = "party_key")
public class PartyKey extends PanacheEntityBase {

    /** SHA-256 (hex) of the key's SubjectPublicKeyInfo, see {@code CertificationRequests.spkiSha256}. */
    @Id
    @Column(name = "spki_sha256", length = 64)
    public String spkiSha256;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    protected PartyKey() {
    }

    /**
     * Claims the key for {@code organisationId} unless another organisation holds it already, and returns the id of the
     * organisation that holds it afterwards. Concurrent claims of one key serialise on the primary key: the later one
     * waits for the earlier to commit and then sees its owner.
     */
    public static long claim(String spkiSha256, long organisationId, Instant now) {
        var em = Panache.getEntityManager();
        em.createNativeQuery("insert into party_key (spki_sha256, organisation_id, registered_at) values (?1, ?2, ?3)"
                        + " on conflict (spki_sha256) do nothing")
                .setParameter(1, spkiSha256).setParameter(2, organisationId).setParameter(3, now).executeUpdate();
        return ((Number) em.createNativeQuery("select organisation_id from party_key where spki_sha256 = ?1")
                .setParameter(1, spkiSha256).getSingleResult()).longValue();
    }
}
