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

    private AuditEvent append(String action, String objectType, Object objectId, String state, boolean confidential) {
        String stateHash = state == null ? null : CanonicalJson.sha256Hex(state);
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
        if (sandbox(objectType, objectId)) {
            entry.put("sandbox", true); // every log entry of a sandbox tender says so (issue 18)
        }
        AuditEvent event = new AuditEvent(now, who, role, org, address, action, objectType,
                objectId == null ? null : String.valueOf(objectId), stateHash, state, salt, CanonicalJson.write(entry));
        event.persist();
        return event;
    }

    /** Whether the event is about a sandbox tender (or its auction): a persistence-context lookup, no flush. */
    private static boolean sandbox(String objectType, Object objectId) {
        if (objectId == null) {
            return false;
        }
        try {
            long id = Long.parseLong(String.valueOf(objectId));
            var em = io.quarkus.hibernate.orm.panache.Panache.getEntityManager();
            cn.sunlight.tender.Tender t = switch (objectType) {
                case "tender" -> em.find(cn.sunlight.tender.Tender.class, id);
                case "auction" -> {
                    cn.sunlight.auction.Auction a = em.find(cn.sunlight.auction.Auction.class, id);
                    yield a == null ? null : a.tender;
                }
                default -> null;
            };
            return t != null && t.isSandbox();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
