package cn.sunlight.auction.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.UserAccount;
import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionBid;
import cn.sunlight.auction.AuctionBook;
import cn.sunlight.auction.AuctionParticipant;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.auction.Visibility;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.BidStatement;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.crypto.Pem;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Lot;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blind online bidding (网上竞价), one auction per lot: setup from the tender and its rules (continuous or rounds
 * mode), views that never name another bidder to a bidder, the host's close, and the export the offline replay
 * checks. Quotes go through {@link AuctionQuotes} to the auction's sequencer; the timer closes ({@link AuctionClosing}).
 */
@ApplicationScoped
public class AuctionService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final Event<AuctionChanged> changed;
    private final AuctionCloseTimer timer;
    private final AuctionClosing closing;
    private final AuctionQuotes quotes;

    public AuctionService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                          Event<AuctionChanged> changed, AuctionCloseTimer timer, AuctionClosing closing, AuctionQuotes quotes) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.changed = changed;
        this.timer = timer;
        this.closing = closing;
        this.quotes = quotes;
    }

    /** Fired in the transaction of every accepted bid or close; the live channel observes it after commit. */
    public record AuctionChanged(long tenderId, int lot, long sequence) {
    }

    /** The host's settings; missing figures come from the tender (start price) and its rule set. */
    public record Setup(BigDecimal startPrice, BigDecimal minDecrementAmount, BigDecimal minDecrementPercent,
                        Instant startsAt, Instant endsAt, Integer extensionWindowMinutes, Integer extensionMinutes,
                        Integer maxExtensions, Visibility visibility, Integer rounds) {
    }

    /** Who is looking, reduced to what decides the view; kept per WebSocket connection. */
    public record Viewer(Kind kind, Long organisationId) {
        public enum Kind { BIDDER, HOST, SUPERVISOR, OPERATOR }
    }

    public Instant now() {
        return clock.now();
    }

    // ---------------------------------------------------------------- setup

    @Transactional
    public Auction configure(long tenderId, int lot, Setup s) {
        Tender t = tenders.hosted(tenderId);
        List<Lot> lots = Lot.list("tender.id = ?1 order by number", t.id);
        Lot theLot = lots.stream().filter(l -> l.number == lot).findFirst().orElse(null);
        if (lot < 1 || (lots.isEmpty() ? lot != 1 : theLot == null)) {
            throw ProblemException.notFound("lot of tender", lot);
        }
        if (t.method != TenderMethod.ONLINE_BIDDING) {
            throw ProblemException.conflict("not-online-bidding", Text.of("只有网上竞价项目可以设置竞价",
                    "Only an online-bidding tender can hold an auction"));
        }
        if (t.status != TenderStatus.PUBLISHED && t.status != TenderStatus.BIDDING) {
            throw ProblemException.conflict("auction-tender-state", Text.of("项目已发布、竞价尚未结束时才能设置竞价",
                    "The auction can be set up only while the tender is published or bidding"));
        }
        RuleSet rules = tenders.rulesOf(t);
        Instant now = clock.now(t);
        // Without a start price of its own, a lot's auction starts at the tender's ceiling (or budget).
        BigDecimal start = s.startPrice() != null ? s.startPrice() : t.ceilingPrice != null ? t.ceilingPrice : t.budget;
        List<Violation> violations = new ArrayList<>();
        if (start == null || start.signum() <= 0) {
            violations.add(new Violation("startPrice", null, Text.of("起始价须为正数", "The start price must be positive"), null, null));
        }
        if (s.startsAt() == null || s.endsAt() == null || !s.startsAt().isBefore(s.endsAt())) {
            violations.add(new Violation("endsAt", null, Text.of("须给出开始与结束时间，且结束晚于开始",
                    "Start and end are required and the end must follow the start"), null, null));
        } else if (!s.endsAt().isAfter(now)) {
            violations.add(new Violation("endsAt", null, Text.of("结束时间须晚于当前时间", "The end must be in the future"), null, null));
        }
        Rule percentRule = rules.require("auction-min-decrement-percent");
        BigDecimal decrement = null;
        if (start != null && start.signum() > 0) {
            if (s.minDecrementAmount() != null) {
                decrement = s.minDecrementAmount().setScale(2, RoundingMode.HALF_UP);
            } else {
                BigDecimal percent = s.minDecrementPercent() != null ? s.minDecrementPercent() : percentRule.value();
                decrement = start.multiply(percent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            }
            if (decrement.signum() <= 0 || decrement.compareTo(start) >= 0) {
                violations.add(new Violation("minDecrement", percentRule.id(), Text.of("最低降价幅度须为正数且小于起始价",
                        "The minimum decrement must be positive and below the start price"), decrement.toPlainString(), percentRule.citation()));
            }
        }
        if (s.rounds() != null && (s.rounds() < 0 || s.rounds() > 20)) {
            violations.add(new Violation("rounds", null, Text.of("轮数须在 0（连续竞价）到 20 之间",
                    "Rounds must be between 0 (continuous) and 20"), String.valueOf(s.rounds()), null));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(422, "validation", Text.of("竞价设置未通过校验", "The auction setup failed validation"), violations);
        }
        int window = s.extensionWindowMinutes() != null ? s.extensionWindowMinutes() : rules.require("auction-extension-window").intValue();
        int extension = s.extensionMinutes() != null ? s.extensionMinutes() : rules.require("auction-extension").intValue();
        int max = s.maxExtensions() != null ? s.maxExtensions() : rules.require("auction-max-extensions").intValue();
        Auction a = Auction.ofLot(t.id, lot).orElseGet(() -> new Auction(t, lot, UserAccount.findById(actor.userId())));
        a.configure(start, decrement, s.startsAt().truncatedTo(ChronoUnit.MICROS), s.endsAt().truncatedTo(ChronoUnit.MICROS), Duration.ofMinutes(window), Duration.ofMinutes(extension), max,
                s.visibility() == null ? Visibility.RANK_ONLY : s.visibility(), s.rounds() == null ? 0 : s.rounds(), now);
        if (a.id == null) {
            a.persist();
        }
        audit.record("auction.configured", "auction", a.id, a.snapshot());
        timer.schedule(a);
        quotes.forget(t.id);
        changed.fire(new AuctionChanged(t.id, lot, a.lastSequence));
        return a;
    }

    // ---------------------------------------------------------------- close and result

    /** The host's close after the end; the auction's own timer normally closes it first ({@link AuctionClosing}). */
    @Transactional(Transactional.TxType.NEVER)
    public void close(long tenderId, int lot) {
        long auctionId = QuarkusTransaction.requiringNew().call(() -> {
            Tender t = tenders.hosted(tenderId);
            return Auction.ofLot(t.id, lot).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId)).id;
        });
        closing.closeByHost(auctionId);
    }

    /** A line of the ranking as the platform knows it; views decide what of it each viewer gets. */
    public record Line(int rank, String alias, long organisationId, String organisation, BigDecimal price, long sequence, int rounds) {
    }

    /** Everything a view needs, loaded once so that one accepted bid renders a thousand views without a query each. */
    public record Snapshot(long tenderId, String tenderCode, int lot, Auction.Mode mode, int rounds, int currentRound, Auction.Phase phase, Instant serverTime, BigDecimal startPrice,
                           BigDecimal minDecrement, Instant startsAt, Instant endsAt, int extensions, int maxExtensions,
                           Visibility visibility, long lastSequence, Instant closedAt, int bidders, List<Line> ranking) {
    }

    @Transactional
    public Snapshot snapshot(long tenderId, int lot) {
        Auction a = Auction.ofLot(tenderId, lot).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId));
        return snapshotOf(a, clock.now(a.tender));
    }

    static Snapshot snapshotOf(Auction a, Instant now) {
        List<AuctionParticipant> ps = AuctionParticipant.of(a);
        List<AuctionBook.Standing> ranked = a.book(ps).ranking();
        Map<String, AuctionParticipant> byAlias = new LinkedHashMap<>();
        ps.forEach(p -> byAlias.put(p.alias, p));
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            AuctionBook.Standing st = ranked.get(i);
            AuctionParticipant p = byAlias.get(st.alias());
            lines.add(new Line(i + 1, st.alias(), p.organisation.id, p.organisation.name, st.price(), st.sequence(), st.rounds()));
        }
        return new Snapshot(a.tender.id, a.tender.code, a.lotNumber, a.mode, a.rounds, a.book(ps).auctionRound(now), a.phase(now), now, a.startPrice, a.minDecrement, a.startsAt, a.endsAt,
                a.extensions, a.maxExtensions, a.visibility, a.lastSequence, a.closedAt, ps.size(), lines);
    }

    /** The caller as a viewer, or a refusal when the caller has no part in this auction. */
    @Transactional
    public Viewer viewer(long tenderId) {
        Tender t = tenders.find(tenderId);
        Auction.ofTender(t.id).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId));
        if (actor.is(Role.SUPERVISOR)) {
            audit.read("auction.supervised", "auction", tenderId);
            return new Viewer(Viewer.Kind.SUPERVISOR, actor.organisationId());
        }
        if (actor.is(Role.OPERATOR)) {
            audit.read("auction.read", "auction", tenderId);
            return new Viewer(Viewer.Kind.OPERATOR, actor.organisationId());
        }
        if (tenders.isHost(t)) {
            return new Viewer(Viewer.Kind.HOST, actor.organisationId());
        }
        if (actor.is(Role.BIDDER) && BidderRegistration.of(t.id, actor.requireOrganisation()).isPresent()) {
            return new Viewer(Viewer.Kind.BIDDER, actor.organisationId());
        }
        throw ProblemException.forbidden(Text.of("只有已报名的供应商、招标人及监督人员可以查看竞价",
                "Only registered bidders, the tender's host and supervisors may watch the auction"));
    }

    /** The signed result record (after the close), for host, operator and supervisor: it names the bidders. */
    @Transactional
    public byte[] resultPdf(long tenderId, int lot) {
        Viewer v = viewer(tenderId);
        Auction a = Auction.ofLot(tenderId, lot).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId));
        if (v.kind() == Viewer.Kind.BIDDER) {
            throw ProblemException.forbidden(Text.of("竞价结果记录载有各竞价人名称，供应商不能下载",
                    "The result record names every bidder; bidders cannot download it"));
        }
        if (a.resultPdf == null) {
            throw ProblemException.conflict("auction-not-closed", Text.of("竞价尚未结束", "The auction is not closed yet"));
        }
        return a.resultPdf;
    }

    /** Accepted bids with their signatures: the input of the offline replay; only after the close, since it names the bidders. */
    @Transactional
    public AuctionExport export(long tenderId, int lot) {
        Viewer v = viewer(tenderId);
        if (v.kind() == Viewer.Kind.BIDDER) {
            throw ProblemException.forbidden(Text.of("导出载有各竞价人身份，供应商不能下载",
                    "The export identifies every bidder; bidders cannot download it"));
        }
        Auction a = Auction.ofLot(tenderId, lot).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId));
        if (a.closedAt == null) {
            throw ProblemException.conflict("auction-not-closed", Text.of("竞价结束后才能导出", "The export is available after the close"));
        }
        Snapshot s = snapshotOf(a, clock.now(a.tender));
        List<AuctionExport.Bid> bids = AuctionBid.of(a).stream().map(b -> new AuctionExport.Bid(b.sequence, b.participant.alias,
                b.participant.organisation.name, b.participant.organisation.creditCode, AuctionStatement.canonical(b.price), b.round, b.acceptedAt, b.statement, b.signature,
                b.certificatePem, b.auditEventId)).toList();
        List<AuctionExport.Rank> ranking = s.ranking().stream().map(l -> new AuctionExport.Rank(l.rank(), l.alias(), l.organisation(),
                AuctionStatement.canonical(l.price()))).toList();
        return new AuctionExport(a.tender.code, a.lotNumber, a.mode.name(), a.rounds, a.id, AuctionStatement.canonical(a.startPrice), AuctionStatement.canonical(a.minDecrement),
                a.startsAt, a.scheduledEnd, a.extensionWindowSeconds, a.extensionSeconds, a.maxExtensions, bids,
                new AuctionExport.Result(a.endsAt, a.extensions, ranking));
    }
}
