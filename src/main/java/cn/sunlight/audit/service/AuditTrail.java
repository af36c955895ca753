package cn.sunlight.audit.service;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.RequestActor;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends audit events in the caller's transaction (MANDATORY): an event exists exactly when the
 * change it describes committed. Every state change and every sensitive read goes through here.
 */
@ApplicationScoped
public class AuditTrail {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static final String SYSTEM_ACTOR = "platform";

    private final PlatformClock clock;
    private final Instance<RequestActor> actor;

    public AuditTrail(PlatformClock clock, Instance<RequestActor> actor) {
        this.clock = clock;
        this.actor = actor;
    }

    /** Records a change; {@code newState} is hashed (canonical JSON, SHA-256) into the event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent record(String action, String objectType, Object objectId, Object newState) {
        return append(action, objectType, objectId, newState == null ? null : CanonicalJson.write(newState), false);
    }

    /**
     * Records a change whose actor must stay confidential until the opening (a bidder registering,
     * submitting): the log entry commits to actor, organisation and address with a random salt
     * instead of naming them. The columns keep the plain values for the platform and supervisors.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent recordConfidential(String action, String objectType, Object objectId, Object newState) {
        return append(action, objectType, objectId, newState == null ? null : CanonicalJson.write(newState), true);
    }

    /** Records a sensitive read (supervisor views, downloads); there is no new state to hash. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent read(String action, String objectType, Object objectId) {
        return append(action, objectType, objectId, null, false);
    }

    /** A tender's events in order: the raw material for time travel and for supervisors. */
    public List<AuditEvent> forObject(String objectType, Object objectId) {
        return AuditEvent.list("objectType = ?1 and objectId = ?2 order by id", objectType, String.valueOf(objectId));
    }

    /** Who did something, for events written away from the request (a batch writer carries it along). */
    public record Actor(String username, String role, String organisationCode, String address) {
    }

    /** The current request's actor (the system when there is none), to hand to {@link #confidentialEventFor}. */
    public Actor currentActor() {
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive() && actor.isResolvable()) {
            RequestActor a = actor.get();
            if (a.authenticated()) {
                return new Actor(a.username(), a.role().map(Enum::name).orElse(null), a.organisationCode(), a.clientAddress());
            }
            return new Actor(a.clientAddress() != null ? "anonymous" : SYSTEM_ACTOR, null, null, a.clientAddress());
        }
        return new Actor(SYSTEM_ACTOR, null, null, null);
    }

    /**
     * Builds, without persisting, the confidential event {@link #recordConfidential} would write for {@code who}:
     * for a writer that inserts many events in one transaction of its own (the auction sequencer's group commit).
     * The caller must insert it in the transaction of the change it describes.
     */
    public AuditEvent confidentialEventFor(Actor who, String action, String objectType, Object objectId, Object newState, Instant at) {
        String state = newState == null ? null : CanonicalJson.write(newState);
        return build(action, objectType, objectId, state, true, at, who.username(), who.role(), who.organisationCode(), who.address());
    }

    private AuditEvent append(String action, String objectType, Object objectId, String state, boolean confidential) {
        Instant now = clock.now();
        String who = SYSTEM_ACTOR;
        String role = null;
        String org = null;
        String address = null;
        ManagedContext requestContext = Arc.container().requestContext();
        if (requestContext.isActive() && actor.isResolvable()) {
            RequestActor a = actor.get();
            if (a.authenticated()) {
                who = a.username();
                role = a.role().map(Enum::name).orElse(null);
                org = a.organisationCode();
            } else if (a.clientAddress() != null) {
                who = "anonymous";
            }
            address = a.clientAddress();
        }
        AuditEvent event = build(action, objectType, objectId, state, confidential, now, who, role, org, address);
        event.persist();
        return event;
    }

    private AuditEvent build(String action, String objectType, Object objectId, String state, boolean confidential, Instant now,
                             String who, String role, String org, String address) {
        String stateHash = state == null ? null : CanonicalJson.sha256Hex(state);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("v", 1);
        entry.put("at", now.toString());
        String salt = null;
        if (confidential) {
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            salt = HexFormat.of().formatHex(b);
            entry.put("commitment", CanonicalJson.sha256Hex(salt + "|" + who + "|" + role + "|" + org + "|" + address));
        } else {
            entry.put("actor", who);
            entry.put("role", role);
            entry.put("org", org);
            entry.put("addr", address);
        }
        entry.put("action", action);
        entry.put("type", objectType);
        entry.put("object", objectId == null ? null : String.valueOf(objectId));
        entry.put("state", stateHash);
        return new AuditEvent(now, who, role, org, address, action, objectType,
                objectId == null ? null : String.valueOf(objectId), stateHash, state, salt, CanonicalJson.write(entry));
    }
}
