package cn.sunlight.evaluation.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.evaluation.CommitteeMember;
import cn.sunlight.evaluation.EvaluationClarification;
import cn.sunlight.evaluation.EvaluationCommittee;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.evaluation.EvaluationScore;
import cn.sunlight.evaluation.OfBidder;
import cn.sunlight.evaluation.QualificationReview;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.EvaluationMethod;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The committee's conclusion (评标报告): qualification by majority, abnormally-low flags, the ranking per lot, the signed
 * evaluation report, and who may read them. A tender without a qualified bid fails (招标投标法 Art. 42).
 */
@ApplicationScoped
public class EvaluationReport {

    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final EvaluationAccess access;
    private final SignedDocuments documents;
    private final DocumentFormats formats;
    private final BlobStore blobs;
    private final Event<EvaluationConcluded> concluded;
    private final cn.sunlight.bond.service.BondChecks bonds;

    public EvaluationReport(PlatformClock clock, RequestActor actor, AuditTrail audit, TenderService tenders,
                            EvaluationAccess access, SignedDocuments documents, DocumentFormats formats, BlobStore blobs,
                            Event<EvaluationConcluded> concluded,
                            cn.sunlight.bond.service.BondChecks bonds) {
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
        this.tenders = tenders;
        this.access = access;
        this.documents = documents;
        this.formats = formats;
        this.blobs = blobs;
        this.concluded = concluded;
        this.bonds = bonds;
    }

    /** Fired inside the concluding transaction; the candidate publicity starts its clock from it. */
    public record EvaluationConcluded(Tender tender, Instant reportAt) {
    }

    @Transactional
    public List<OfBidder<EvaluationResult>> conclude(long tenderId) {
        Tender t = tenders.find(tenderId);
        access.requireMember(t);
        EvaluationCommittee c = access.committee(t.id);
        c.requireOpen();
        if (t.status != TenderStatus.EVALUATION) {
            throw ProblemException.conflict("not-in-evaluation", Text.of("项目不在评标阶段", "The tender is not in evaluation"));
        }
        List<CommitteeMember> members = CommitteeMember.activeOf(t.id);
        Set<Long> memberIds = members.stream().map(m -> m.expert.id).collect(Collectors.toSet());
        List<OpenedBid> bids = EvaluationAccess.evaluated(t.id);
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
            boolean passedReview = passes * 2 > members.size();
            // A bid whose bond was missing at the opening is rejected whatever the votes (the rule set's bid-bond-by-deadline).
            java.util.Optional<Text> noBond = bonds.rejection(t, b.bidId);
            boolean qualified = passedReview && noBond.isEmpty();
            String reasons = rs.stream().filter(r -> r.passed != passedReview).map(r -> r.reason).distinct().collect(Collectors.joining("；"));
            if (!passedReview) {
                reasons = rs.stream().filter(r -> !r.passed).map(r -> r.reason).distinct().collect(Collectors.joining("；"));
            }
            if (noBond.isPresent()) {
                reasons = passedReview ? noBond.get().zh() : noBond.get().zh() + "；" + reasons;
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
        return EvaluationResult.withBidders(t.id);
    }

    /** The committee's results, each with its bidder (one query). */
    @Transactional
    public List<OfBidder<EvaluationResult>> resultsFor(long tenderId) {
        Tender t = tenders.find(tenderId);
        access.requireReader(t);
        return EvaluationResult.withBidders(t.id);
    }

    @Transactional
    public byte[] report(long tenderId) {
        Tender t = tenders.find(tenderId);
        access.requireReader(t);
        EvaluationCommittee c = access.committee(t.id);
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

    private Map<String, Object> reportModel(Tender t, EvaluationCommittee c, List<CommitteeMember> members,
                                            List<EvaluationResult> results, Instant at) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tenderCode", t.code);
        r.put("title", t.title);
        r.put("tenderingUnit", t.project.tenderingUnit.name);
        r.put("method", t.evaluationMethod == EvaluationMethod.COMPREHENSIVE_SCORING ? "综合评估法 / Comprehensive scoring"
                : "经评审的最低投标价法 / Lowest evaluated price");
        r.put("reportAt", formats.minutes(at));
        r.put("specialty", c.specialty);
        r.put("seed", c.seed);
        r.put("members", members.stream().map(m -> Map.of("name", m.expert.displayName,
                "organisation", m.expert.organisation == null ? "—" : m.expert.organisation.name)).toList());
        r.put("criteria", EvaluationAccess.criteria(c).stream().map(cr -> Map.of("name", cr.name(), "weight", cr.weight().toPlainString())).toList());
        List<Map<String, Object>> lines = new ArrayList<>();
        Map<Long, String> bidders = bidders(t.id);
        for (EvaluationResult er : results.stream().sorted(Comparator.comparing((EvaluationResult e) -> e.lotNumber)
                .thenComparing(e -> e.rank == null ? Integer.MAX_VALUE : e.rank)).toList()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("lot", er.lotNumber);
            line.put("bidder", bidders.get(er.bidId));
            line.put("price", DocumentFormats.amount(er.price));
            line.put("qualified", er.qualified ? "合格 / pass" : "不合格 / fail");
            line.put("reasons", er.reasons == null ? "—" : er.reasons);
            line.put("score", er.score == null ? "—" : er.score.setScale(2, RoundingMode.HALF_UP).toPlainString());
            line.put("abnormallyLow", er.abnormallyLow);
            line.put("rank", er.rank == null ? "—" : String.valueOf(er.rank));
            lines.add(line);
        }
        r.put("lines", lines);
        r.put("candidates", lines.stream().filter(l -> !"—".equals(l.get("rank")) && Integer.parseInt((String) l.get("rank")) <= 3).toList());
        r.put("clarifications", EvaluationClarification.withBidders(t.id).stream().map(cl -> Map.of(
                "bidder", cl.bidder(), "question", cl.row().question,
                "answer", cl.row().answer == null ? "未答复 / not answered" : cl.row().answer)).toList());
        return Map.of("r", r);
    }

    /** Each bid's bidder name, in one query. */
    private static Map<Long, String> bidders(long tenderId) {
        Map<Long, String> names = new LinkedHashMap<>();
        EvaluationResult.withBidders(tenderId).forEach(r -> names.put(r.row().bidId, r.bidder()));
        return names;
    }
}
