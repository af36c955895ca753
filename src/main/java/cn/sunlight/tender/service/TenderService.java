package cn.sunlight.tender.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.rules.RuleVersions;
import cn.sunlight.rules.TenderMethod;
import cn.sunlight.rules.TradeType;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Clarification;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Objection;
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
 * The tender lifecycle up to the bid deadline: projects, drafts, publication against the rules,
 * clarifications/amendments, bidder registration and objections. Every change is audited in the
 * same transaction.
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
    private final Event<DeadlineMoved> deadlineMoved;
    private final HostPolicy hostPolicy;
    private final DocumentFormats formats;

    public TenderService(PlatformClock clock, RequestActor actor, AuditTrail audit, BiddingRules rules,
                         RuleVersions ruleVersions, PublicationCheck publicationCheck, Event<TenderPublished> published,
                         Event<DeadlineMoved> deadlineMoved, HostPolicy hostPolicy,
                         DocumentFormats formats) {
        this.hostPolicy = hostPolicy;
        this.formats = formats;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.rules = rules;
        this.ruleVersions = ruleVersions;
        this.publicationCheck = publicationCheck;
        this.published = published;
        this.deadlineMoved = deadlineMoved;
    }

    /** Fired inside the publishing transaction; later features (opening keys, timers) observe it. */
    public record TenderPublished(Tender tender) {
    }

    /** Fired inside the transaction that moved a deadline (amendments); the opening certificate follows it. */
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

    // ---------------------------------------------------------------- projects

    @Transactional
    public Project createProject(String name, String region, Long tenderingUnitId) {
        Organisation unit = hostPolicy.unitForNewProject(tenderingUnitId);
        Organisation agent = actor.is(Role.AGENT) ? Organisation.findById(actor.requireOrganisation()) : null;
        long seq = ((Number) Panache.getEntityManager().createNativeQuery("select nextval('project_code_seq')")
                .getSingleResult()).longValue();
        String code = "P-%d-%06d".formatted(clock.local().getYear(), seq);
        Project p = new Project(code, name, region, unit, agent, clock.now());
        p.persist();
        audit.record("project.created", "project", p.id, Map.of("code", code, "name", name, "unit", unit.creditCode));
        return p;
    }

    public List<Project> projectsOfCaller() {
        long org = actor.requireOrganisation();
        return Project.<Project>list("tenderingUnit.id = ?1 or agent.id = ?1 order by id", org).stream()
                .filter(p -> hostPolicy.hosts(p, null)).toList();
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

    // ---------------------------------------------------------------- clarifications

    @Transactional
    public Clarification clarify(long id, Clarification.Kind kind, String text, boolean affectsPreparation,
                                 Instant requestedDeadline) {
        Tender t = hosted(id);
        if (!t.acceptsBidders(clock.now(t))) {
            throw ProblemException.conflict("not-accepting", Text.of("只能在发布后、投标截止前澄清或修改招标文件",
                    "clarifications are possible only between publication and the bid deadline"));
        }
        Instant now = clock.now(t);
        Instant previous = t.schedule.bidDeadline;
        Instant deadline = requestedDeadline == null ? previous : requestedDeadline;
        if (deadline.isBefore(previous)) {
            throw ProblemException.invalid(Violation.of("newDeadline", "not-earlier", Text.of(
                    "澄清或修改不能提前投标截止时间", "a clarification cannot bring the deadline forward")));
        }
        if (affectsPreparation) {
            Rule notice = rulesOf(t).require("amendment-notice");
            Instant earliest = Periods.earliestAfter(now, notice, rules.calendar());
            if (deadline.isBefore(earliest)) {
                throw new ProblemException(422, "rules-violated", Text.of("澄清或修改须顺延投标截止时间",
                        "The amendment requires moving the deadline"), List.of(PublicationCheck.legal("newDeadline", notice,
                        "可能影响投标文件编制的澄清或修改，须在投标截止时间至少" + notice.figure() + "前发出，否则应顺延截止时间；最早可设为 "
                                + formats.minutes(earliest) + "（北京时间）",
                        "an amendment that affects bid preparation must be issued at least " + notice.figureEn()
                                + " before the deadline, otherwise the deadline moves; the earliest legal deadline is "
                                + formats.minutes(earliest) + " (Beijing time)")));
            }
        }
        int number = (int) Clarification.count("tender.id", t.id) + 1;
        Clarification c = new Clarification(t, number, kind, text, affectsPreparation, previous, deadline,
                UserAccount.findById(actor.userId()), now);
        c.persist();
        if (!deadline.equals(previous)) {
            t.moveDeadline(deadline);
            deadlineMoved.fire(new DeadlineMoved(t, previous));
        }
        audit.record("tender.clarified", "tender", t.id, Map.of("number", number, "kind", kind,
                "textHash", cn.sunlight.common.CanonicalJson.sha256Hex(text), "state", t.snapshot()));
        String moved = deadline.equals(previous) ? "" : "；投标截止时间顺延至 " + formats.minutes(deadline);
        String movedEn = deadline.equals(previous) ? "" : "; the bid deadline moves to " + formats.minutes(deadline);
        notifyRegistered(t, "tender.clarified", "招标项目 " + t.code + " 发布第 " + number + " 号"
                        + (kind == Clarification.Kind.AMENDMENT ? "修改" : "澄清") + moved,
                "Tender " + t.code + " issued " + kind.name().toLowerCase() + " no. " + number + movedEn);
        return c;
    }

    // ---------------------------------------------------------------- bidders

    @Transactional
    public BidderRegistration register(long id) {
        Tender t = publicTender(id);
        Instant now = clock.now(t);
        if (!t.acceptsBidders(now)) {
            throw ProblemException.conflict("not-accepting", Text.of("该项目当前不接受投标人报名",
                    "the tender does not accept bidders now"));
        }
        long org = actor.requireOrganisation();
        Optional<BidderRegistration> existing = BidderRegistration.of(t.id, org);
        if (existing.isPresent()) {
            return existing.get();
        }
        BidderRegistration r = new BidderRegistration(t, Organisation.findById(org), UserAccount.findById(actor.userId()), now);
        r.persist();
        // Who registered is confidential until the opening, in the public log too.
        audit.recordConfidential("tender.bidder-registered", "tender", t.id, Map.of("registration", r.id));
        return r;
    }

    public Optional<BidderRegistration> ownRegistration(long id) {
        return BidderRegistration.of(id, actor.requireOrganisation());
    }

    /** The registered bidders: confidential until the opening, then visible to host, operator and supervisor. */
    @Transactional
    public List<BidderRegistration> registrations(long id) {
        Tender t = find(id);
        hostPolicy.requireOverseer(t);
        if (!t.status.openedOrLater()) {
            throw ProblemException.conflict("confidential-before-opening", Text.of(
                    "开标前投标人名称和数量保密（《招标投标法》第二十二条）",
                    "Before the opening the names and number of bidders are confidential (Tendering Law Art. 22)"));
        }
        audit.read("tender.registrations-read", "tender", t.id);
        return BidderRegistration.ofTender(t.id);
    }

    // ---------------------------------------------------------------- objections

    @Transactional
    public Objection object(long id, String subject, String text) {
        Tender t = publicTender(id);
        long org = actor.requireOrganisation();
        if (BidderRegistration.of(t.id, org).isEmpty()) {
            throw ProblemException.forbidden(Text.of("只有已报名的潜在投标人可对招标文件提出异议",
                    "only registered bidders may object to the tender documents"));
        }
        Instant now = clock.now(t);
        if (t.status != TenderStatus.PUBLISHED && t.status != TenderStatus.BIDDING && t.status != TenderStatus.SUSPENDED) {
            throw ProblemException.conflict("not-accepting", Text.of("当前阶段不受理对招标文件的异议",
                    "objections to the tender documents are not accepted at this stage"));
        }
        RuleSet set = rulesOf(t);
        Optional<Rule> window = set.find("objection-to-documents");
        if (window.isPresent()) {
            Instant latest = Periods.latestBefore(t.schedule.bidDeadline, window.get(), rules.calendar());
            if (now.isAfter(latest)) {
                throw new ProblemException(422, "rules-violated", Text.of("已超过对招标文件提出异议的期限",
                        "The objection window has closed"), List.of(PublicationCheck.legal("raisedAt", window.get(),
                        "对招标文件有异议的，应当在投标截止时间" + window.get().figure() + "前提出；截止于 " + formats.minutes(latest),
                        "objections to the tender documents must be raised " + window.get().figureEn()
                                + " before the deadline; the window closed at " + formats.minutes(latest))));
            }
        }
        Rule answer = set.find("objection-answer").or(() -> set.find("challenge-answer")).orElseThrow();
        Instant due = Periods.actionDeadline(now, answer, rules.calendar());
        Objection o = new Objection(t, Organisation.findById(org), UserAccount.findById(actor.userId()), subject, text, now, due);
        o.persist();
        if (t.status != TenderStatus.SUSPENDED) {
            t.suspend();
        }
        audit.record("tender.objection-raised", "tender", t.id, Map.of("objection", o.id, "answerDue", due, "state", t.snapshot()));
        notifyHosts(t, "tender.objection", "招标项目 " + t.code + " 收到异议，须于 " + formats.minutes(due)
                + " 前答复，答复前暂停招标投标活动", "Tender " + t.code + " received an objection; answer due by "
                + formats.minutes(due) + "; the tender is suspended until answered");
        return o;
    }

    @Transactional
    public Objection answer(long id, long objectionId, String text) {
        Tender t = hosted(id);
        Objection o = Objection.<Objection>findByIdOptional(objectionId).filter(x -> x.tender.id.equals(t.id))
                .orElseThrow(() -> ProblemException.notFound("objection", objectionId));
        if (o.answered()) {
            throw ProblemException.conflict("already-answered", Text.of("该异议已答复", "the objection was already answered"));
        }
        o.answer(text, UserAccount.findById(actor.userId()), clock.now(t));
        if (Objection.openFor(t.id) == 0 && t.status == TenderStatus.SUSPENDED) {
            t.resume();
        }
        audit.record("tender.objection-answered", "tender", t.id, Map.of("objection", o.id, "state", t.snapshot()));
        Notification n = new Notification(o.organisation.id, t.id, "objection.answered",
                "您对招标项目 " + t.code + " 的异议已答复：" + text, "Your objection to tender " + t.code + " was answered: " + text, clock.now());
        n.persist();
        return o;
    }

    public List<Objection> objections(long id) {
        Tender t = find(id);
        if (actor.is(Role.BIDDER)) {
            long org = actor.requireOrganisation();
            return Objection.ofTender(t.id).stream().filter(o -> o.organisation.id.equals(org)).toList();
        }
        hostPolicy.requireOverseer(t);
        return Objection.ofTender(t.id);
    }

    // ---------------------------------------------------------------- queries

    public record Search(TradeType tradeType, TenderStatus status, String region, Instant from, Instant to, String q) {
    }

    /** Public search: drafts never appear; hosts see their own drafts with {@code mine}. */
    public List<Tender> search(Search s, boolean mine) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> p = new HashMap<>();
        if (mine) {
            where.append(" and (project.tenderingUnit.id = :org or project.agent.id = :org)");
            p.put("org", actor.requireOrganisation());
        } else {
            where.append(" and status <> :draft");
            p.put("draft", TenderStatus.DRAFT);
            // Sandbox tenders never appear in the real public lists (issue 18); they have their own (/api/sandbox/tenders).
            where.append(" and sandbox.factor is null");
        }
        where.append(" and sandboxResetAt is null");
        if (s.tradeType() != null) {
            where.append(" and tradeType = :tt");
            p.put("tt", s.tradeType());
        }
        if (s.status() != null) {
            where.append(" and status = :st");
            p.put("st", s.status());
        }
        if (s.region() != null && !s.region().isBlank()) {
            where.append(" and project.region = :region");
            p.put("region", s.region());
        }
        if (s.from() != null) {
            where.append(" and publishedAt >= :from");
            p.put("from", s.from());
        }
        if (s.to() != null) {
            where.append(" and publishedAt < :to");
            p.put("to", s.to());
        }
        if (s.q() != null && !s.q().isBlank()) {
            where.append(" and (lower(title) like :q or lower(code) like :q)");
            p.put("q", "%" + s.q().toLowerCase() + "%");
        }
        List<Tender> found = Tender.find(where.toString(), Sort.descending("id"), p).list();
        // An agent's own tenders are those it still holds an entrustment for (HostPolicy).
        return mine ? found.stream().filter(hostPolicy::hosts).toList() : found;
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

    private void notifyRegistered(Tender t, String kind, String zh, String en) {
        for (BidderRegistration r : BidderRegistration.ofTender(t.id)) {
            new Notification(r.organisation.id, t.id, kind, zh, en, clock.now()).persist();
        }
    }

    private void notifyHosts(Tender t, String kind, String zh, String en) {
        new Notification(t.project.tenderingUnit.id, t.id, kind, zh, en, clock.now()).persist();
        actingAgent(t).ifPresent(a -> new Notification(a.id, t.id, kind, zh, en, clock.now()).persist());
    }

    public ZonedDateTime local(Instant i) {
        return i == null ? null : i.atZone(clock.zone());
    }
}
