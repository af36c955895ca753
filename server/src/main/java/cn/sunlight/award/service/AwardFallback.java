package cn.sunlight.award.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.award.Award;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.entrustment.service.HostPolicy;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.BiddingRules;
import cn.sunlight.rules.Periods;
import cn.sunlight.rules.Rule;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.tender.Lot;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import cn.sunlight.tender.service.TenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When an award fails (实施条例 Art. 55; 政府采购法实施条例 Art. 49): the winner declined, did not sign or give the
 * performance bond in time, or was found disqualified. The host records it with its reason and evidence; the award is
 * marked unsuccessful and either the next ranked candidate (within {@code award-fallback-max-rank}) is awarded with a
 * new signed notice, or — the host's choice, or no candidate left — the tender fails and a re-run draft linked to it is
 * created. Each step is in the log and on the award history that supervisors read.
 */
@ApplicationScoped
public class AwardFallback {

    public enum Next { NEXT_CANDIDATE, RERUN }

    public record Outcome(Award failed, Award next, Tender rerun) {
    }

    private final PlatformClock clock;
    private final AuditTrail audit;
    private final TenderService tenders;
    private final HostPolicy hostPolicy;
    private final BiddingRules rules;
    private final AwardNotices notices;

    public AwardFallback(PlatformClock clock, AuditTrail audit, TenderService tenders, HostPolicy hostPolicy,
                         BiddingRules rules, AwardNotices notices) {
        this.clock = clock;
        this.audit = audit;
        this.tenders = tenders;
        this.hostPolicy = hostPolicy;
        this.rules = rules;
        this.notices = notices;
    }

    @Transactional
    public Outcome fail(long tenderId, int lot, Award.Failure reason, String note, byte[] evidence, Next wanted) {
        Tender t = tenders.hosted(tenderId);
        if (t.status != TenderStatus.AWARDED) {
            throw ProblemException.conflict("not-awarded", Text.of("项目不在已定标状态", "The tender is not in the awarded state"));
        }
        Award a = Award.of(t.id, lot).orElseThrow(() -> ProblemException.notFound("award of lot", lot));
        Instant now = clock.now(t);
        String evidenceSha = evidence == null || evidence.length == 0 ? null : notices.store(evidence);
        a.fail(reason, note, evidenceSha, now);
        RuleSet set = tenders.rulesOf(t);
        Rule maxRank = set.require(RuleIds.AWARD_FALLBACK_MAX_RANK);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("lot", lot);
        state.put("winner", a.winner.creditCode);
        state.put("rank", a.candidateRank);
        state.put("reason", reason.name());
        state.put("note", note);
        state.put("evidence", evidenceSha == null ? "" : evidenceSha);
        state.put("rule", maxRank.citation());
        audit.record("award.failed", "tender", t.id, state);
        notify(t, a.winner.id, "award.failed", "招标项目 " + t.code + " 第 " + lot + " 标段：" + a.winner.name + reason.zh
                + "，中标不成功（" + maxRank.citation() + "）", "Tender " + t.code + " lot " + lot + ": " + a.winner.name + " "
                + reason.en + "; the award failed (" + maxRank.citation() + ")", now);

        Optional<EvaluationResult> next = wanted == Next.RERUN ? Optional.empty() : nextCandidate(t, lot, maxRank);
        if (next.isPresent()) {
            EvaluationResult r = next.get();
            Instant contractDue = Periods.actionDeadline(now, set.require(RuleIds.CONTRACT_WITHIN), rules.calendar());
            String why = "原中标人 " + a.winner.name + reason.zh + "，依据" + maxRank.citation() + "，按评标委员会推荐的中标候选人排序，"
                    + "确定排名第 " + r.rank + " 的中标候选人为中标人。 The first award failed (" + reason.en + "); under "
                    + maxRank.citation() + " the candidate ranked " + r.rank + " is awarded.";
            Award awarded = notices.issue(t, r, set, now, contractDue, why);
            audit.record("award.next-candidate", "tender", t.id, Map.of("lot", lot, "rank", r.rank, "bid", r.bidId,
                    "winner", awarded.winner.creditCode, "notice", awarded.noticeSha256, "contractDue", contractDue,
                    "replaces", a.id));
            return new Outcome(a, awarded, null);
        }
        // The host chose to re-run, or no ranked candidate is left: the tender fails and a linked re-run draft is made.
        t.moveTo(TenderStatus.FAILED, "fail");
        Tender rerun = tenders.createDraft(t.project.id, draftOf(t));
        rerun.rerunOf = t.id;
        audit.record("award.rerun", "tender", t.id, Map.of("lot", lot, "rerun", rerun.id, "rerunCode", rerun.code,
                "why", wanted == Next.RERUN ? "host-chose-rerun" : "no-candidate-left", "rule", maxRank.citation(),
                "state", t.snapshot()));
        notify(t, null, "award.rerun", "招标项目 " + t.code + " 中标不成功，将重新招标（新项目 " + rerun.code + "，"
                + maxRank.citation() + "）", "Tender " + t.code + " failed at the award and will be re-run as " + rerun.code
                + " (" + maxRank.citation() + ")", now);
        return new Outcome(a, null, rerun);
    }

    /** The best-ranked qualified candidate of the lot not yet awarded, within the rule's rank. */
    private static Optional<EvaluationResult> nextCandidate(Tender t, int lot, Rule maxRank) {
        List<Long> tried = Award.history(t.id).stream().filter(x -> x.lotNumber == lot).map(x -> x.bidId).toList();
        return EvaluationResult.ofTender(t.id).stream()
                .filter(r -> r.lotNumber == lot && r.qualified && r.rank != null && r.rank <= maxRank.intValue())
                .filter(r -> !tried.contains(r.bidId)).findFirst();
    }

    private static TenderService.TenderDraft draftOf(Tender t) {
        // Same object, lots, prices and bond; the schedule is the host's to set again (the old one has passed).
        return new TenderService.TenderDraft(t.title + "（重新招标）", t.tradeType, t.method, t.budget, t.ceilingPrice, t.bidBond,
                t.evaluationMethod, t.cryptoSuite, t.qualifications, null, null, null, null, t.schedule.openingPlace,
                t.lots.stream().sorted((x, y) -> Integer.compare(x.number, y.number))
                        .map((Lot l) -> new TenderService.LotDraft(l.name, l.budget)).toList());
    }

    private void notify(Tender t, Long bidder, String kind, String zh, String en, Instant now) {
        if (bidder != null) {
            new Notification(bidder, t.id, kind, zh, en, now).persist();
        }
        new Notification(t.project.tenderingUnit.id, t.id, kind, zh, en, now).persist();
        tenders.actingAgent(t).ifPresent(o -> new Notification(o.id, t.id, kind, zh, en, now).persist());
    }

    /** Decodes the evidence file sent as base64 (bounded by the request's 1 MiB); 400 naming the field if it is not. */
    public static byte[] evidence(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            return java.util.Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw cn.sunlight.common.input.Bounds.refusal(400, "evidence", "base64", Text.of("证据文件应为 Base64 编码",
                    "the evidence must be base64"));
        }
    }

    /** Every award of the tender with the failed ones: host, operator and supervisors. */
    @Transactional
    public List<Award> history(long tenderId) {
        Tender t = tenders.find(tenderId);
        hostPolicy.requireOverseer(t);
        return Award.history(t.id);
    }
}
