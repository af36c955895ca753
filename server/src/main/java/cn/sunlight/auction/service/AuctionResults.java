package cn.sunlight.auction.service;

import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionBid;
import cn.sunlight.document.DocumentFormats;
import cn.sunlight.document.SignedDocuments;
import cn.sunlight.tender.Tender;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The signed result record (网上竞价结果记录) from templates/auction-result.html. */
@ApplicationScoped
public class AuctionResults {


    private final SignedDocuments documents;
    private final DocumentFormats formats;

    public AuctionResults(SignedDocuments documents, DocumentFormats formats) {
        this.documents = documents;
        this.formats = formats;
    }

    public byte[] render(Tender t, Auction a, List<AuctionService.Line> ranking, Instant closedAt) {
        return documents.renderSigned("auction-result.html", model(t, a, ranking, closedAt), "网上竞价结果记录 / Online bidding result " + t.code, t.isSandbox());
    }

    Map<String, Object> model(Tender t, Auction a, List<AuctionService.Line> ranking, Instant closedAt) {
        Map<String, Object> r = new HashMap<>();
        r.put("recordNo", t.code + "-JJ");
        r.put("tenderCode", t.code);
        r.put("title", t.title);
        r.put("tenderingUnit", t.project.tenderingUnit.name);
        r.put("agent", t.project.agent == null ? null : t.project.agent.name);
        r.put("host", t.project.agent != null ? t.project.agent.name : t.project.tenderingUnit.name);
        r.put("startPrice", DocumentFormats.yuan(a.startPrice));
        r.put("minDecrement", DocumentFormats.yuan(a.minDecrement));
        r.put("startsAt", formats.beijingSeconds(a.startsAt));
        r.put("scheduledEnd", formats.beijingSeconds(a.scheduledEnd));
        r.put("endsAt", formats.beijingSeconds(a.endsAt));
        r.put("closedAt", formats.beijingSeconds(closedAt));
        r.put("extensions", a.extensions);
        r.put("maxExtensions", a.maxExtensions);
        r.put("extensionRule", "结束前 " + a.extensionWindowSeconds / 60 + " 分钟内出现改变第一名的报价，顺延 " + a.extensionSeconds / 60
                + " 分钟，最多 " + a.maxExtensions + " 次");
        r.put("visibility", switch (a.visibility) {
            case RANK_ONLY -> "仅本人排名 / own rank only";
            case RANK_AND_BEST_PRICE -> "本人排名及最低价 / own rank and best price";
        });
        r.put("bidCount", AuctionBid.count("auction.id", a.id));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (AuctionService.Line l : ranking) {
            Map<String, Object> line = new HashMap<>();
            line.put("rank", l.rank());
            line.put("alias", l.alias());
            line.put("bidder", l.organisation());
            line.put("price", DocumentFormats.yuan(l.price()));
            line.put("rounds", l.rounds());
            lines.add(line);
        }
        r.put("ranking", lines);
        r.put("candidate", lines.isEmpty() ? null : lines.getFirst());
        return Map.of("r", r);
    }


}
