package cn.sunlight.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/**
 * One audit event: who did what to which object, from where, and the hash of the object's new state.
 * {@link #entry} is the canonical text of all other fields; it is what the Merkle log hashes, so a
 * later edit of any column is detectable. Rows are immutable (the database refuses UPDATE/DELETE).
 */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String actor;

    @Column(name = "actor_role")
    public String actorRole;

    public String organisation;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(nullable = false)
    public String action;

    @Column(name = "object_type", nullable = false)
    public String objectType;

    @Column(name = "object_id")
    public String objectId;

    @Column(name = "state_hash")
    public String stateHash;

    /** Canonical JSON of the new state; SHA-256 of it is {@link #stateHash}. */
    public String state;

    @Column(name = "commitment_salt")
    public String commitmentSalt;

    @Column(nullable = false)
    public String entry;

    /** Who may read {@link #entry} in clear: PUBLIC, OPENING (the public once {@link #discloseTender} is opened), SUPERVISORS. */
    @Column(nullable = false)
    public String disclosure = "PUBLIC";

    @Column(name = "disclose_tender")
    public Long discloseTender;

    protected AuditEvent() {
    }

    public AuditEvent(Instant occurredAt, String actor, String actorRole, String organisation, String clientAddress,
               String action, String objectType, String objectId, String stateHash, String state, String commitmentSalt,
                      String entry) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.actorRole = actorRole;
        this.organisation = organisation;
        this.clientAddress = clientAddress;
        this.action = action;
        this.objectType = objectType;
        this.objectId = objectId;
        this.stateHash = stateHash;
        this.state = state;
        this.commitmentSalt = commitmentSalt;
        this.entry = entry;
    }
}
