package cn.sunlight.tender.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.RuleVersions;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Project;
import cn.sunlight.tender.Schedule;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenders: drafts, publication against the rules, the start of bidding and cancellation, the rules a tender is bound
 * to, and who may see or act on a tender. Projects, clarifications, registrations and objections have their own
 * services. Every change is audited in the same transaction.
 */
@ApplicationScoped
public class TenderService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final BiddingRules rules;
    private final RuleVersions ruleVersions;
    private final PublicationCheck publicationCheck;
    private final Event<TenderPublished> published;
    private final HostPolicy hostPolicy;

    public TenderService(PlatformClock clock, RequestActor actor, AuditTrail audit, BiddingRules rules,
                         RuleVersions ruleVersions, PublicationCheck publicationCheck, Event<TenderPublished> published,
                         HostPolicy hostPolicy) {
        this.hostPolicy = hostPolicy;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.rules = rules;
        this.ruleVersions = ruleVersions;
        this.publicationCheck = publicationCheck;
        this.published = published;
    }

    /** Fired inside the publishing transaction; later features (opening keys, timers) observe it. */
    public record TenderPublished(Tender tender) {
    }

    /** Fired inside the transaction that moved a deadline ({@link ClarificationService}); the opening certificate follows it. */
    public record DeadlineMoved(Tender tender, Instant previous) {
    }

    /** What every sandbox tender's code starts with, so that every document, receipt and notice naming it says so. */
    public static final String SANDBOX_CODE_PREFIX = "SANDBOX-";

    public record LotDraft(String name, BigDecimal budget) {
    }

    public record TenderDraft(String title, TradeType tradeType, TenderMethod method, BigDecimal budget,
                              BigDecimal ceilingPrice, BigDecimal bidBond, EvaluationMethod evaluationMethod,
                              CryptoSuite cryptoSuite, String qualifications, Instant documentsIssuedAt,
                              Instant documentsSaleEndsAt, Instant clarificationCutoff, Instant bidDeadline,
                              String openingPlace, List<LotDraft> lots) {
    }

    // ---------------------------------------------------------------- drafts

    @Transactional
    public Tender createDraft(long projectId, TenderDraft d) {
        return createDraft(projectId, d, null);
    }

    /**
     * A draft; with {@code sandboxFactor} a sandbox tender (issue 18): its code says SANDBOX, its clock starts now and
     * runs {@code sandboxFactor} times faster, everything else is the same code.
     */
    @Transactional
    public Tender createDraft(long projectId, TenderDraft d, Long sandboxFactor) {
        Project project = Project.<Project>findByIdOptional(projectId)
                .orElseThrow(() -> ProblemException.notFound("project", projectId));
        hostPolicy.requireHost(project, d.tradeType());
        rules.forMethod(d.tradeType(), d.method()); // refuses a method the trade type does not have
        long seq = ((Number) Panache.getEntityManager().createNativeQuery("select nextval('tender_code_seq')")
                .getSingleResult()).longValue();
        String code = "SL-%d-%s-%06d".formatted(clock.local().getYear(), switch (d.tradeType()) {
            case ENGINEERING -> "GC";
            case GOODS -> "HW";
            case PROCUREMENT -> "CG";
        }, seq);
        Instant now = clock.now();
        Tender t = new Tender(sandboxFactor == null ? code : SANDBOX_CODE_PREFIX + code, d.title(), project, d.tradeType(),
                d.method(), UserAccount.findById(actor.userId()), now);
        if (sandboxFactor != null) {
            t.sandbox = new cn.sunlight.common.SandboxTime(sandboxFactor, now, now);
        }
        apply(t, d);
        t.persist();
        audit.record("tender.drafted", "tender", t.id, t.snapshot());
        return t;
    }

    @Transactional
    public Tender updateDraft(long id, TenderDraft d) {
        Tender t = hosted(id);
        t.requireDraft();
        if (d.tradeType() != t.tradeType || d.method() != t.method) {
            hostPolicy.requireHost(t.project, d.tradeType());
            rules.forMethod(d.tradeType(), d.method());
            t.tradeType = d.tradeType();
            t.method = d.method();
        }
        t.title = d.title();
        apply(t, d);
        audit.record("tender.edited", "tender", t.id, t.snapshot());
        return t;
    }

    private static void apply(Tender t, TenderDraft d) {
        t.budget = d.budget();
        t.ceilingPrice = d.ceilingPrice();
        t.bidBond = d.bidBond() == null ? BigDecimal.ZERO : d.bidBond();
        t.evaluationMethod = d.evaluationMethod();
        t.cryptoSuite = d.cryptoSuite() == null ? CryptoSuite.INTERNATIONAL : d.cryptoSuite();
        t.qualifications = d.qualifications();
        t.schedule = new Schedule(d.documentsIssuedAt(), d.documentsSaleEndsAt(), d.clarificationCutoff(),
                d.bidDeadline(), d.openingPlace());
        List<Map.Entry<String, BigDecimal>> lots = new ArrayList<>();
        for (LotDraft l : d.lots() == null ? List.<LotDraft>of() : d.lots()) {
            lots.add(Map.entry(l.name(), l.budget()));
        }
        t.replaceLots(lots);
    }

    // ---------------------------------------------------------------- lifecycle

    public PublicationCheck.Report check(long id) {
        Tender t = hosted(id);
        return publicationCheck.check(t, clock.now(t));
    }

    @Transactional
    public Tender publish(long id) {
        Tender t = hosted(id);
        t.requireDraft();
        t.startSandboxClock(clock.now());
        Instant now = clock.now(t);
        PublicationCheck.Report report = publicationCheck.check(t, now);
        if (!report.passes()) {
            throw new ProblemException(422, "rules-violated", Text.of("发布失败：不符合法定规则",
                    "Publication refused: the tender breaks legal rules"), report.violations());
        }
        RuleSet set = rules.forMethod(t.tradeType, t.method);
        ruleVersions.remember(set, now);
        t.publish(set, now);
        if (!now.isBefore(t.schedule.documentsIssuedAt)) {
            t.startBidding(now);
        }
        audit.record("tender.published", "tender", t.id, t.snapshot());
        published.fire(new TenderPublished(t));
        return t;
    }

    @Transactional
    public Tender startBidding(long id) {
        Tender t = hosted(id);
        t.startBidding(clock.now(t));
        audit.record("tender.bidding-started", "tender", t.id, t.snapshot());
        return t;
    }

    @Transactional
    public Tender cancel(long id, String reason) {
        Tender t = hosted(id);
        t.cancel();
        audit.record("tender.cancelled", "tender", t.id, Map.of("state", t.snapshot(), "reason", reason));
        notifyRegistered(t, "tender.cancelled", "招标项目 " + t.code + " 已终止：" + reason,
                "Tender " + t.code + " was cancelled: " + reason);
        return t;
    }

    /** The rules a published tender is bound to: the stored version, never the current file. */
    public RuleSet rulesOf(Tender t) {
        if (t.rulesVersion == null) {
            return rules.forMethod(t.tradeType, t.method);
        }
        return ruleVersions.byVersion(t.rulesVersion).orElseThrow();
    }

    /** A tender as its reader may see it: drafts only to host, operator and supervisor (whose reads are logged). */
    @Transactional
    public Tender view(long id) {
        Tender t = find(id);
        if (t.sandboxResetAt != null) {
            throw ProblemException.notFound("tender", id); // a reset sandbox tender is hidden; its log stays
        }
        if (!t.isPublic()) {
            if (!hostPolicy.oversees(t)) {
                // A draft does not exist for anyone else: not even its existence is disclosed.
                throw ProblemException.notFound("tender", id);
            }
            if (!hostPolicy.hosts(t)) {
                audit.read("tender.draft-read", "tender", t.id);
            }
        } else if (actor.is(Role.SUPERVISOR)) {
            audit.read("tender.read", "tender", t.id);
        }
        return t;
    }

    public Tender find(long id) {
        return Tender.<Tender>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("tender", id));
    }

    public Tender publicTender(long id) {
        Tender t = find(id);
        if (!t.isPublic()) {
            throw ProblemException.notFound("tender", id);
        }
        return t;
    }

    /** The tender, if the caller hosts it (its tendering unit, or its entrusted agent: {@link HostPolicy}). */
    public Tender hosted(long id) {
        Tender t = find(id);
        hostPolicy.requireHost(t);
        return t;
    }

    public boolean isHost(Tender t) {
        return hostPolicy.hosts(t);
    }

    /** The tender's agent while its entrustment is in force ({@link HostPolicy#actingAgent}). */
    public Optional<Organisation> actingAgent(Tender t) {
        return hostPolicy.actingAgent(t);
    }

    /** Tells every registered bidder of {@code t}. */
    public void notifyRegistered(Tender t, String kind, String zh, String en) {
        for (BidderRegistration r : BidderRegistration.ofTender(t.id)) {
            new Notification(r.organisation.id, t.id, kind, zh, en, clock.now()).persist();
        }
    }

    public ZonedDateTime local(Instant i) {
        return i == null ? null : i.atZone(clock.zone());
    }
}
