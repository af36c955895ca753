package cn.sunlight.opening.service;

import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.KeyShare;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.bid.envelope.CustodyException;
import cn.sunlight.bid.envelope.ShamirCustody;
import cn.sunlight.bid.service.OpeningKeys;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.notification.Notification;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.opening.OpeningConfirmation;
import cn.sunlight.opening.OpeningSession;
import cn.sunlight.opening.OpeningSignIn;
import cn.sunlight.opening.OpeningStage;
import cn.sunlight.opening.ShareRelease;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The online opening (不见面开标): sign-in → start (or failure when too few bids) → decryption window
 * (bidders hand over their content keys; custodians may rebuild the opening key instead) → reading
 * out → confirmation or objection → closed with a signed opening record. Every step is audited and
 * pushed live to the opening hall.
 */
@ApplicationScoped
public class OpeningService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final BiddingRules rules;
    private final OpeningKeys openingKeys;
    private final BidDecryptor decryptor;
    private final cn.sunlight.bond.service.BondChecks bonds;
    private final OpeningRecords records;
    private final Event<OpeningChanged> changed;
    private final ShamirCustody custody = new ShamirCustody();
    /** Released shares, per tender, in memory only: never written anywhere, lost (safely) on restart. */
    private final Map<Long, Map<Integer, ShamirCustody.Share>> released = new ConcurrentHashMap<>();

    public OpeningService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders, BiddingRules rules,
                          OpeningKeys openingKeys, BidDecryptor decryptor, OpeningRecords records, Event<OpeningChanged> changed,
                          cn.sunlight.bond.service.BondChecks bonds) {
        this.bonds = bonds;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.rules = rules;
        this.openingKeys = openingKeys;
        this.decryptor = decryptor;
        this.records = records;
        this.changed = changed;
    }

    /** What the opening hall is told after each committed change (stage, progress, lines once read out). */
    public record OpeningChanged(long tenderId, String what) {
    }

    // ------------------------------------------------------------------ session

    /** The deadline closed submission and the hall opened: tell whoever watches it. */
    void onClosed(@Observes BidClosing.BiddingClosed event) {
        changed.fire(new OpeningChanged(event.tenderId(), "stage"));
    }

    @Transactional
    public OpeningSignIn signIn(long tenderId) {
        session(tenderId, true);
        long org = actor.requireOrganisation();
        if (BidderRegistration.of(tenderId, org).isEmpty()) {
            throw ProblemException.forbidden(Text.of("只有该项目的投标人可以签到", "only the tender's bidders may sign in"));
        }
        OpeningSignIn existing = OpeningSignIn.findById(new OpeningSignIn.Key(tenderId, org));
        if (existing != null) {
            return existing;
        }
        OpeningSignIn s = new OpeningSignIn(tenderId, org, actor.userId(), clock.now(Tender.timed(tenderId)));
        s.persist();
        audit.record("opening.signed-in", "tender", tenderId, Map.of("organisation", actor.organisationCode()));
        return s;
    }

    /**
     * Starts the opening: a lot with fewer standing bids than the rules' minimum cannot be opened
     * (实施条例 Art. 44); when no lot can, the tender fails (流标) and everyone is told.
     */
    @Transactional
    public OpeningSession start(long tenderId) {
        Tender t = tenders.hosted(tenderId);
        OpeningSession s = session(tenderId, true);
        Instant now = clock.now(t);
        Rule min = tenders.rulesOf(t).find("min-bids-to-open").orElse(null);
        Map<Integer, Long> perLot = SealedBid.standing(t.id).stream()
                .collect(Collectors.groupingBy(b -> b.lot.number, Collectors.counting()));
        boolean anyLotOpens = t.lots.stream().anyMatch(l -> min == null || perLot.getOrDefault(l.number, 0L) >= min.intValue());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("bidsPerLot", perLot);
        if (!anyLotOpens) {
            s.fail(now);
            t.moveTo(TenderStatus.FAILED, "fail");
            state.put("outcome", "failed");
            state.put("rule", min.id());
            audit.record("opening.failed", "tender", t.id, state);
            notifyAll(t, "tender.failed", "招标项目 " + t.code + " 有效投标不足 " + min.intValue() + " 家，依法不得开标，本次招标失败（流标）（"
                            + min.citation() + "）", "Tender " + t.code + " received fewer than " + min.intValue()
                            + " bids and cannot be opened: the tender failed (" + min.citation() + ")");
        } else {
            Rule window = tenders.rulesOf(t).require("decryption-window");
            s.startDecryption(now, Periods.periodEnd(now, window, rules.calendar()));
            t.moveTo(TenderStatus.OPENING, "open");
            // Each bid's bond is checked before any bid is decrypted (实施条例 Art. 26; 财政部令第87号 Art. 38).
            bonds.check(t);
            state.put("decryptionEndsAt", s.decryptionEndsAt);
            audit.record("opening.started", "tender", t.id, state);
            notifyAll(t, "opening.decrypt", "招标项目 " + t.code + " 开标开始，请在 " + tenders.local(s.decryptionEndsAt).toLocalTime()
                    + " 前完成解密", "Tender " + t.code + ": the opening started; decrypt your bid before " + s.decryptionEndsAt);
        }
        changed.fire(new OpeningChanged(tenderId, "stage"));
        return s;
    }

    // ------------------------------------------------------------------ decryption

    /** Path 1: the bidder's tool unwrapped the content key from its own copy and hands it over. */
    @Transactional
    public OpenedBid decryptWithContentKey(long tenderId, int lotNumber, String contentKeyB64) {
        OpeningSession s = session(tenderId, true);
        if (!s.decryptionOpen(clock.now(Tender.timed(tenderId)))) {
            throw ProblemException.conflict("decryption-closed", Text.of("不在解密时限内", "the decryption window is not open"));
        }
        long org = actor.requireOrganisation();
        SealedBid bid = SealedBid.standing(tenderId).stream()
                .filter(b -> b.organisation.id.equals(org) && b.lot.number == lotNumber).findFirst()
                .orElseThrow(() -> ProblemException.notFound("standing bid for lot", lotNumber));
        if (OpenedBid.findById(bid.id) != null) {
            throw ProblemException.conflict("already-opened", Text.of("该投标已解密", "the bid is already opened"));
        }
        byte[] cek;
        try {
            cek = Base64.getDecoder().decode(contentKeyB64);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalid(Violation.of("contentKey", "base64", Text.of("内容密钥须为 Base64", "the content key must be base64")));
        }
        OpenedBid opened = decryptor.withContentKey(bid, cek, clock.now(Tender.timed(tenderId)));
        java.util.Arrays.fill(cek, (byte) 0);
        opened.persist();
        auditOpened(opened);
        changed.fire(new OpeningChanged(tenderId, "progress"));
        return opened;
    }

    /**
     * Path 2: a custodian releases its share (already opened with its own key). Once the threshold is
     * reached the opening key is rebuilt in memory, checked against the certificate, used on every bid
     * not yet opened, and destroyed; each step is logged.
     */
    @Transactional
    // Rebuilding the key opens every remaining bid in this transaction: allow for gigabytes of bids.
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 3600)
    public int releaseShare(long tenderId, String shareB64) {
        OpeningSession s = session(tenderId, true);
        if (!s.decryptionOpen(clock.now(Tender.timed(tenderId)))) {
            throw ProblemException.conflict("decryption-closed", Text.of("只能在解密时限内释放密钥份额",
                    "shares can be released only during the decryption window"));
        }
        ShamirCustody.Share share;
        try {
            share = ShamirCustody.Share.decode(Base64.getDecoder().decode(shareB64));
        } catch (CustodyException | IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalid(Violation.of("share", "share-format", Text.of("密钥份额格式错误", "malformed key share")));
        }
        KeyShare held = KeyShare.<KeyShare>findByIdOptional(new KeyShare.Key(tenderId, share.index()))
                .filter(k -> k.custodian.id.equals(actor.userId()))
                .orElseThrow(() -> ProblemException.forbidden(Text.of("您不是该份额的托管人", "you are not the custodian of this share")));
        Map<Integer, ShamirCustody.Share> mine = released.computeIfAbsent(tenderId, k -> new ConcurrentHashMap<>());
        mine.put(share.index(), share);
        if (ShareRelease.findById(new ShareRelease.Key(tenderId, share.index())) == null) {
            new ShareRelease(tenderId, share.index(), held.custodian.id, clock.now(Tender.timed(tenderId))).persist();
        }
        audit.record("opening.share-released", "tender", tenderId, Map.of("shareIndex", share.index(), "custodian", held.custodian.username));
        int threshold = cn.sunlight.bid.OpeningKey.<cn.sunlight.bid.OpeningKey>findById(tenderId).threshold;
        if (mine.size() < threshold) {
            return mine.size();
        }
        X509Certificate cert = openingKeys.certificates(tenderId).getFirst();
        PrivateKey key;
        try {
            key = custody.recombine(new ArrayList<>(mine.values()), cert);
        } catch (CustodyException e) {
            throw ProblemException.conflict("key-rebuild-failed", Text.of("开标密钥重建失败：" + e.getMessage(),
                    "the opening key could not be rebuilt: " + e.getMessage()));
        } finally {
            mine.values().forEach(ShamirCustody.Share::wipe);
            released.remove(tenderId);
        }
        audit.record("opening.key-rebuilt", "tender", tenderId, Map.of("shares", mine.keySet()));
        int opened = 0;
        try {
            for (SealedBid bid : SealedBid.standing(tenderId)) {
                if (OpenedBid.findById(bid.id) == null) {
                    OpenedBid o = decryptor.withOpeningKey(bid, key, cert, clock.now(Tender.timed(tenderId)));
                    o.persist();
                    auditOpened(o);
                    opened++;
                }
            }
        } finally {
            ShamirCustody.destroyQuietly(key); // and the reference is dropped here, never stored
            audit.record("opening.key-destroyed", "tender", tenderId, Map.of("bidsOpened", opened));
        }
        changed.fire(new OpeningChanged(tenderId, "progress"));
        return threshold;
    }

    // ------------------------------------------------------------------ reading, confirmation, close

    /** Reads out: bids not opened in the window count as revoked (the bidder did not decrypt). */
    @Transactional
    public OpeningSession readOut(long tenderId) {
        tenders.hosted(tenderId);
        OpeningSession s = session(tenderId, true);
        Instant now = clock.now(Tender.timed(tenderId));
        List<SealedBid> standing = SealedBid.standing(tenderId);
        boolean allOpened = standing.stream().allMatch(b -> OpenedBid.findById(b.id) != null);
        if (!allOpened && s.decryptionOpen(now)) {
            throw ProblemException.conflict("decryption-running", Text.of("解密时限未到且仍有投标未解密",
                    "the decryption window is still open and some bids are not decrypted"));
        }
        for (SealedBid b : standing) {
            if (OpenedBid.findById(b.id) == null) {
                OpenedBid f = OpenedBid.failed(b, "投标人未在解密时限内解密 / not decrypted within the window", OpenedBid.Consequence.REVOKED, now);
                f.persist();
                auditOpened(f);
            }
        }
        s.readOut(now);
        audit.record("opening.read-out", "tender", tenderId, lines(tenderId));
        changed.fire(new OpeningChanged(tenderId, "lines"));
        return s;
    }

    @Transactional
    public OpeningSession startConfirmation(long tenderId) {
        Tender t = tenders.hosted(tenderId);
        OpeningSession s = session(tenderId, true);
        Instant now = clock.now(t);
        s.startConfirmation(now, Periods.periodEnd(now, tenders.rulesOf(t).require("confirmation-window"), rules.calendar()));
        audit.record("opening.confirmation-started", "tender", tenderId, Map.of("endsAt", s.confirmationEndsAt));
        changed.fire(new OpeningChanged(tenderId, "stage"));
        return s;
    }

    @Transactional
    public OpeningConfirmation confirm(long tenderId, int lotNumber, OpeningConfirmation.Kind kind, String text) {
        OpeningSession s = session(tenderId, true);
        if (!s.confirmationOpen(clock.now(Tender.timed(tenderId)))) {
            throw ProblemException.conflict("confirmation-closed", Text.of("不在确认时限内", "the confirmation window is not open"));
        }
        if (kind == OpeningConfirmation.Kind.OBJECTED && (text == null || text.isBlank())) {
            throw ProblemException.invalid(Violation.of("text", "required", Text.of("提出异议须说明理由", "an objection needs its reasons")));
        }
        long org = actor.requireOrganisation();
        SealedBid bid = SealedBid.standing(tenderId).stream()
                .filter(b -> b.organisation.id.equals(org) && b.lot.number == lotNumber).findFirst()
                .orElseThrow(() -> ProblemException.notFound("standing bid for lot", lotNumber));
        if (OpeningConfirmation.findById(bid.id) != null) {
            throw ProblemException.conflict("already-confirmed", Text.of("已确认或已提出异议", "already confirmed or objected"));
        }
        OpeningConfirmation c = new OpeningConfirmation(bid.id, tenderId, kind, text, clock.now(Tender.timed(tenderId)));
        c.persist();
        audit.record(kind == OpeningConfirmation.Kind.CONFIRMED ? "opening.confirmed" : "opening.objected", "tender", tenderId,
                Map.of("bid", bid.id, "lot", lotNumber, "text", text == null ? "" : text));
        if (kind == OpeningConfirmation.Kind.OBJECTED) {
            Tender t = Tender.findById(tenderId);
            new Notification(t.project.tenderingUnit.id, tenderId, "opening.objection", "开标现场异议：" + text,
                    "Objection at the opening: " + text, clock.now()).persist();
        }
        changed.fire(new OpeningChanged(tenderId, "confirmation"));
        return c;
    }

    @Transactional
    public OpeningConfirmation answerObjection(long tenderId, long bidId, String answer) {
        tenders.hosted(tenderId);
        OpeningConfirmation c = OpeningConfirmation.<OpeningConfirmation>findByIdOptional(bidId)
                .filter(x -> x.tenderId == tenderId && x.kind == OpeningConfirmation.Kind.OBJECTED)
                .orElseThrow(() -> ProblemException.notFound("objection of bid", bidId));
        if (c.answeredAt != null) {
            throw ProblemException.conflict("already-answered", Text.of("该异议已答复", "the objection was already answered"));
        }
        c.answer = answer;
        c.answeredAt = clock.now(Tender.timed(tenderId));
        c.answeredBy = UserAccount.findById(actor.userId());
        audit.record("opening.objection-answered", "tender", tenderId, Map.of("bid", bidId, "answer", answer));
        SealedBid bid = SealedBid.findById(bidId);
        new Notification(bid.organisation.id, tenderId, "opening.objection-answered", "您的开标异议已答复：" + answer,
                "Your objection at the opening was answered: " + answer, clock.now()).persist();
        changed.fire(new OpeningChanged(tenderId, "confirmation"));
        return c;
    }

    /** Closes the opening with its signed record, once every objection is answered; evaluation follows. */
    @Transactional
    public OpeningSession close(long tenderId) {
        Tender t = tenders.hosted(tenderId);
        OpeningSession s = session(tenderId, true);
        Instant now = clock.now(t);
        List<OpeningConfirmation> confirmations = OpeningConfirmation.list("tenderId", tenderId);
        long pending = SealedBid.standing(tenderId).stream()
                .filter(b -> OpenedBid.<OpenedBid>findByIdOptional(b.id).map(o -> o.status == OpenedBid.Status.DECRYPTED).orElse(false))
                .filter(b -> confirmations.stream().noneMatch(c -> c.bidId.equals(b.id))).count();
        if (s.confirmationOpen(now) && pending > 0) {
            throw ProblemException.conflict("confirmation-running", Text.of("确认时限未到且仍有投标人未确认",
                    "the confirmation window is still open and some bidders have not confirmed"));
        }
        if (confirmations.stream().anyMatch(c -> c.kind == OpeningConfirmation.Kind.OBJECTED && c.answeredAt == null)) {
            throw ProblemException.conflict("objections-open", Text.of("仍有开标异议未答复", "some objections at the opening are not answered"));
        }
        String sha = records.publish(t, s, now);
        s.close(now, sha);
        t.moveTo(TenderStatus.EVALUATION, "evaluate");
        audit.record("opening.closed", "tender", tenderId, Map.of("recordSha256", sha, "state", t.snapshot()));
        notifyAll(t, "opening.record", "招标项目 " + t.code + " 开标记录已发布", "The opening record of tender " + t.code + " is published");
        changed.fire(new OpeningChanged(tenderId, "stage"));
        return s;
    }

    // ------------------------------------------------------------------ views

    public record Line(long bidId, int lot, String bidder, String status, java.math.BigDecimal price, String openingForm,
                       String failure, String consequence, boolean aboveCeiling, String confirmation, String objection,
                       String answer) {
    }

    /** The lines read out; before the reading only the counts are known, and only to the host. */
    public List<Line> lines(long tenderId) {
        Tender t = Tender.findById(tenderId);
        Map<Long, OpeningConfirmation> confirmations = OpeningConfirmation.<OpeningConfirmation>list("tenderId", tenderId)
                .stream().collect(Collectors.toMap(c -> c.bidId, c -> c));
        List<Line> out = new ArrayList<>();
        for (OpenedBid o : OpenedBid.ofTender(tenderId)) {
            OpeningConfirmation c = confirmations.get(o.bidId);
            out.add(new Line(o.bidId, o.bid.lot.number, o.bid.organisation.name, o.status.name(), o.price, o.openingForm,
                    o.failureReason, o.consequence == null ? null : o.consequence.name(),
                    o.price != null && t.ceilingPrice != null && o.price.compareTo(t.ceilingPrice) > 0,
                    c == null ? null : c.kind.name(), c == null ? null : c.text, c == null ? null : c.answer));
        }
        return out;
    }

    public record HallView(long tenderId, String tenderCode, OpeningStage stage, String stageLabel, Instant serverTime,
                           Instant decryptionEndsAt, Instant confirmationEndsAt, Integer standingBids, Integer openedBids,
                           List<Line> lines, boolean recordAvailable) {
    }

    /**
     * What the opening hall shows, to anyone: the stage and server time (countdowns use the server's
     * clock); from the start, how many bids stand and how many are opened; from the reading, the lines.
     */
    public HallView hall(long tenderId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OpeningSession s = session(tenderId, false);
            Tender t = Tender.findById(tenderId);
            boolean started = s.stage != OpeningStage.SIGN_IN;
            boolean read = s.stage == OpeningStage.READING || s.stage == OpeningStage.CONFIRMATION || s.stage == OpeningStage.CLOSED;
            Integer standing = started ? SealedBid.standing(tenderId).size() : null;
            Integer opened = started ? (int) OpenedBid.count("tenderId", tenderId) : null;
            return new HallView(tenderId, t.code, s.stage, s.stage.zh(), clock.now(t), s.decryptionEndsAt, s.confirmationEndsAt,
                    standing, opened, read ? lines(tenderId) : List.of(), s.recordSha256 != null);
        });
    }

    public OpeningSession session(long tenderId, boolean lock) {
        OpeningSession s = lock ? OpeningSession.findById(tenderId, LockModeType.PESSIMISTIC_WRITE) : OpeningSession.findById(tenderId);
        if (s == null) {
            throw ProblemException.notFound("opening session of tender", tenderId);
        }
        return s;
    }

    private void auditOpened(OpenedBid o) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("bid", o.bidId);
        state.put("status", o.status);
        state.put("path", o.path);
        state.put("plaintextSha256", o.plaintextSha256);
        state.put("consequence", o.consequence);
        audit.record(o.status == OpenedBid.Status.DECRYPTED ? "opening.bid-decrypted" : "opening.bid-failed", "tender", o.tenderId, state);
    }

    private void notifyAll(Tender t, String kind, String zh, String en) {
        Instant now = clock.now();
        for (BidderRegistration r : BidderRegistration.ofTender(t.id)) {
            new Notification(r.organisation.id, t.id, kind, zh, en, now).persist();
        }
        new Notification(t.project.tenderingUnit.id, t.id, kind, zh, en, now).persist();
        tenders.actingAgent(t).ifPresent(a -> new Notification(a.id, t.id, kind, zh, en, now).persist());
    }
}
