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
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
 * Blind online bidding (网上竞价): setup from the tender and its rules, bids serialised on the auction's row
 * lock and decided by server time, views that never name another bidder to a bidder, the close with its
 * signed result record, and the export the offline replay checks.
 */
@ApplicationScoped
public class AuctionService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final AuctionResults results;
    private final Event<AuctionChanged> changed;

    public AuctionService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                          AuctionResults results, Event<AuctionChanged> changed) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.results = results;
        this.changed = changed;
    }

    /** Fired in the transaction of every accepted bid or close; the live channel observes it after commit. */
    public record AuctionChanged(long tenderId, long sequence) {
    }

    /** The host's settings; missing figures come from the tender (start price) and its rule set. */
    public record Setup(BigDecimal startPrice, BigDecimal minDecrementAmount, BigDecimal minDecrementPercent,
                        Instant startsAt, Instant endsAt, Integer extensionWindowMinutes, Integer extensionMinutes,
                        Integer maxExtensions, Visibility visibility) {
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
    public Auction configure(long tenderId, Setup s) {
        Tender t = tenders.hosted(tenderId);
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
        if (!violations.isEmpty()) {
            throw new ProblemException(422, "validation", Text.of("竞价设置未通过校验", "The auction setup failed validation"), violations);
        }
        int window = s.extensionWindowMinutes() != null ? s.extensionWindowMinutes() : rules.require("auction-extension-window").intValue();
        int extension = s.extensionMinutes() != null ? s.extensionMinutes() : rules.require("auction-extension").intValue();
        int max = s.maxExtensions() != null ? s.maxExtensions() : rules.require("auction-max-extensions").intValue();
        Auction a = Auction.ofTender(t.id).orElseGet(() -> new Auction(t, UserAccount.findById(actor.userId())));
        a.configure(start, decrement, s.startsAt().truncatedTo(ChronoUnit.MICROS), s.endsAt().truncatedTo(ChronoUnit.MICROS), Duration.ofMinutes(window), Duration.ofMinutes(extension), max,
                s.visibility() == null ? Visibility.RANK_ONLY : s.visibility(), now);
        if (a.id == null) {
            a.persist();
        }
        audit.record("auction.configured", "auction", a.id, a.snapshot());
        changed.fire(new AuctionChanged(t.id, a.lastSequence));
        return a;
    }

    // ---------------------------------------------------------------- bidding

    /**
     * Places one quote. The auction row is locked first, then the server clock is read: the lock order is the
     * bids' total order and the time is the time of that order, never the client's. The accepted bid, the
     * participant's standing, the auction's end and the audit event commit together or not at all.
     */
    @Transactional
    public AuctionBid bid(long tenderId, BigDecimal price, int round, String signatureBase64) {
        // The live channel parses its own messages: bound the quote here, once for REST and socket.
        price = cn.sunlight.common.input.Bounds.money("price", price);
        Tender t = tenders.publicTender(tenderId);
        long org = actor.requireOrganisation();
        if (BidderRegistration.of(t.id, org).isEmpty()) {
            throw ProblemException.forbidden(Text.of("只有已报名的供应商可以参加竞价", "Only registered bidders take part in the auction"));
        }
        if (t.status != TenderStatus.PUBLISHED && t.status != TenderStatus.BIDDING) {
            throw ProblemException.conflict("auction-tender-state", Text.of("项目当前状态不允许报价",
                    "The tender's state does not allow quotes"));
        }
        Auction a = Auction.lockedFor(t.id).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId));
        // Read after the lock: the time of a bid is the time of its place in the order. Microseconds, as
        // PostgreSQL stores them, so the receipt, the row and the replay agree to the digit.
        Instant now = clock.now(t).truncatedTo(ChronoUnit.MICROS);
        List<AuctionParticipant> participants = AuctionParticipant.of(a);
        AuctionParticipant me = participants.stream().filter(p -> p.organisation.id == org).findFirst().orElse(null);
        int expectedRound = me == null ? 1 : me.rounds + 1;
        if (round != expectedRound) {
            throw new ProblemException(409, "auction-round", Text.of("报价轮次应为 " + expectedRound + "（本人已有 " + (expectedRound - 1) + " 次有效报价）",
                    "The round must be " + expectedRound + " (you have " + (expectedRound - 1) + " valid quotes)"));
        }
        if (price == null || price.scale() > 2) {
            throw new ProblemException(422, "auction-invalid-price", Text.of("报价须为正数，最多两位小数",
                    "The price must be positive with at most two decimals"));
        }
        PartyCertificate cert = PartyCertificate.current(actor.userId(), PartyCertificate.Purpose.SIGNING).orElseThrow(() ->
                ProblemException.conflict("no-signing-certificate", Text.of("请先申请签名证书（POST /api/me/certificates）",
                        "Have a SIGNING certificate issued first (POST /api/me/certificates)")));
        String statement = AuctionStatement.text(t.code, a.id, round, price);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64 == null ? "" : signatureBase64);
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        if (!BidStatement.verify(statement, signature, Pem.readCertificate(cert.certificatePem).getPublicKey())) {
            throw new ProblemException(422, "auction-bad-signature", Text.of("报价签名无效：须用本人签名证书对报价声明签名",
                    "The signature does not verify: sign the quote statement with your SIGNING key"));
        }
        if (me == null) {
            // The alias is the participant's position among first appearances: it says nothing about who it is.
            me = new AuctionParticipant(a, Organisation.findById(org), AuctionParticipant.alias(participants.size()));
            me.persist();
            participants = new ArrayList<>(participants);
            participants.add(me);
        }
        AuctionBook book = a.book(participants);
        AuctionBook.Outcome outcome;
        try {
            outcome = book.submit(me.alias, price, now);
        } catch (AuctionBook.Refusal r) {
            throw new ProblemException("auction-invalid-price".equals(r.type) ? 422 : 409, r.type, r.reason);
        }
        me.quoted(price, outcome.sequence(), outcome.round());
        a.accepted(book);
        String signatureText = Base64.getEncoder().encodeToString(signature);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("auction", a.id);
        state.put("sequence", outcome.sequence());
        state.put("alias", me.alias);
        state.put("price", AuctionStatement.canonical(price));
        state.put("round", outcome.round());
        state.put("acceptedAt", now);
        state.put("statementSha256", CanonicalJson.sha256Hex(statement));
        state.put("signature", signatureText);
        state.put("extended", outcome.extended());
        state.put("endsAt", outcome.endsAt());
        // The event names the bidder in its columns only; the public log holds a commitment until the close.
        AuditEvent e = audit.recordConfidential("auction.bid-accepted", "auction", a.id, state);
        // The bid row is append-only (the database refuses updates), so it is written once, complete.
        AuctionBid bid = new AuctionBid(a, outcome.sequence(), me, UserAccount.findById(actor.userId()), price, outcome.round(), now,
                statement, signatureText, cert.certificatePem, outcome.endsAt());
        bid.auditEventId = e.id;
        bid.persist();
        changed.fire(new AuctionChanged(t.id, outcome.sequence()));
        return bid;
    }

    // ---------------------------------------------------------------- close and result

    @Transactional
    public Auction close(long tenderId) {
        Tender t = tenders.hosted(tenderId);
        Auction a = Auction.lockedFor(t.id).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId));
        Instant now = clock.now(t);
        if (a.closedAt != null) {
            throw ProblemException.conflict("auction-closed", Text.of("竞价已结束并已生成结果", "The auction is already closed"));
        }
        if (now.isBefore(a.endsAt)) {
            throw ProblemException.conflict("auction-not-ended", Text.of("竞价尚未结束（结束时间 " + a.endsAt + "）",
                    "The auction has not ended (it ends at " + a.endsAt + ")"));
        }
        Snapshot s = snapshot(a);
        byte[] pdf = results.render(t, a, s.ranking(), now);
        a.close(now, pdf, CanonicalJson.sha256Hex(Base64.getEncoder().encodeToString(pdf)));
        Map<String, Object> state = new LinkedHashMap<>(a.snapshot());
        state.put("ranking", s.ranking().stream().map(l -> Map.of("rank", l.rank(), "alias", l.alias(),
                "organisation", l.organisation(), "price", l.price().toPlainString())).toList());
        state.put("resultPdfSha256", a.resultSha256);
        audit.record("auction.closed", "auction", a.id, state);
        changed.fire(new AuctionChanged(t.id, a.lastSequence));
        return a;
    }

    /** A line of the ranking as the platform knows it; views decide what of it each viewer gets. */
    public record Line(int rank, String alias, long organisationId, String organisation, BigDecimal price, long sequence, int rounds) {
    }

    /** Everything a view needs, loaded once so that one accepted bid renders a thousand views without a query each. */
    public record Snapshot(long tenderId, String tenderCode, Auction.Phase phase, Instant serverTime, BigDecimal startPrice,
                           BigDecimal minDecrement, Instant startsAt, Instant endsAt, int extensions, int maxExtensions,
                           Visibility visibility, long lastSequence, Instant closedAt, int bidders, List<Line> ranking) {
    }

    @Transactional
    public Snapshot snapshot(long tenderId) {
        return snapshot(Auction.ofTender(tenderId).orElseThrow(() -> ProblemException.notFound("auction of tender", tenderId)));
    }

    private Snapshot snapshot(Auction a) {
        Instant now = clock.now(a.tender);
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
        return new Snapshot(a.tender.id, a.tender.code, a.phase(now), now, a.startPrice, a.minDecrement, a.startsAt, a.endsAt,
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
    public byte[] resultPdf(long tenderId) {
        Viewer v = viewer(tenderId);
        Auction a = Auction.ofTender(tenderId).orElseThrow();
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
    public AuctionExport export(long tenderId) {
        Viewer v = viewer(tenderId);
        if (v.kind() == Viewer.Kind.BIDDER) {
            throw ProblemException.forbidden(Text.of("导出载有各竞价人身份，供应商不能下载",
                    "The export identifies every bidder; bidders cannot download it"));
        }
        Auction a = Auction.ofTender(tenderId).orElseThrow();
        if (a.closedAt == null) {
            throw ProblemException.conflict("auction-not-closed", Text.of("竞价结束后才能导出", "The export is available after the close"));
        }
        Snapshot s = snapshot(a);
        List<AuctionExport.Bid> bids = AuctionBid.of(a).stream().map(b -> new AuctionExport.Bid(b.sequence, b.participant.alias,
                b.participant.organisation.name, AuctionStatement.canonical(b.price), b.round, b.acceptedAt, b.statement, b.signature,
                b.certificatePem, b.auditEventId)).toList();
        List<AuctionExport.Rank> ranking = s.ranking().stream().map(l -> new AuctionExport.Rank(l.rank(), l.alias(), l.organisation(),
                AuctionStatement.canonical(l.price()))).toList();
        return new AuctionExport(a.tender.code, a.id, AuctionStatement.canonical(a.startPrice), AuctionStatement.canonical(a.minDecrement),
                a.startsAt, a.scheduledEnd, a.extensionWindowSeconds, a.extensionSeconds, a.maxExtensions, bids,
                new AuctionExport.Result(a.endsAt, a.extensions, ranking));
    }
}
