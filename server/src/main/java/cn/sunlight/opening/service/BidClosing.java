package cn.sunlight.opening.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.notification.Notification;
import cn.sunlight.opening.OpeningSession;
import cn.sunlight.opening.OpeningStage;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Closes submission at the deadline: the tender moves to CLOSED under a row lock (so two instances
 * cannot both close it), the close is audited with the number of standing bids, and a log checkpoint
 * cosigned by the supervision authority's witness seals the set of bids as of the deadline.
 */
@ApplicationScoped
public class BidClosing {

    private static final Logger LOG = Logger.getLogger(BidClosing.class);

    /** Fired after a tender closed and its opening hall opened (committed). */
    public record BiddingClosed(long tenderId) {
    }

    private final PlatformClock clock;
    private final AuditTrail audit;
    private final TransparencyLog log;
    private final Event<BiddingClosed> closed;

    public BidClosing(PlatformClock clock, AuditTrail audit, TransparencyLog log, Event<BiddingClosed> closed) {
        this.clock = clock;
        this.audit = audit;
        this.log = log;
        this.closed = closed;
    }

    /** Returns whether this call closed the tender (false: not due yet, or already closed elsewhere). */
    public boolean closeIfDue(long tenderId) {
        Boolean done = QuarkusTransaction.requiringNew().call(() -> {
            // Lock, then read: a lock taken with the load is a follow-on lock (the lots are outer-joined) that keeps the
            // state read before it, and a concurrent change (a deadline moved, a sandbox clock re-anchored) made it stale.
            Tender t = Tender.lockedForUpdate(tenderId);
            Instant now = clock.now(t);
            if (t == null || (t.status != TenderStatus.BIDDING && t.status != TenderStatus.PUBLISHED)
                    || now.isBefore(t.schedule.bidDeadline)) {
                return false;
            }
            if (t.status == TenderStatus.PUBLISHED) {
                t.startBidding(now);
            }
            t.close(now);
            Map<String, Object> state = new LinkedHashMap<>(t.snapshot());
            // How many bids stand is confidential until the opening too: the log holds only the state hash.
            state.put("standingBids", SealedBid.standing(t.id).size());
            audit.record("tender.closed", "tender", t.id, state);
            // The opening hall opens in the same transaction: a closed tender always has its session.
            new OpeningSession(t.id, now).persist();
            audit.record("opening.session-created", "tender", t.id, Map.of("stage", OpeningStage.SIGN_IN));
            for (BidderRegistration r : BidderRegistration.ofTender(t.id)) {
                new Notification(r.organisation.id, t.id, "opening.sign-in", "招标项目 " + t.code + " 已截标，请进入不见面开标大厅签到",
                        "Tender " + t.code + " has closed; please sign in to the online opening hall", now).persist();
            }
            LOG.infof("tender %s closed at %s (deadline %s)", t.code, now, t.schedule.bidDeadline);
            return true;
        });
        if (done) {
            Tender t = QuarkusTransaction.requiringNew().call(() -> Tender.findById(tenderId));
            try {
                log.checkpoint("deadline:" + t.code);
            } catch (RuntimeException e) {
                // The close is committed and audited; the periodic checkpoint will cover it within seconds.
                LOG.warnf(e, "deadline checkpoint for %s failed; the next periodic checkpoint covers the close", t.code);
            }
            closed.fire(new BiddingClosed(tenderId));
        }
        return done;
    }
}
