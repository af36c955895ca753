package cn.sunlight.audit.service;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.Disclosure;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import io.quarkus.hibernate.orm.panache.Panache;
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
    private final jakarta.enterprise.event.Event<cn.sunlight.audit.AuditRecorded> recorded;

    public AuditTrail(PlatformClock clock, Instance<RequestActor> actor, jakarta.enterprise.event.Event<cn.sunlight.audit.AuditRecorded> recorded) {
        this.clock = clock;
        this.actor = actor;
        this.recorded = recorded;
    }

    /**
     * Records a change; {@code newState} is hashed (canonical JSON, SHA-256) into the event. An event whose actor is
     * a bidder is withheld from the public automatically (see {@link Disclosure}): until the opening of the tender it
     * concerns, or for good when it concerns no tender.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent record(String action, String objectType, Object objectId, Object newState) {
        return append(action, objectType, objectId, newState == null ? null : CanonicalJson.write(newState), null);
    }

    /**
     * Records a change whose actor must stay confidential until the opening (a bidder registering, submitting,
     * quoting): the clear entry is withheld from the public until the tender's opening (its leaf hash is public at
     * once, and the entry carries a random salt so that the hash cannot be tested against guessed names).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent recordConfidential(String action, String objectType, Object objectId, Object newState) {
        return append(action, objectType, objectId, newState == null ? null : CanonicalJson.write(newState), Disclosure.OPENING);
    }

    /**
     * Records a change about a bidder's account or organisation made by someone else or before sign-in (its
     * creation, a login): names and user ids of bidders would let the public correlate their later activity, so
     * the entry is for supervisors only.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent recordAboutBidder(String action, String objectType, Object objectId, Object newState) {
        return append(action, objectType, objectId, newState == null ? null : CanonicalJson.write(newState), Disclosure.SUPERVISORS);
    }

    /** {@link #recordAboutBidder} when {@code bidder}, else {@link #record}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent recordAbout(boolean bidder, String action, String objectType, Object objectId, Object newState) {
        return bidder ? recordAboutBidder(action, objectType, objectId, newState) : record(action, objectType, objectId, newState);
    }

    /** Records a sensitive read (supervisor views, downloads); there is no new state to hash. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEvent read(String action, String objectType, Object objectId) {
        return append(action, objectType, objectId, null, null);
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
    public AuditEvent confidentialEventFor(Actor who, String action, String objectType, Object objectId, Object newState, Instant at,
                                           long tenderId, boolean sandboxTender) {
        String state = newState == null ? null : CanonicalJson.write(newState);
        // The tender and its sandbox flag come from the caller: a batch writer runs outside any persistence context.
        return build(action, objectType, objectId, state, Disclosure.OPENING, at, who.username(), who.role(), who.organisationCode(),
                who.address(), tenderId, sandboxTender);
    }

    private AuditEvent append(String action, String objectType, Object objectId, String state, Disclosure asked) {
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
        String object = objectId == null ? null : String.valueOf(objectId);
        Long tender = tenderOf(objectType, object);
        AuditEvent event = build(action, objectType, objectId, state, asked, now, who, role, org, address, tender,
                tender != null && sandbox(tender));
        event.persist();
        recorded.fire(new cn.sunlight.audit.AuditRecorded(event)); // same transaction: observers write with the change
        return event;
    }

    private AuditEvent build(String action, String objectType, Object objectId, String state, Disclosure asked, Instant now,
                             String who, String role, String org, String address, Long tender, boolean sandboxTender) {
        String stateHash = state == null ? null : CanonicalJson.sha256Hex(state);
        String object = objectId == null ? null : String.valueOf(objectId);
        Disclosure disclosure = asked;
        if (disclosure == null) {
            disclosure = Role.BIDDER.name().equals(role) ? Disclosure.OPENING : Disclosure.PUBLIC;
        }
        if (disclosure == Disclosure.OPENING && tender == null) {
            disclosure = Disclosure.SUPERVISORS; // about no tender: nothing ever makes it public
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        if (disclosure == Disclosure.PUBLIC) {
            entry.put("v", 1);
        } else {
            // The leaf hash of a withheld entry is public at once: a random salt makes it a hiding commitment, so
            // nobody can confirm a guess (this bidder, this address, this second) against it before the disclosure.
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            entry.put("v", 2);
            entry.put("salt", HexFormat.of().formatHex(b));
        }
        entry.put("at", now.toString());
        entry.put("actor", who);
        entry.put("role", role);
        entry.put("org", org);
        entry.put("addr", address);
        entry.put("action", action);
        entry.put("type", objectType);
        entry.put("object", object);
        entry.put("state", stateHash);
        if (sandboxTender) {
            entry.put("sandbox", true); // every log entry of a sandbox tender says so (issue 18)
        }
        AuditEvent event = new AuditEvent(now, who, role, org, address, action, objectType, object, stateHash, state, null,
                CanonicalJson.write(entry));
        event.disclosure = disclosure.name();
        event.discloseTender = disclosure == Disclosure.OPENING ? tender : null;
        return event;
    }

    /** auction id → tender id; an auction never changes tender, so the mapping is cached (no query under its row lock). */
    private final Map<Long, Long> auctionTenders = new java.util.concurrent.ConcurrentHashMap<>();

    /** The tender an event is about: its object, or the tender of an online bidding (auction). */
    private Long tenderOf(String objectType, String objectId) {
        if (objectId == null || !objectId.chars().allMatch(Character::isDigit) || objectId.isEmpty() || objectId.length() > 18) {
            return null;
        }
        long id = Long.parseLong(objectId);
        return switch (objectType) {
            case "tender" -> id;
            case "auction" -> {
                Long cached = auctionTenders.get(id);
                if (cached != null) {
                    yield cached;
                }
                List<?> rows = Panache.getEntityManager().createNativeQuery("select tender_id from auction where id = ?1")
                        .setFlushMode(jakarta.persistence.FlushModeType.COMMIT).setParameter(1, id).getResultList();
                Long tender = rows.isEmpty() ? null : ((Number) rows.getFirst()).longValue();
                if (tender != null) {
                    auctionTenders.put(id, tender);
                }
                yield tender;
            }
            default -> null;
        };
    }

    /** Whether the tender is a sandbox tender: a persistence-context lookup, no flush. */
    private static boolean sandbox(long tenderId) {
        cn.sunlight.tender.Tender t = Panache.getEntityManager().find(cn.sunlight.tender.Tender.class, tenderId);
        return t != null && t.isSandbox();
    }
}
