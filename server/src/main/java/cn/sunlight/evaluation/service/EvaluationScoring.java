package cn.sunlight.evaluation.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.evaluation.Criterion;
import cn.sunlight.evaluation.EvaluationClarification;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.evaluation.EvaluationScore;
import cn.sunlight.evaluation.OfBidder;
import cn.sunlight.evaluation.QualificationReview;
import cn.sunlight.notification.Notification;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The experts' work (评标): the host's weighted criteria, each member's qualification verdict and scores of each
 * decrypted bid, and the clarification requests to bidders (招标投标法 Art. 39) with their answers. Every step is
 * audited in the same transaction.
 */
@ApplicationScoped
public class EvaluationScoring {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final EvaluationAccess access;

    public EvaluationScoring(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                             EvaluationAccess access) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.access = access;
    }

    @Transactional
    public CommitteeService.Seated setCriteria(long tenderId, List<Criterion> criteria) {
        Tender t = tenders.hosted(tenderId);
        EvaluationCommittee c = access.committee(t.id);
        c.requireOpen();
        if (t.evaluationMethod != EvaluationMethod.COMPREHENSIVE_SCORING) {
            throw ProblemException.conflict("not-scoring", Text.of("本项目采用经评审的最低投标价法，无评分因素",
                    "This tender uses the lowest evaluated price: there are no scoring criteria"));
        }
        if (EvaluationScore.count("tenderId", t.id) > 0) {
            throw ProblemException.conflict("scoring-started", Text.of("专家已开始评分，评分因素不能再修改",
                    "Experts have started scoring; the criteria can no longer change"));
        }
        BigDecimal sum = BigDecimal.ZERO;
        Set<String> names = new HashSet<>();
        for (Criterion cr : criteria) {
            if (cr.name() == null || cr.name().isBlank() || cr.weight() == null || cr.weight().signum() <= 0 || !names.add(cr.name())) {
                throw ProblemException.invalid(Violation.of("criteria", "invalid", Text.of("评分因素须有唯一名称和正权重",
                        "each criterion needs a unique name and a positive weight")));
            }
            sum = sum.add(cr.weight());
        }
        if (criteria.isEmpty() || sum.compareTo(BigDecimal.valueOf(100)) != 0) {
            throw ProblemException.invalid(Violation.of("criteria", "weights-sum", Text.of("评分因素权重之和须为 100，实为 " + sum,
                    "the weights must add up to 100, not " + sum)));
        }
        c.criteria = CanonicalJson.write(criteria.stream().map(cr -> Map.of("name", cr.name(), "weight", cr.weight().toPlainString())).toList());
        audit.record("evaluation.criteria-set", "tender", t.id, Map.of("criteria", c.criteria));
        return CommitteeService.seated(c);
    }

    /** The decrypted bids the committee evaluates (a bid that failed decryption is out: revoked or withdrawn). */
    @Transactional
    public List<OpenedBid> bidsForCommittee(long tenderId) {
        Tender t = tenders.find(tenderId);
        access.requireReader(t);
        return EvaluationAccess.evaluated(t.id);
    }

    @Transactional
    public QualificationReview review(long tenderId, long bidId, boolean passed, String reason) {
        Tender t = tenders.find(tenderId);
        long expert = access.requireMember(t);
        access.committee(t.id).requireOpen();
        OpenedBid bid = EvaluationAccess.evaluatedBid(t, bidId);
        QualificationReview r = QualificationReview.of(bid.bidId, expert).orElseGet(() -> new QualificationReview(t.id, bid.bidId, expert));
        r.judge(passed, reason, clock.now(t));
        r.persist();
        audit.record("evaluation.qualification-reviewed", "tender", t.id, Map.of("bid", bid.bidId, "expert", expert,
                "passed", passed, "reason", reason));
        return r;
    }

    @Transactional
    public EvaluationScore score(long tenderId, long bidId, Map<String, BigDecimal> scores) {
        Tender t = tenders.find(tenderId);
        long expert = access.requireMember(t);
        EvaluationCommittee c = access.committee(t.id);
        c.requireOpen();
        OpenedBid bid = EvaluationAccess.evaluatedBid(t, bidId);
        if (t.evaluationMethod != EvaluationMethod.COMPREHENSIVE_SCORING) {
            throw ProblemException.conflict("not-scoring", Text.of("本项目采用经评审的最低投标价法，不打分",
                    "This tender uses the lowest evaluated price: there are no scores"));
        }
        List<Criterion> criteria = EvaluationAccess.criteria(c);
        if (criteria.isEmpty()) {
            throw ProblemException.conflict("no-criteria", Text.of("招标人尚未设定评分因素", "The host has not set the criteria"));
        }
        // The qualification review comes first: an expert scores only after judging every bid's qualification.
        if (QualificationReview.count("tenderId = ?1 and expertId = ?2", t.id, expert) < EvaluationAccess.evaluated(t.id).size()) {
            throw ProblemException.conflict("qualification-first", Text.of("请先完成全部投标的资格审查再评分",
                    "Review every bid's qualification before scoring"));
        }
        BigDecimal total = BigDecimal.ZERO;
        Map<String, String> shown = new TreeMap<>();
        for (Criterion cr : criteria) {
            BigDecimal s = scores.get(cr.name());
            if (s == null || s.signum() < 0 || s.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw ProblemException.invalid(Violation.of("scores." + cr.name(), "range", Text.of(
                        "评分因素「" + cr.name() + "」须打 0–100 分", "criterion '" + cr.name() + "' needs a score from 0 to 100")));
            }
            shown.put(cr.name(), s.toPlainString());
            total = total.add(s.multiply(cr.weight()).divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP));
        }
        EvaluationScore sc = EvaluationScore.of(bid.bidId, expert).orElseGet(() -> new EvaluationScore(t.id, bid.bidId, expert));
        sc.score(CanonicalJson.write(shown), total, clock.now(t));
        sc.persist();
        audit.record("evaluation.scored", "tender", t.id, Map.of("bid", bid.bidId, "expert", expert, "scores", shown,
                "total", total.toPlainString()));
        return sc;
    }

    @Transactional
    public OfBidder<EvaluationClarification> ask(long tenderId, long bidId, String question) {
        Tender t = tenders.find(tenderId);
        long expert = access.requireMember(t);
        access.committee(t.id).requireOpen();
        OpenedBid bid = EvaluationAccess.evaluatedBid(t, bidId);
        EvaluationClarification c = new EvaluationClarification(t.id, bid.bidId, expert, question, clock.now(t));
        c.persist();
        audit.record("evaluation.clarification-requested", "tender", t.id, Map.of("clarification", c.id, "bid", bid.bidId,
                "questionHash", CanonicalJson.sha256Hex(question)));
        new Notification(bid.bid.organisation.id, t.id, "evaluation.clarification",
                "评标委员会请贵方就招标项目 " + t.code + " 的投标文件作出澄清：" + question,
                "The evaluation committee of tender " + t.code + " asks you to clarify your bid: " + question, clock.now()).persist();
        return new OfBidder<>(c, bid.bid.organisation.id, bid.bid.organisation.name);
    }

    @Transactional
    public OfBidder<EvaluationClarification> answerClarification(long tenderId, long clarificationId, String answer) {
        Tender t = tenders.find(tenderId);
        EvaluationClarification c = EvaluationClarification.<EvaluationClarification>findByIdOptional(clarificationId)
                .filter(x -> x.tenderId.equals(t.id)).orElseThrow(() -> ProblemException.notFound("clarification", clarificationId));
        SealedBid bid = SealedBid.findById(c.bidId);
        if (!bid.organisation.id.equals(actor.organisationId())) {
            throw ProblemException.forbidden(Text.of("只有被要求澄清的投标人可以答复", "only the bidder asked may answer"));
        }
        access.committee(t.id).requireOpen();
        c.answer(answer, actor.userId(), clock.now(t));
        audit.record("evaluation.clarification-answered", "tender", t.id, Map.of("clarification", c.id,
                "answerHash", CanonicalJson.sha256Hex(answer)));
        return new OfBidder<>(c, bid.organisation.id, bid.organisation.name);
    }

    /** Members, supervisors and operators see every request; a bidder only those put to it. Each with its bidder, in one query. */
    @Transactional
    public List<OfBidder<EvaluationClarification>> clarifications(long tenderId) {
        Tender t = tenders.find(tenderId);
        if (actor.is(Role.BIDDER)) {
            long org = actor.requireOrganisation();
            return EvaluationClarification.withBidders(t.id).stream().filter(c -> c.bidderId() == org).toList();
        }
        access.requireReader(t);
        return EvaluationClarification.withBidders(t.id);
    }
}
