package cn.sunlight.ocds.service;

import cn.sunlight.account.Organisation;
import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionParticipant;
import cn.sunlight.audit.AuditEvent;
import cn.sunlight.award.Publicity;
import cn.sunlight.evaluation.EvaluationResult;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.sunlight.ocds.service.ReleaseBuilder.castList;
import static cn.sunlight.ocds.service.ReleaseBuilder.money;
import static cn.sunlight.ocds.service.ReleaseBuilder.read;

/**
 * The {@code bids} section of a release (bids extension): statistics and each bid, only from what is public — opened
 * bids once the opening's read-out has happened (招标投标法 Art. 36: the prices are read out in public), their
 * verdicts and ranks once the candidates are published (实施条例 Art. 54), a closed online bidding's final quotes, and
 * for a failed opening the number of bids per lot the opening record shows.
 */
@ApplicationScoped
public class ReleaseBids {

    private final OcdsCodes codes;

    public ReleaseBids(OcdsCodes codes) {
        this.codes = codes;
    }

    /** The section, or null when nothing about the bids is public yet; fills {@code bidIds} (platform id → OCDS id). */
    Map<String, Object> section(Tender t, AuditEvent cause, ReleaseParties parties, Map<Long, String> bidIds) {
        boolean readOut = "opening.read-out".equals(cause.action) || AuditEvent.count(
                "objectType = 'tender' and objectId = ?1 and action = 'opening.read-out'", String.valueOf(t.id)) > 0;
        boolean publicity = Publicity.of(t.id).map(Publicity::published).orElse(false);
        List<Map<String, Object>> details = new ArrayList<>();
        if (readOut) {
            Map<Long, EvaluationResult> verdicts = new LinkedHashMap<>();
            if (publicity) {
                EvaluationResult.ofTender(t.id).forEach(v -> verdicts.put(v.bidId, v));
            }
            for (OpenedBid o : OpenedBid.ofTender(t.id)) {
                details.add(bid(o, parties, verdicts.get(o.bidId)));
                bidIds.put(o.bidId, "bid-" + o.bidId);
            }
        }
        for (Auction a : Auction.allOf(t.id)) {
            if (a.closedAt != null) {
                details.addAll(auctionBids(a, parties));
            }
        }
        List<Map<String, Object>> statistics = statistics(t, cause, details);
        if (details.isEmpty() && statistics.isEmpty()) {
            return null;
        }
        Map<String, Object> bids = new LinkedHashMap<>();
        if (!statistics.isEmpty()) {
            bids.put("statistics", statistics);
        }
        if (!details.isEmpty()) {
            bids.put("details", details);
        }
        return bids;
    }

    private Map<String, Object> bid(OpenedBid o, ReleaseParties parties, EvaluationResult verdict) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "bid-" + o.bidId);
        m.put("date", o.bid.receivedAt.toString());
        String status = o.status.name();
        if (verdict != null && o.status == OpenedBid.Status.DECRYPTED) {
            status = verdict.qualified ? "QUALIFIED" : "DISQUALIFIED";
            if (verdict.rank != null) {
                m.put("hasRank", true);
                m.put("rank", verdict.rank);
            }
        }
        m.put("status", codes.bidStatus(status));
        m.put("tenderers", List.of(parties.add(o.bid.organisation, "tenderer")));
        if (o.price != null) {
            m.put("value", money(o.price));
        }
        if (o.failureReason != null) {
            m.put("description", o.failureReason);
        }
        m.put("relatedLots", List.of(String.valueOf(o.bid.lot.number)));
        return m;
    }

    /** The final standing of each participant of a closed online bidding, from its public closing record. */
    private List<Map<String, Object>> auctionBids(Auction a, ReleaseParties parties) {
        Map<String, Organisation> byAlias = new LinkedHashMap<>();
        AuctionParticipant.of(a).forEach(p -> byAlias.put(p.alias, p.organisation));
        List<Map<String, Object>> out = new ArrayList<>();
        AuditEvent closed = AuditEvent.find("objectType = 'auction' and objectId = ?1 and action = 'auction.closed' order by id desc",
                String.valueOf(a.id)).firstResult();
        if (closed == null || closed.state == null) {
            return out;
        }
        JsonNode ranking = read(closed.state).path("ranking");
        for (JsonNode line : ranking) {
            Organisation org = byAlias.get(line.path("alias").asText());
            if (org == null) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "auction-" + a.id + "-" + line.path("alias").asText());
            m.put("date", a.closedAt.toString());
            m.put("status", codes.bidStatus("DECRYPTED"));
            m.put("hasRank", true);
            m.put("rank", line.path("rank").asInt());
            m.put("tenderers", List.of(parties.add(org, "tenderer")));
            m.put("value", money(new BigDecimal(line.path("price").asText())));
            m.put("description", "网上竞价最终报价（" + line.path("alias").asText() + "）");
            m.put("relatedLots", List.of(String.valueOf(a.lotNumber)));
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> statistics(Tender t, AuditEvent cause, List<Map<String, Object>> details) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Long> perLot = new LinkedHashMap<>();
        if (!details.isEmpty()) {
            details.forEach(d -> perLot.merge((String) castList(d.get("relatedLots")).getFirst(), 1L, Long::sum));
        } else if ("opening.failed".equals(cause.action) || t.status == TenderStatus.FAILED) {
            // The opening failed for too few bids: the numbers per lot are public in the opening record (no names).
            AuditEvent failed = "opening.failed".equals(cause.action) ? cause : AuditEvent.find(
                    "objectType = 'tender' and objectId = ?1 and action = 'opening.failed'", String.valueOf(t.id)).firstResult();
            if (failed != null && failed.state != null) {
                read(failed.state).path("bidsPerLot").properties().forEach(e -> perLot.put(e.getKey(), e.getValue().asLong()));
            }
        }
        perLot.forEach((lot, n) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", "bids-lot-" + lot);
            s.put("measure", "bids");
            s.put("value", n);
            s.put("relatedLot", lot);
            out.add(s);
        });
        return out;
    }
}
