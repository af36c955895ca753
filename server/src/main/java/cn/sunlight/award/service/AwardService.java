package cn.sunlight.award.service;

import cn.sunlight.document.DocumentFormats;
import cn.sunlight.tender.service.ObjectionService;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.account.Organisation;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.award.Award;
import cn.sunlight.award.AwardAnnouncement;
import cn.sunlight.award.BondRefund;
import cn.sunlight.award.Publicity;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.evaluation.service.EvaluationReport.EvaluationConcluded;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.TradeType;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.Objection;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the evaluation: the candidate publicity (with objections that suspend the award until answered), the award with
 * its signed notice and result announcement, the contract and the bid-bond refunds with interest. Each legal time limit
 * here is stored as an instant computed from the tender's own rule set, which {@link AwardAlerts} watches.
 */
@ApplicationScoped
public class AwardService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final BiddingRules rules;
    private final SignedDocuments documents;
    private final BlobStore blobs;
    private final DocumentFormats formats;
    private final ObjectionService objections;
    private final cn.sunlight.bond.service.BondRefunds bondRefunds;
    private final AwardNotices notices;
    private final Duration remindBefore;
    private final cn.sunlight.credit.service.CreditGate credit;

    public AwardService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders, HostPolicy hostPolicy, BiddingRules rules,
                        SignedDocuments documents, BlobStore blobs, DocumentFormats formats, ObjectionService objections,
                        cn.sunlight.bond.service.BondRefunds bondRefunds, AwardNotices notices,
                        @ConfigProperty(name = "sunlight.award.contract-reminder-before") Duration remindBefore,
                        cn.sunlight.credit.service.CreditGate credit) {
        this.credit = credit;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.rules = rules;
        this.documents = documents;
        this.blobs = blobs;
        this.formats = formats;
        this.objections = objections;
        this.bondRefunds = bondRefunds;
        this.notices = notices;
        this.remindBefore = remindBefore;
    }

    /** The report starts the clock of the publicity: it must be published within publicity-publish-within. */
    void onConcluded(@Observes EvaluationConcluded e) {
        Rule within = tenders.rulesOf(e.tender()).require(RuleIds.PUBLICITY_PUBLISH_WITHIN);
        Publicity p = new Publicity(e.tender().id, e.reportAt(), Periods.actionDeadline(e.reportAt(), within, rules.calendar()));
        p.persist();
        audit.record("award.publicity-due", "tender", e.tender().id, Map.of("publishDueAt", p.publishDueAt));
    }

    // ---------------------------------------------------------------- publicity

    @Transactional
    public Publicity publish(long tenderId) {
        Tender t = tenders.hosted(tenderId);
        Publicity p = Publicity.of(t.id).orElseThrow(() -> ProblemException.conflict("no-report", Text.of(
                "评标尚未结束，没有评标报告", "The evaluation has not concluded: there is no report")));
        Instant now = clock.now(t);
        t.moveTo(TenderStatus.PUBLICITY, "publish-candidates");
        Rule duration = tenders.rulesOf(t).require(RuleIds.PUBLICITY_MIN_DURATION);
        p.publish(now, Periods.periodEnd(now, duration, rules.calendar()));
        boolean late = now.isAfter(p.publishDueAt);
        audit.record("award.publicity-published", "tender", t.id, Map.of("publishedAt", now, "endsAt", p.endsAt, "late", late,
                "state", t.snapshot()));
        for (Long org : bidderOrganisations(t)) {
            new Notification(org, t.id, "award.publicity", "招标项目 " + t.code + " 中标候选人公示至 " + formats.minutes(p.endsAt)
                    + "，对评标结果有异议的，应在公示期间提出", "The candidates of tender " + t.code + " are published until "
                    + formats.minutes(p.endsAt) + "; objections to the result must be raised during the publicity", now).persist();
        }
        return p;
    }

    public record Candidate(int lot, int rank, String bidder, BigDecimal price, BigDecimal score, boolean abnormallyLow) {
    }

    public record PublicityView(long tenderId, Instant reportAt, Instant publishDueAt, Instant publishedAt, Instant endsAt,
                                List<Candidate> candidates) {
    }

    /** Public once published: the ranked candidates (top 3 per lot), as the law requires them to be shown. */
    public PublicityView publicity(long tenderId) {
        Tender t = tenders.publicTender(tenderId);
        Publicity p = Publicity.of(t.id).filter(Publicity::published)
                .orElseThrow(() -> ProblemException.notFound("candidate publicity of tender", tenderId));
        return new PublicityView(t.id, p.reportAt, p.publishDueAt, p.publishedAt, p.endsAt, candidates(t.id));
    }

    private static List<Candidate> candidates(long tenderId) {
        return EvaluationResult.withBidders(tenderId).stream().filter(o -> o.row().rank != null && o.row().rank <= 3)
                .map(o -> new Candidate(o.row().lotNumber, o.row().rank, o.bidder(), o.row().price, o.row().score,
                        o.row().abnormallyLow)).toList();
    }

    /**
     * An objection to the evaluation result during the publicity (实施条例 Art. 54): only a bidder of the tender, only while
     * the publicity runs; the tender is suspended, so no award can be made until the objection is answered (answered
     * through the ordinary objection answer, which resumes the tender).
     */
    @Transactional
    public Objection object(long tenderId, String subject, String text) {
        Tender t = tenders.publicTender(tenderId);
        long org = actor.requireOrganisation();
        if (SealedBid.count("tender.id = ?1 and organisation.id = ?2", t.id, org) == 0) {
            throw ProblemException.forbidden(Text.of("只有本项目的投标人可以对评标结果提出异议",
                    "only the tender's bidders may object to the evaluation result"));
        }
        Instant now = clock.now(t);
        Publicity p = Publicity.of(t.id).orElse(null);
        boolean inPublicity = t.status == TenderStatus.PUBLICITY
                || (t.status == TenderStatus.SUSPENDED && t.suspendedFrom == TenderStatus.PUBLICITY);
        if (p == null || !inPublicity || !p.running(now)) {
            throw ProblemException.conflict("not-in-publicity", Text.of("对评标结果的异议应当在中标候选人公示期间提出",
                    "Objections to the evaluation result are accepted only during the candidate publicity"));
        }
        return objections.lodge(t, org, subject, text, now, "award.objection-raised", "award.objection", due -> Text.of(
                "招标项目 " + t.code + " 在中标候选人公示期间收到异议，须于 " + due + " 前答复；答复前暂停定标",
                "Tender " + t.code + " received an objection during the publicity; answer due by " + due
                        + "; the award is suspended until answered"));
    }

    // ---------------------------------------------------------------- award

    @Transactional
    public List<Award> award(long tenderId) {
        Tender t = tenders.hosted(tenderId);
        if (t.status != TenderStatus.PUBLICITY) {
            t.moveTo(TenderStatus.AWARDED, "award"); // 409: suspended by an objection, or not in publicity
        }
        Publicity p = Publicity.of(t.id).orElseThrow();
        Instant now = clock.now(t);
        if (p.running(now)) {
            throw ProblemException.conflict("publicity-running", Text.of("中标候选人公示期（至 " + formats.minutes(p.endsAt)
                    + "）未满，不能定标", "The candidate publicity runs until " + formats.minutes(p.endsAt) + "; no award before"));
        }
        if (Objection.openFor(t.id) > 0) {
            throw ProblemException.conflict("objection-pending", Text.of("尚有异议未答复，不能定标", "An objection is unanswered"));
        }
        // A first-ranked candidate debarred since it bid cannot be awarded (政府采购法 Art. 77; 招标投标法 Art. 53-54).
        for (EvaluationResult r : EvaluationResult.ofTender(t.id)) {
            if (r.rank != null && r.rank == 1) {
                credit.requireWinnerClear(t.id, SealedBid.<SealedBid>findById(r.bidId).organisation.id, r.lotNumber);
            }
        }
        t.moveTo(TenderStatus.AWARDED, "award");
        RuleSet set = tenders.rulesOf(t);
        Instant contractDue = Periods.actionDeadline(now, set.require(RuleIds.CONTRACT_WITHIN), rules.calendar());
        List<Award> awards = new ArrayList<>();
        // The tendering unit awards the first-ranked candidate of each lot (实施条例 Art. 55).
        for (EvaluationResult r : EvaluationResult.ofTender(t.id)) {
            if (r.rank == null || r.rank != 1) {
                continue;
            }
            awards.add(notices.issue(t, r, set, now, contractDue, null));
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("tenderCode", t.code);
        a.put("title", t.title);
        a.put("tenderingUnit", t.project.tenderingUnit.name);
        a.put("agent", t.project.agent == null ? null : t.project.agent.name);
        a.put("publishedAt", formats.minutes(now));
        a.put("publicity", formats.minutes(p.publishedAt) + " — " + formats.minutes(p.endsAt));
        a.put("winners", awards.stream().map(w -> Map.of("lot", w.lotNumber, "winner", w.winner.name,
                "price", DocumentFormats.amount(w.price))).toList());
        String announcement = store(documents.renderSigned("award-announcement.html", Map.of("a", a),
                "中标结果公告 / Result announcement " + t.code, t.isSandbox()));
        new AwardAnnouncement(t.id, announcement, now).persist();
        Set<Long> winners = new LinkedHashSet<>(awards.stream().map(w -> w.winner.id).toList());
        for (Long org : bidderOrganisations(t)) {
            if (!winners.contains(org)) {
                new Notification(org, t.id, "award.result", "招标项目 " + t.code + " 已定标，贵方未中标",
                        "Tender " + t.code + " was awarded; your bid was not successful", now).persist();
            }
        }
        // Procurement refunds the unsuccessful suppliers' bonds from the award notice (财政部令第87号 Art. 38).
        if (t.tradeType == TradeType.PROCUREMENT) {
            Rule refund = set.require(RuleIds.BOND_REFUND_WITHIN);
            for (Long org : bidderOrganisations(t)) {
                if (!winners.contains(org)) {
                    owe(t, org, Periods.actionDeadline(now, refund, rules.calendar()));
                }
            }
        }
        audit.record("award.awarded", "tender", t.id, Map.of("state", t.snapshot(), "contractDue", contractDue,
                "announcement", announcement, "awards", awards.stream().map(w -> Map.of("lot", w.lotNumber, "bid", w.bidId,
                        "winner", w.winner.creditCode, "notice", w.noticeSha256)).toList()));
        return awards;
    }

    // ---------------------------------------------------------------- contract and bonds

    @Transactional
    public Award contract(long tenderId, int lot, BigDecimal amount, BigDecimal performanceBond) {
        Tender t = tenders.hosted(tenderId);
        Award a = Award.of(t.id, lot).orElseThrow(() -> ProblemException.notFound("award of lot", lot));
        RuleSet set = tenders.rulesOf(t);
        if (performanceBond != null) {
            Rule max = set.require(RuleIds.PERFORMANCE_BOND_MAX_PERCENT);
            BigDecimal cap = amount.multiply(max.value()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            if (performanceBond.compareTo(cap) > 0) {
                throw new ProblemException(422, "rules-violated", Text.of("履约保证金超过规定上限", "The performance bond exceeds the cap"),
                        List.of(new Violation("performanceBond", max.id(), Text.of("履约保证金不得超过合同金额的 " + max.figure()
                                + "（上限 " + DocumentFormats.amount(cap) + " 元）", "the performance bond may not exceed "
                                + max.figureEn() + " of the contract (cap RMB " + DocumentFormats.amount(cap) + ")"), max.figure(), max.citation())));
            }
        }
        Instant now = clock.now(t);
        a.contract(amount, performanceBond, now);
        boolean late = now.isAfter(a.contractDueAt);
        if (Award.ofTender(t.id).stream().allMatch(Award::contracted)) {
            t.moveTo(TenderStatus.CONTRACTED, "contract");
        }
        // Bonds still held are due back within bond-refund-within of the contract (实施条例 Art. 57; 87号令 Art. 38).
        Rule refund = set.require(RuleIds.BOND_REFUND_WITHIN);
        for (Long org : bidderOrganisations(t)) {
            owe(t, org, Periods.actionDeadline(now, refund, rules.calendar()));
        }
        audit.record("award.contracted", "tender", t.id, Map.of("lot", lot, "amount", amount.toPlainString(), "late", late,
                "performanceBond", performanceBond == null ? "" : performanceBond.toPlainString(), "state", t.snapshot()));
        return a;
    }

    private void owe(Tender t, long org, Instant due) {
        bondRefunds.owe(t, org, due);
    }

    @Transactional
    public BondRefund refund(long tenderId, long organisationId) {
        Tender t = tenders.hosted(tenderId);
        BondRefund b = BondRefund.of(t.id, organisationId).orElseThrow(() -> ProblemException.notFound("bond of organisation", organisationId));
        Instant now = clock.now(t);
        b.refund(interestDue(b, now), now);
        audit.record("award.bond-refunded", "tender", t.id, Map.of("organisation", b.organisation.creditCode,
                "amount", b.amount.toPlainString(), "interest", b.interest.toPlainString(), "late", now.isAfter(b.dueAt)));
        new Notification(organisationId, t.id, "award.bond-refunded", "招标项目 " + t.code + " 的投标保证金 "
                + DocumentFormats.amount(b.amount) + " 元及利息 " + DocumentFormats.amount(b.interest) + " 元已退还",
                "The bid bond of RMB " + DocumentFormats.amount(b.amount) + " for tender " + t.code + " was refunded with RMB "
                        + DocumentFormats.amount(b.interest) + " interest", now).persist();
        return b;
    }

    public BigDecimal interestDue(BondRefund b, Instant at) {
        return bondRefunds.interestDue(b, at);
    }

    public BigDecimal interestToDate(BondRefund b) {
        return interestDue(b, clock.now());
    }

    @Transactional
    public List<BondRefund> bonds(long tenderId) {
        Tender t = tenders.find(tenderId);
        if (actor.is(Role.BIDDER)) {
            long org = actor.requireOrganisation();
            return BondRefund.ofTender(t.id).stream().filter(b -> b.organisation.id.equals(org)).toList();
        }
        hostPolicy.requireOverseer(t);
        return BondRefund.ofTender(t.id);
    }

    // ---------------------------------------------------------------- reads

    public List<Award> awards(long tenderId) {
        Tender t = tenders.publicTender(tenderId);
        return Award.ofTender(t.id);
    }

    @Transactional
    public byte[] notice(long tenderId, int lot) {
        Tender t = tenders.find(tenderId);
        Award a = Award.of(t.id, lot).orElseThrow(() -> ProblemException.notFound("award of lot", lot));
        boolean allowed = hostPolicy.oversees(t)
                || (actor.is(Role.BIDDER) && a.winner.id.equals(actor.organisationId()));
        if (!allowed) {
            throw ProblemException.forbidden(Text.of("中标通知书仅发给中标人", "the award notice is for the winner"));
        }
        return read(a.noticeSha256);
    }

    public byte[] announcement(long tenderId) {
        Tender t = tenders.publicTender(tenderId);
        return read(AwardAnnouncement.of(t.id).orElseThrow(() -> ProblemException.notFound("result announcement of tender", tenderId)).sha256);
    }

    // ---------------------------------------------------------------- reminders

    /**
     * Reminds winner and host once, {@code sunlight.award.contract-reminder-before} ahead of the contract deadline (and
     * at once if that is already past); supervisors see the same limit as a yellow/red alert.
     */
    @Scheduled(every = "${sunlight.award.reminder-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void scheduledReminders() {
        remindContracts();
    }

    /** Sends the due reminders; returns how many. */
    @Transactional
    public int remindContracts() {
        int sent = 0;
        for (Award a : Award.<Award>list("contractedAt is null and remindedAt is null and failedAt is null")) {
            Tender t = Tender.findById(a.tenderId);
            Instant now = clock.now(t); // a sandbox tender's contract limit runs on its own clock
            if (now.plus(remindBefore).isBefore(a.contractDueAt)) {
                continue;
            }
            String zh = "招标项目 " + t.code + " 第 " + a.lotNumber + " 标段须于 " + formats.minutes(a.contractDueAt)
                    + " 前签订合同（" + tenders.rulesOf(t).require(RuleIds.CONTRACT_WITHIN).citation() + "）";
            String en = "The contract of lot " + a.lotNumber + " of tender " + t.code + " must be signed by " + formats.minutes(a.contractDueAt);
            new Notification(a.winner.id, t.id, "award.contract-reminder", zh, en, now).persist();
            notifyHosts(t, "award.contract-reminder", zh, en);
            a.reminded(now);
            sent++;
        }
        return sent;
    }

    // ---------------------------------------------------------------- helpers

    private String store(byte[] pdf) {
        try {
            return blobs.put(new ByteArrayInputStream(pdf), Long.MAX_VALUE).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] read(String sha) {
        try (var in = blobs.open(sha)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The organisations that submitted a bid (and so paid a bond), in first-submission order. */
    private static List<Long> bidderOrganisations(Tender t) {
        Set<Long> orgs = new LinkedHashSet<>();
        for (SealedBid b : SealedBid.<SealedBid>list("tender.id = ?1 order by id", t.id)) {
            orgs.add(b.organisation.id);
        }
        return new ArrayList<>(orgs);
    }

    private void notifyHosts(Tender t, String kind, String zh, String en) {
        new Notification(t.project.tenderingUnit.id, t.id, kind, zh, en, clock.now()).persist();
        tenders.actingAgent(t).ifPresent(a -> new Notification(a.id, t.id, kind, zh, en, clock.now()).persist());
    }

}
