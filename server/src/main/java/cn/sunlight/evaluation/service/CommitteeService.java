package cn.sunlight.evaluation.service;

import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.evaluation.CommitteeDraw;
import cn.sunlight.evaluation.CommitteeMember;
import cn.sunlight.evaluation.Criterion;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.evaluation.ExpertProfile;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
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
 * The evaluation committee (评标委员会): its size by the rules, the reproducible random draw from the expert registry
 * with conflicts of interest excluded (实施条例 Art. 46), replacements down the same seeded order, and the re-run of the
 * draw from the audit log. The draw's inputs are in the audit log so that anyone can re-run it.
 */
@ApplicationScoped
public class CommitteeService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final PlatformClock clock;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final EvaluationAccess access;

    public CommitteeService(PlatformClock clock, AuditTrail audit, TenderService tenders, EvaluationAccess access) {
        this.clock = clock;
        this.audit = audit;
        this.tenders = tenders;
        this.access = access;
    }

    /** A committee as its readers see it: the draw, the criteria and every seat, replacements included. */
    public record Seated(EvaluationCommittee committee, List<Criterion> criteria, List<CommitteeMember> members) {
    }

    /** The committee with its criteria and members (each with its expert), read inside the caller's transaction. */
    public static Seated seated(EvaluationCommittee c) {
        return new Seated(c, EvaluationAccess.criteria(c), CommitteeMember.ofTender(c.tenderId));
    }

    @Transactional
    public Seated committeeFor(long tenderId) {
        Tender t = tenders.find(tenderId);
        access.requireReader(t);
        return seated(access.committee(t.id));
    }

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
    public Seated draw(long tenderId, String specialty, Integer requestedSize) {
        Tender t = tenders.find(tenderId);
        access.requireRunner(t);
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
        return seated(c);
    }

    @Transactional
    public CommitteeMember replace(long tenderId, long expertId, String reason) {
        Tender t = tenders.find(tenderId);
        access.requireRunner(t);
        EvaluationCommittee c = access.committee(t.id);
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
        access.committee(t.id);
        List<AuditEvent> events = audit.forObject("tender", t.id);
        AuditEvent drawn = events.stream().filter(e -> e.action.equals("evaluation.committee-drawn")).findFirst()
                .orElseThrow(() -> ProblemException.notFound("committee draw of tender", tenderId));
        Map<String, Object> logged = EvaluationAccess.readJson(drawn.state, MAP);
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
                Map<String, Object> rep = EvaluationAccess.readJson(e.state, MAP);
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

    static Violation legal(String field, Rule rule, String zh, String en) {
        return new Violation(field, rule.id(), Text.of(zh, en), rule.figure(), rule.citation());
    }

    private static List<Long> longs(Object o) {
        return ((List<?>) o).stream().map(x -> ((Number) x).longValue()).toList();
    }
}
