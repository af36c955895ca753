package cn.sunlight.evaluation.service;

import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.evaluation.CommitteeDraw;
import cn.sunlight.evaluation.CommitteeMember;
import cn.sunlight.evaluation.EvaluationClarification;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.evaluation.EvaluationScore;
import cn.sunlight.evaluation.ExpertProfile;
import cn.sunlight.evaluation.QualificationReview;
import cn.sunlight.notification.Notification;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.text.DecimalFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evaluation (评标): the expert registry, the reproducible random draw of the committee, the experts' qualification
 * review, scores and clarification requests, and the committee's conclusion with its signed report. Every change is
 * audited in the same transaction; the draw's inputs are in the audit log so that anyone can re-run it.
 */
@ApplicationScoped
public class EvaluationService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final SignedDocuments documents;
    private final BlobStore blobs;
    private final Event<EvaluationConcluded> concluded;

    public EvaluationService(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders, HostPolicy hostPolicy,
                             SignedDocuments documents, BlobStore blobs, Event<EvaluationConcluded> concluded) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.documents = documents;
        this.blobs = blobs;
        this.concluded = concluded;
    }

    /** Fired inside the concluding transaction; the candidate publicity starts its clock from it. */
    public record EvaluationConcluded(Tender tender, Instant reportAt) {
    }

    public record Criterion(String name, BigDecimal weight) {
    }

    // ---------------------------------------------------------------- expert registry

    @Transactional
    public ExpertProfile describeExpert(long userId, String specialty, Set<Long> linkedOrganisations) {
        UserAccount u = UserAccount.<UserAccount>findByIdOptional(userId).filter(a -> a.role == Role.EXPERT)
                .orElseThrow(() -> ProblemException.notFound("expert", userId));
        for (Long org : linkedOrganisations) {
            if (cn.sunlight.account.Organisation.findById(org) == null) {
                throw ProblemException.invalid(Violation.of("linkedOrganisations", "unknown",
                        Text.of("未登记的机构 " + org, "unknown organisation " + org)));
            }
        }
        ExpertProfile p = ExpertProfile.<ExpertProfile>findByIdOptional(userId).orElseGet(() -> new ExpertProfile(userId));
        p.describe(specialty.strip(), linkedOrganisations, clock.now());
        p.persist();
        audit.record("expert.described", "user", u.id, Map.of("specialty", p.specialty, "linked", p.linkedOrganisations));
        return p;
    }

    public List<ExpertProfile> experts() {
        return ExpertProfile.list("order by userId");
    }

    // ---------------------------------------------------------------- committee

    /** The size the rules require: at least committee-min-size, or the large-budget size, and always odd. */
    public int requiredSize(Tender t) {
        RuleSet set = tenders.rulesOf(t);
        int size = set.require(RuleIds.COMMITTEE_MIN_SIZE).intValue();
        Optional<Rule> threshold = set.find(RuleIds.LARGE_BUDGET_THRESHOLD);
        Optional<Rule> large = set.find(RuleIds.COMMITTEE_MIN_SIZE_LARGE_BUDGET);
        if (threshold.isPresent() && large.isPresent() && t.budget != null && t.budget.compareTo(threshold.get().value()) >= 0) {
            size = Math.max(size, large.get().intValue());
        }
        return size % 2 == 0 ? size + 1 : size;
    }

    /** The organisations an expert must not evaluate: tendering unit, agent and every bidder that submitted. */
    Set<Long> conflictedOrganisations(Tender t) {
        Set<Long> orgs = new HashSet<>();
        orgs.add(t.project.tenderingUnit.id);
        if (t.project.agent != null) {
            orgs.add(t.project.agent.id);
        }
        for (SealedBid b : SealedBid.<SealedBid>list("tender.id", t.id)) {
            orgs.add(b.organisation.id);
        }
        return orgs;
    }

    /** Why an expert cannot sit on this tender's committee, or empty when it can. */
    Optional<String> conflict(UserAccount expert, ExpertProfile profile, Set<Long> conflicted) {
        if (!expert.enabled) {
            return Optional.of("disabled");
        }
        if (expert.organisation != null && conflicted.contains(expert.organisation.id)) {
            return Optional.of("same-organisation:" + expert.organisation.id);
        }
        for (Long linked : profile.linkedOrganisations) {
            if (conflicted.contains(linked)) {
                return Optional.of("linked-organisation:" + linked);
            }
        }
        return Optional.empty();
    }

    @Transactional
    public EvaluationCommittee draw(long tenderId, String specialty, Integer requestedSize) {
        Tender t = drawer(tenderId);
        if (t.status != TenderStatus.EVALUATION) {
            throw ProblemException.conflict("not-in-evaluation", Text.of("只有开标结束、进入评标阶段的项目才能抽取评标委员会",
                    "The committee is drawn only once the tender is in evaluation"));
        }
        if (EvaluationCommittee.of(t.id).isPresent()) {
            throw ProblemException.conflict("already-drawn", Text.of("评标委员会已抽取；如需更换专家请使用更换功能",
                    "The committee is already drawn; replace members instead"));
        }
        int required = requiredSize(t);
        int size = requestedSize == null ? required : requestedSize;
        if (size < required || size % 2 == 0) {
            Rule rule = tenders.rulesOf(t).require(size < required && required > tenders.rulesOf(t).require(RuleIds.COMMITTEE_MIN_SIZE).intValue()
                    ? RuleIds.COMMITTEE_MIN_SIZE_LARGE_BUDGET : RuleIds.COMMITTEE_MIN_SIZE);
            throw new ProblemException(422, "rules-violated", Text.of("评标委员会人数不符合规定", "The committee size breaks the rules"),
                    List.of(legal("size", rule, "评标委员会成员人数应为 " + required + " 人以上单数，而申请为 " + size + " 人",
                            "the committee must have an odd number of at least " + required + " members, not " + size)));
        }
        Set<Long> conflicted = conflictedOrganisations(t);
        List<Long> candidates = new ArrayList<>();
        Map<String, String> excluded = new TreeMap<>();
        for (ExpertProfile p : ExpertProfile.<ExpertProfile>list("specialty = ?1 order by userId", specialty.strip())) {
            UserAccount u = UserAccount.findById(p.userId);
            Optional<String> why = conflict(u, p, conflicted);
            if (why.isPresent()) {
                excluded.put(String.valueOf(u.id), why.get());
            } else {
                candidates.add(u.id);
            }
        }
        if (candidates.size() < size) {
            throw ProblemException.conflict("not-enough-experts", Text.of(
                    "专业「" + specialty + "」无利害关系的专家只有 " + candidates.size() + " 名，不足 " + size + " 名",
                    "Only " + candidates.size() + " experts without conflicts in '" + specialty + "', " + size + " needed"));
        }
        byte[] r = new byte[32];
        RANDOM.nextBytes(r);
        String serverRandom = HexFormat.of().formatHex(r);
        String seed = CommitteeDraw.seed(t.code, serverRandom);
        List<Long> order = CommitteeDraw.order(seed, candidates);
        Instant now = clock.now(t);
        EvaluationCommittee c = new EvaluationCommittee(t.id, specialty.strip(), size, serverRandom, seed, candidates, now);
        c.persist();
        for (int i = 0; i < size; i++) {
            new CommitteeMember(t.id, UserAccount.findById(order.get(i)), i).persist();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("tenderCode", t.code);
        state.put("specialty", c.specialty);
        state.put("size", size);
        state.put("serverRandom", serverRandom);
        state.put("seed", seed);
        state.put("candidates", candidates);
        state.put("excluded", excluded);
        state.put("members", order.subList(0, size));
        audit.record("evaluation.committee-drawn", "tender", t.id, state);
        return c;
    }

    @Transactional
    public CommitteeMember replace(long tenderId, long expertId, String reason) {
        Tender t = drawer(tenderId);
        EvaluationCommittee c = committee(t.id);
        c.requireOpen();
        CommitteeMember out = CommitteeMember.active(t.id, expertId)
                .orElseThrow(() -> ProblemException.notFound("committee member", expertId));
        Instant now = clock.now(t);
        out.replace(reason, now);
        List<Long> order = CommitteeDraw.order(c.seed, c.candidateIds());
        Set<Long> used = CommitteeMember.ofTender(t.id).stream().map(m -> m.expert.id).collect(Collectors.toSet());
        Set<Long> conflicted = conflictedOrganisations(t);
        Map<String, String> skipped = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
            Long next = order.get(i);
            if (used.contains(next)) {
                continue;
            }
            UserAccount u = UserAccount.findById(next);
            ExpertProfile p = ExpertProfile.findById(next);
            // The registry may have changed since the draw: the reserve is re-checked, and a skip is logged.
            Optional<String> why = p == null ? Optional.of("no-profile") : conflict(u, p, conflicted);
            if (why.isPresent()) {
                skipped.put(String.valueOf(next), why.get());
                continue;
            }
            CommitteeMember in = new CommitteeMember(t.id, u, i);
            in.persist();
            audit.record("evaluation.expert-replaced", "tender", t.id, Map.of("out", expertId, "in", next, "position", i,
                    "reason", reason, "skipped", skipped));
            return in;
        }
        throw ProblemException.conflict("not-enough-experts", Text.of("抽取名单中已无可替补的专家，须重新抽取",
                "No reserve expert left in the drawn order"));
    }

    public record DrawCheck(String loggedSeed, String recomputedSeed, boolean seedMatches, List<Long> loggedMembers,
                            List<Long> rerunMembers, boolean membersMatch, List<Map<String, Object>> replacements,
                            boolean replacementsFollowOrder, boolean matches) {
    }

    /**
     * Re-runs the draw from what the audit log holds (server random, candidate list), not from the committee table, and
     * compares it with the logged members and with each logged replacement.
     */
    @Transactional
    public DrawCheck verifyDraw(long tenderId) {
        Tender t = tenders.find(tenderId);
        committee(t.id);
        List<AuditEvent> events = audit.forObject("tender", t.id);
        AuditEvent drawn = events.stream().filter(e -> e.action.equals("evaluation.committee-drawn")).findFirst()
                .orElseThrow(() -> ProblemException.notFound("committee draw of tender", tenderId));
        Map<String, Object> logged = readJson(drawn.state);
        String serverRandom = (String) logged.get("serverRandom");
        String seed = (String) logged.get("seed");
        List<Long> candidates = longs(logged.get("candidates"));
        List<Long> members = longs(logged.get("members"));
        String recomputed = CommitteeDraw.seed(t.code, serverRandom);
        List<Long> order = CommitteeDraw.order(recomputed, candidates);
        List<Long> rerun = order.subList(0, Math.min(members.size(), order.size()));
        List<Map<String, Object>> replacements = new ArrayList<>();
        boolean follow = true;
        for (AuditEvent e : events) {
            if (e.action.equals("evaluation.expert-replaced")) {
                Map<String, Object> rep = readJson(e.state);
                replacements.add(rep);
                int pos = ((Number) rep.get("position")).intValue();
                follow &= pos < order.size() && order.get(pos).equals(((Number) rep.get("in")).longValue());
            }
        }
        audit.read("evaluation.draw-verified", "tender", t.id);
        boolean seedOk = recomputed.equals(seed);
        boolean membersOk = rerun.equals(members);
        return new DrawCheck(seed, recomputed, seedOk, members, rerun, membersOk, replacements, follow, seedOk && membersOk && follow);
    }

    // ---------------------------------------------------------------- the experts' work

    @Transactional
    public EvaluationCommittee setCriteria(long tenderId, List<Criterion> criteria) {
        Tender t = tenders.hosted(tenderId);
        EvaluationCommittee c = committee(t.id);
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
        return c;
    }

    public List<Criterion> criteria(EvaluationCommittee c) {
        if (c.criteria == null) {
            return List.of();
        }
        List<Map<String, Object>> raw = readJson(c.criteria, new TypeReference<>() {
        });
        return raw.stream().map(m -> new Criterion((String) m.get("name"), new BigDecimal((String) m.get("weight")))).toList();
    }

    /** The decrypted bids the committee evaluates (a bid that failed decryption is out: revoked or withdrawn). */
    @Transactional
    public List<OpenedBid> bidsForCommittee(long tenderId) {
        Tender t = tenders.find(tenderId);
        requireReader(t);
        return evaluated(t.id);
    }

    private static List<OpenedBid> evaluated(long tenderId) {
        return OpenedBid.ofTender(tenderId).stream().filter(o -> o.status == OpenedBid.Status.DECRYPTED).toList();
    }

    @Transactional
    public QualificationReview review(long tenderId, long bidId, boolean passed, String reason) {
        Tender t = tenders.find(tenderId);
        long expert = requireMember(t);
        committee(t.id).requireOpen();
        OpenedBid bid = evaluatedBid(t, bidId);
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
        long expert = requireMember(t);
        EvaluationCommittee c = committee(t.id);
        c.requireOpen();
        OpenedBid bid = evaluatedBid(t, bidId);
        if (t.evaluationMethod != EvaluationMethod.COMPREHENSIVE_SCORING) {
            throw ProblemException.conflict("not-scoring", Text.of("本项目采用经评审的最低投标价法，不打分",
                    "This tender uses the lowest evaluated price: there are no scores"));
        }
        List<Criterion> criteria = criteria(c);
        if (criteria.isEmpty()) {
            throw ProblemException.conflict("no-criteria", Text.of("招标人尚未设定评分因素", "The host has not set the criteria"));
        }
        // The qualification review comes first: an expert scores only after judging every bid's qualification.
        if (QualificationReview.count("tenderId = ?1 and expertId = ?2", t.id, expert) < evaluated(t.id).size()) {
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
    public EvaluationClarification ask(long tenderId, long bidId, String question) {
        Tender t = tenders.find(tenderId);
        long expert = requireMember(t);
        committee(t.id).requireOpen();
        OpenedBid bid = evaluatedBid(t, bidId);
        EvaluationClarification c = new EvaluationClarification(t.id, bid.bidId, expert, question, clock.now(t));
        c.persist();
        audit.record("evaluation.clarification-requested", "tender", t.id, Map.of("clarification", c.id, "bid", bid.bidId,
                "questionHash", CanonicalJson.sha256Hex(question)));
        new Notification(bid.bid.organisation.id, t.id, "evaluation.clarification",
                "评标委员会请贵方就招标项目 " + t.code + " 的投标文件作出澄清：" + question,
                "The evaluation committee of tender " + t.code + " asks you to clarify your bid: " + question, clock.now()).persist();
        return c;
    }

    @Transactional
    public EvaluationClarification answerClarification(long tenderId, long clarificationId, String answer) {
        Tender t = tenders.find(tenderId);
        EvaluationClarification c = EvaluationClarification.<EvaluationClarification>findByIdOptional(clarificationId)
                .filter(x -> x.tenderId.equals(t.id)).orElseThrow(() -> ProblemException.notFound("clarification", clarificationId));
        SealedBid bid = SealedBid.findById(c.bidId);
        if (!bid.organisation.id.equals(actor.organisationId())) {
            throw ProblemException.forbidden(Text.of("只有被要求澄清的投标人可以答复", "only the bidder asked may answer"));
        }
        committee(t.id).requireOpen();
        c.answer(answer, actor.userId(), clock.now(t));
        audit.record("evaluation.clarification-answered", "tender", t.id, Map.of("clarification", c.id,
                "answerHash", CanonicalJson.sha256Hex(answer)));
        return c;
    }

    /** Members, supervisors and operators see every request; a bidder only those put to it. */
    @Transactional
    public List<EvaluationClarification> clarifications(long tenderId) {
        Tender t = tenders.find(tenderId);
        if (actor.is(Role.BIDDER)) {
            long org = actor.requireOrganisation();
            return EvaluationClarification.ofTender(t.id).stream()
                    .filter(c -> SealedBid.<SealedBid>findById(c.bidId).organisation.id.equals(org)).toList();
        }
        requireReader(t);
        return EvaluationClarification.ofTender(t.id);
    }

    // ---------------------------------------------------------------- conclusion

    @Transactional
    public List<EvaluationResult> conclude(long tenderId) {
        Tender t = tenders.find(tenderId);
        requireMember(t);
        EvaluationCommittee c = committee(t.id);
        c.requireOpen();
        if (t.status != TenderStatus.EVALUATION) {
            throw ProblemException.conflict("not-in-evaluation", Text.of("项目不在评标阶段", "The tender is not in evaluation"));
        }
        List<CommitteeMember> members = CommitteeMember.activeOf(t.id);
        Set<Long> memberIds = members.stream().map(m -> m.expert.id).collect(Collectors.toSet());
        List<OpenedBid> bids = evaluated(t.id);
        List<QualificationReview> reviews = QualificationReview.ofTender(t.id).stream().filter(r -> memberIds.contains(r.expertId)).toList();
        if (reviews.size() < members.size() * bids.size()) {
            throw ProblemException.conflict("reviews-missing", Text.of("尚有专家未完成资格审查", "Some experts have not reviewed every bid"));
        }
        List<EvaluationScore> scores = EvaluationScore.ofTender(t.id).stream().filter(s -> memberIds.contains(s.expertId)).toList();
        RuleSet set = tenders.rulesOf(t);
        BigDecimal lowPercent = set.find(RuleIds.ABNORMALLY_LOW_PRICE_PERCENT).map(Rule::value).orElse(BigDecimal.valueOf(80));
        List<EvaluationResult> results = new ArrayList<>();
        Map<Integer, List<EvaluationResult>> byLot = new TreeMap<>();
        for (OpenedBid b : bids) {
            List<QualificationReview> rs = reviews.stream().filter(r -> r.bidId.equals(b.bidId)).toList();
            long passes = rs.stream().filter(r -> r.passed).count();
            // The committee decides by simple majority of its members (评标委员会和评标方法暂行规定 Art. 41 practice).
            boolean qualified = passes * 2 > members.size();
            String reasons = rs.stream().filter(r -> r.passed != qualified).map(r -> r.reason).distinct().collect(Collectors.joining("；"));
            if (!qualified) {
                reasons = rs.stream().filter(r -> !r.passed).map(r -> r.reason).distinct().collect(Collectors.joining("；"));
            }
            EvaluationResult er = new EvaluationResult(b.bidId, t.id, b.bid.lot.number, qualified, reasons.isEmpty() ? null : reasons, b.price);
            results.add(er);
            if (qualified) {
                byLot.computeIfAbsent(er.lotNumber, k -> new ArrayList<>()).add(er);
            }
        }
        for (List<EvaluationResult> lot : byLot.values()) {
            BigDecimal avg = lot.stream().map(r -> r.price).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(lot.size()), 4, RoundingMode.HALF_UP);
            BigDecimal bound = avg.multiply(lowPercent).divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP);
            for (EvaluationResult r : lot) {
                r.abnormallyLow = r.price.compareTo(bound) < 0;
            }
            Comparator<EvaluationResult> order;
            if (t.evaluationMethod == EvaluationMethod.COMPREHENSIVE_SCORING) {
                for (EvaluationResult r : lot) {
                    List<EvaluationScore> mine = scores.stream().filter(s -> s.bidId.equals(r.bidId)).toList();
                    if (mine.size() < members.size()) {
                        throw ProblemException.conflict("scores-missing", Text.of("尚有专家未对全部合格投标评分",
                                "Some experts have not scored every qualified bid"));
                    }
                    r.score = mine.stream().map(s -> s.total).reduce(BigDecimal.ZERO, BigDecimal::add)
                            .divide(BigDecimal.valueOf(mine.size()), 4, RoundingMode.HALF_UP);
                }
                order = Comparator.comparing((EvaluationResult r) -> r.score).reversed().thenComparing(r -> r.price).thenComparing(r -> r.bidId);
            } else {
                order = Comparator.comparing((EvaluationResult r) -> r.price).thenComparing(r -> r.bidId);
            }
            List<EvaluationResult> ranked = lot.stream().sorted(order).toList();
            for (int i = 0; i < ranked.size(); i++) {
                ranked.get(i).rank = i + 1;
            }
        }
        results.forEach(r -> r.persist());
        Instant now = clock.now(t);
        byte[] pdf = documents.renderSigned("evaluation-report.html", reportModel(t, c, members, results, now),
                "评标报告 / Evaluation report " + t.code, t.isSandbox());
        String sha;
        try {
            sha = blobs.put(new ByteArrayInputStream(pdf), Long.MAX_VALUE).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.conclude(sha, now);
        audit.record("evaluation.concluded", "tender", t.id, Map.of("report", sha, "results", results.stream().map(r -> Map.of(
                "bid", r.bidId, "qualified", r.qualified, "rank", r.rank == null ? 0 : r.rank, "abnormallyLow", r.abnormallyLow)).toList()));
        if (byLot.isEmpty()) {
            // No qualified bid in any lot: the committee rejects all bids and the tender fails (实施条例 Art. 44/招标投标法 Art. 42).
            t.fail();
            audit.record("tender.failed", "tender", t.id, Map.of("state", t.snapshot(), "reason", "no qualified bid"));
        } else {
            concluded.fire(new EvaluationConcluded(t, now));
        }
        return EvaluationResult.ofTender(t.id);
    }

    public List<EvaluationResult> results(long tenderId) {
        return EvaluationResult.ofTender(tenderId);
    }

    @Transactional
    public List<EvaluationResult> resultsFor(long tenderId) {
        Tender t = tenders.find(tenderId);
        requireReader(t);
        return EvaluationResult.ofTender(t.id);
    }

    @Transactional
    public byte[] report(long tenderId) {
        Tender t = tenders.find(tenderId);
        requireReader(t);
        EvaluationCommittee c = committee(t.id);
        if (c.reportSha256 == null) {
            throw ProblemException.notFound("evaluation report of tender", tenderId);
        }
        if (actor.is(Role.SUPERVISOR)) {
            audit.read("evaluation.report-read", "tender", t.id);
        }
        try (var in = blobs.open(c.reportSha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- access

    public EvaluationCommittee committee(long tenderId) {
        return EvaluationCommittee.of(tenderId).orElseThrow(() -> ProblemException.notFound("evaluation committee of tender", tenderId));
    }

    @Transactional
    public EvaluationCommittee committeeFor(long tenderId) {
        Tender t = tenders.find(tenderId);
        requireReader(t);
        return committee(t.id);
    }

    /** The committee may be drawn or changed by the trading centre or the tender's host. */
    private Tender drawer(long tenderId) {
        Tender t = tenders.find(tenderId);
        if (!hostPolicy.runs(t)) {
            throw ProblemException.forbidden(Text.of("只有交易中心或该项目的招标人（代理机构）可以抽取或更换评标专家",
                    "only the trading centre or the tender's host may draw or replace experts"));
        }
        return t;
    }

    private long requireMember(Tender t) {
        if (!actor.is(Role.EXPERT) || CommitteeMember.active(t.id, actor.userId()).isEmpty()) {
            throw ProblemException.forbidden(Text.of("只有本项目评标委员会的在任成员可以评审",
                    "only a sitting member of this tender's committee may evaluate"));
        }
        return actor.userId();
    }

    /** The evaluation is confidential while it runs (招标投标法 Art. 38): members, host, operator and supervisors. */
    private void requireReader(Tender t) {
        boolean ok = hostPolicy.oversees(t)
                || (actor.is(Role.EXPERT) && CommitteeMember.active(t.id, actor.userId()).isPresent());
        if (!ok) {
            throw ProblemException.forbidden(Text.of("评标过程保密，仅评标委员会成员、招标人、交易中心和监督人员可以查看",
                    "the evaluation is confidential to the committee, the host, the trading centre and supervisors"));
        }
    }

    private static OpenedBid evaluatedBid(Tender t, long bidId) {
        return OpenedBid.<OpenedBid>findByIdOptional(bidId)
                .filter(o -> o.tenderId.equals(t.id) && o.status == OpenedBid.Status.DECRYPTED)
                .orElseThrow(() -> ProblemException.notFound("decrypted bid", bidId));
    }

    private Map<String, Object> reportModel(Tender t, EvaluationCommittee c, List<CommitteeMember> members,
                                            List<EvaluationResult> results, Instant at) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tenderCode", t.code);
        r.put("title", t.title);
        r.put("tenderingUnit", t.project.tenderingUnit.name);
        r.put("method", t.evaluationMethod == EvaluationMethod.COMPREHENSIVE_SCORING ? "综合评估法 / Comprehensive scoring"
                : "经评审的最低投标价法 / Lowest evaluated price");
        r.put("reportAt", shown(at));
        r.put("specialty", c.specialty);
        r.put("seed", c.seed);
        r.put("members", members.stream().map(m -> Map.of("name", m.expert.displayName,
                "organisation", m.expert.organisation == null ? "—" : m.expert.organisation.name)).toList());
        r.put("criteria", criteria(c).stream().map(cr -> Map.of("name", cr.name(), "weight", cr.weight().toPlainString())).toList());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (EvaluationResult er : results.stream().sorted(Comparator.comparing((EvaluationResult e) -> e.lotNumber)
                .thenComparing(e -> e.rank == null ? Integer.MAX_VALUE : e.rank)).toList()) {
            SealedBid b = SealedBid.findById(er.bidId);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("lot", er.lotNumber);
            line.put("bidder", b.organisation.name);
            line.put("price", money(er.price));
            line.put("qualified", er.qualified ? "合格 / pass" : "不合格 / fail");
            line.put("reasons", er.reasons == null ? "—" : er.reasons);
            line.put("score", er.score == null ? "—" : er.score.setScale(2, RoundingMode.HALF_UP).toPlainString());
            line.put("abnormallyLow", er.abnormallyLow);
            line.put("rank", er.rank == null ? "—" : String.valueOf(er.rank));
            lines.add(line);
        }
        r.put("lines", lines);
        r.put("candidates", lines.stream().filter(l -> !"—".equals(l.get("rank")) && Integer.parseInt((String) l.get("rank")) <= 3).toList());
        r.put("clarifications", EvaluationClarification.ofTender(t.id).stream().map(cl -> Map.of(
                "bidder", SealedBid.<SealedBid>findById(cl.bidId).organisation.name, "question", cl.question,
                "answer", cl.answer == null ? "未答复 / not answered" : cl.answer)).toList());
        return Map.of("r", r);
    }

    public String shown(Instant i) {
        return i.atZone(clock.zone()).format(SHOWN);
    }

    public static String money(BigDecimal v) {
        return v == null ? "—" : cn.sunlight.document.DocumentFormats.amount(v);
    }

    private static Map<String, Object> readJson(String json) {
        return readJson(json, new TypeReference<Map<String, Object>>() {
        });
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return CanonicalJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Violation legal(String field, Rule rule, String zh, String en) {
        return new Violation(field, rule.id(), Text.of(zh, en), rule.figure(), rule.citation());
    }

    private static List<Long> longs(Object o) {
        return ((List<?>) o).stream().map(x -> ((Number) x).longValue()).toList();
    }
}
