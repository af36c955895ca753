package cn.sunlight.award.service;

import cn.sunlight.award.Award;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.notification.Notification;
import cn.sunlight.rules.RuleIds;
import cn.sunlight.rules.RuleSet;
import cn.sunlight.storage.BlobStore;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Awards one lot to a ranked candidate: the signed award notice (中标通知书) from {@code templates/award-notice.html}, the
 * award row and the winner's notification. Used for the first candidate and, after a failed award, for the next one
 * ({@code fallback} then says why, citing 实施条例 Art. 55 / 政府采购法实施条例 Art. 49).
 */
@ApplicationScoped
public class AwardNotices {

    private final SignedDocuments documents;
    private final BlobStore blobs;
    private final DocumentFormats formats;

    public AwardNotices(SignedDocuments documents, BlobStore blobs, DocumentFormats formats) {
        this.documents = documents;
        this.blobs = blobs;
        this.formats = formats;
    }

    public Award issue(Tender t, EvaluationResult r, RuleSet set, Instant now, Instant contractDue, String fallback) {
        SealedBid bid = SealedBid.findById(r.bidId);
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("tenderCode", t.code);
        n.put("title", t.title);
        n.put("noticeNo", t.code + "-ZB-" + r.lotNumber + (r.rank == null || r.rank == 1 ? "" : "-" + r.rank));
        n.put("winner", bid.organisation.name);
        n.put("winnerCode", bid.organisation.creditCode);
        n.put("lot", r.lotNumber);
        n.put("lotName", t.lots.stream().filter(l -> l.number == r.lotNumber).findFirst().map(l -> l.name).orElse(""));
        n.put("price", DocumentFormats.amount(r.price));
        n.put("tenderingUnit", t.project.tenderingUnit.name);
        n.put("agent", t.project.agent == null ? null : t.project.agent.name);
        n.put("awardedAt", formats.minutes(now));
        n.put("contractDue", formats.minutes(contractDue));
        n.put("contractRule", set.require(RuleIds.CONTRACT_WITHIN).citation());
        n.put("fallback", fallback);
        String sha = store(documents.renderSigned("award-notice.html", Map.of("n", n), "中标通知书 / Award notice " + t.code, t.isSandbox()));
        Award a = new Award(t.id, r.lotNumber, r.bidId, bid.organisation, r.price, now, sha, contractDue);
        a.candidateRank = r.rank == null ? 1 : r.rank;
        a.persist();
        new Notification(bid.organisation.id, t.id, "award.notice", "贵方为招标项目 " + t.code + " 第 " + r.lotNumber
                + " 标段的中标人，请于 " + formats.minutes(contractDue) + " 前签订合同", "You won lot " + r.lotNumber + " of tender "
                + t.code + "; the contract must be signed by " + formats.minutes(contractDue), now).persist();
        return a;
    }

    String store(byte[] pdf) {
        try {
            return blobs.put(new ByteArrayInputStream(pdf), Long.MAX_VALUE).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
