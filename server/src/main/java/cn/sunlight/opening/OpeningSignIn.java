package cn.sunlight.opening;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A bidder's sign-in to the online opening hall. */
@Entity
@Table(name = "opening_sign_in")
public class OpeningSignIn extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "tender_id") Long tenderId, @Column(name = "organisation_id") Long organisationId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(name = "signed_in_at", nullable = false)
    public Instant signedInAt;

    protected OpeningSignIn() {
    }

    public OpeningSignIn(long tenderId, long organisationId, long userId, Instant at) {
        this.key = new Key(tenderId, organisationId);
        this.userId = userId;
        this.signedInAt = at;
    }
}
