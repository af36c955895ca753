package cn.sunlight.auction.service;

import cn.sunlight.auction.Auction;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The close of one lot's auction at its (extended) end, from its Quartz timer or the host: under the auction's row
 * lock (so two instances, or the timer and the host, cannot both close it, and a sequencer batch in flight is
 * waited out and then refused by its fence), the final ranking, the award candidate (first rank), the signed result
 * record and the audit event commit together; when it was the tender's last open auction, the tender's bidding is
 * over (CLOSED) in the same transaction.
 */
@ApplicationScoped
public class AuctionClosing {

    private static final Logger LOG = Logger.getLogger(AuctionClosing.class);

    public enum Outcome { CLOSED, NOT_DUE, ALREADY_CLOSED }

    private final PlatformClock clock;
    private final AuditTrail audit;
    private final AuctionResults results;
    private final AuctionCloseTimer timer;
    private final AuctionSequencers sequencers;
    private final Event<AuctionService.AuctionChanged> changed;

    public AuctionClosing(PlatformClock clock, AuditTrail audit, AuctionResults results, AuctionCloseTimer timer,
                          AuctionSequencers sequencers, Event<AuctionService.AuctionChanged> changed) {
        this.clock = clock;
        this.audit = audit;
        this.results = results;
        this.timer = timer;
        this.sequencers = sequencers;
        this.changed = changed;
    }

    /** The timer's entry: closes if due, reschedules itself if the end moved, does nothing if already closed. */
    public Outcome closeIfDue(long auctionId) {
        Outcome o = QuarkusTransaction.requiringNew().call(() -> close(auctionId, false));
        if (o == Outcome.CLOSED) {
            sequencers.closed(auctionId);
        }
        return o;
    }

    /** The host's entry: refuses (409) when not ended or already closed. */
    public void closeByHost(long auctionId) {
        QuarkusTransaction.requiringNew().call(() -> close(auctionId, true));
        sequencers.closed(auctionId);
    }

    private Outcome close(long auctionId, boolean byHost) {
        // The lots of a tender close one after another (the tender's row is the lock, taken first, then the auction's):
        // two lots closing at once would each see the other still open, and neither would end the tender's bidding.
        // FOR NO KEY UPDATE: a quote batch's audit rows only take a key-share lock on the tender and are not held up.
        io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery(
                "select t.id from tender t join auction a on a.tender_id = t.id where a.id = ?1 for no key update of t")
                .setParameter(1, auctionId).getResultList();
        Auction a = Auction.findById(auctionId, LockModeType.PESSIMISTIC_WRITE);
        if (a == null) {
            return Outcome.ALREADY_CLOSED;
        }
        Instant now = clock.now(a.tender);
        if (a.closedAt != null) {
            if (byHost) {
                throw ProblemException.conflict("auction-closed", Text.of("竞价已结束并已生成结果", "The auction is already closed"));
            }
            return Outcome.ALREADY_CLOSED;
        }
        if (now.isBefore(a.endsAt)) {
            if (byHost) {
                throw ProblemException.conflict("auction-not-ended", Text.of("竞价尚未结束（结束时间 " + a.endsAt + "）",
                        "The auction has not ended (it ends at " + a.endsAt + ")"));
            }
            timer.schedule(a); // extended since the timer was set: wait for the new end
            return Outcome.NOT_DUE;
        }
        Tender t = a.tender;
        AuctionService.Snapshot s = AuctionService.snapshotOf(a, now);
        byte[] pdf = results.render(t, a, s.ranking(), now);
        a.close(now, pdf, CanonicalJson.sha256Hex(Base64.getEncoder().encodeToString(pdf)));
        Map<String, Object> state = new LinkedHashMap<>(a.snapshot());
        state.put("ranking", s.ranking().stream().map(l -> Map.of("rank", l.rank(), "alias", l.alias(),
                "organisation", l.organisation(), "price", l.price().toPlainString())).toList());
        state.put("awardCandidate", s.ranking().isEmpty() ? null : s.ranking().getFirst().alias());
        state.put("resultPdfSha256", a.resultSha256);
        state.put("closedBy", byHost ? "host" : "timer");
        audit.record("auction.closed", "auction", a.id, state);
        List<Auction> lots = Auction.allOf(t.id);
        if (lots.stream().allMatch(x -> x.closedAt != null)
                && (t.status == TenderStatus.PUBLISHED || t.status == TenderStatus.BIDDING)) {
            if (t.status == TenderStatus.PUBLISHED) {
                t.moveTo(TenderStatus.BIDDING, "start-bidding");
            }
            // Online bidding has no sealed bids to open: the last lot's close ends the bidding (截标) with the results.
            t.moveTo(TenderStatus.CLOSED, "auction-concluded");
            Map<String, Object> ts = new LinkedHashMap<>(t.snapshot());
            ts.put("auctions", lots.stream().map(x -> Map.of("lot", x.lotNumber, "auction", x.id, "resultPdfSha256", x.resultSha256)).toList());
            audit.record("tender.auction-concluded", "tender", t.id, ts);
        }
        LOG.infof("auction %d (tender %s lot %d) closed by the %s at %s (end %s)", a.id, t.code, a.lotNumber,
                byHost ? "host" : "timer", now, a.endsAt);
        changed.fire(new AuctionService.AuctionChanged(t.id, a.lotNumber, a.lastSequence));
        return Outcome.CLOSED;
    }
}
