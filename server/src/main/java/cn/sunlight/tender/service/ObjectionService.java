package cn.sunlight.tender.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.tender.BidderRegistration;
import cn.sunlight.tender.Objection;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objections to the tender documents (异议, 实施条例 Art. 22): only a registered bidder, only until objection-to-documents
 * before the deadline; the tender is suspended until the host answers (within objection-answer), and resumes once no
 * objection is open. Bidders see their own objections, the host and overseers all of them.
 */
@ApplicationScoped
public class ObjectionService {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final BiddingRules rules;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final DocumentFormats formats;

    public ObjectionService(PlatformClock clock, RequestActor actor, AuditTrail audit, BiddingRules rules,
                            TenderService tenders, HostPolicy hostPolicy, DocumentFormats formats) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.rules = rules;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.formats = formats;
    }

    @Transactional
    public Objection object(long id, String subject, String text) {
        Tender t = tenders.publicTender(id);
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
        RuleSet set = tenders.rulesOf(t);
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
        return lodge(t, org, subject, text, now, "tender.objection-raised", "tender.objection", due -> Text.of(
                "招标项目 " + t.code + " 收到异议，须于 " + due + " 前答复，答复前暂停招标投标活动",
                "Tender " + t.code + " received an objection; answer due by " + due + "; the tender is suspended until answered"));
    }

    /**
     * Records an objection raised by {@code org} at {@code now}, due for an answer within objection-answer (or
     * challenge-answer), suspends the tender until every objection is answered, audits it as {@code action} and tells
     * the host; {@code notice} words the notification from the answer deadline as shown. The objection to the tender
     * documents and the objection to the evaluation result (award) differ only in who may raise them and when.
     */
    public Objection lodge(Tender t, long org, String subject, String text, Instant now, String action, String kind,
                           Function<String, Text> notice) {
        RuleSet set = tenders.rulesOf(t);
        Rule answer = set.find(RuleIds.OBJECTION_ANSWER).or(() -> set.find(RuleIds.CHALLENGE_ANSWER)).orElseThrow();
        Instant due = Periods.actionDeadline(now, answer, rules.calendar());
        Objection o = new Objection(t, Organisation.findById(org), UserAccount.findById(actor.userId()), subject, text, now, due);
        o.persist();
        if (t.status != TenderStatus.SUSPENDED) {
            t.suspend();
        }
        audit.record(action, "tender", t.id, Map.of("objection", o.id, "answerDue", due, "state", t.snapshot()));
        Text words = notice.apply(formats.minutes(due));
        new Notification(t.project.tenderingUnit.id, t.id, kind, words.zh(), words.en(), clock.now()).persist();
        hostPolicy.actingAgent(t).ifPresent(a -> new Notification(a.id, t.id, kind, words.zh(), words.en(), clock.now()).persist());
        return o;
    }

    @Transactional
    public Objection answer(long id, long objectionId, String text) {
        Tender t = tenders.hosted(id);
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
        Tender t = tenders.find(id);
        if (actor.is(Role.BIDDER)) {
            long org = actor.requireOrganisation();
            return Objection.ofTender(t.id).stream().filter(o -> o.organisation.id.equals(org)).toList();
        }
        hostPolicy.requireOverseer(t);
        return Objection.ofTender(t.id);
    }
}
