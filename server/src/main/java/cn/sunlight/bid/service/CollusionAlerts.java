package cn.sunlight.bid.service;

import cn.sunlight.bid.SealedBid;
import cn.sunlight.bid.SubmissionEvidence;
import cn.sunlight.opening.OpenedBid;
import cn.sunlight.common.Text;
import cn.sunlight.supervision.Alert;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How collusion signals are found (围标串标, 实施条例 Art. 40 and platform practice) among the standing bids of one
 * tender: the same bond payer account, the same machine (host, MAC addresses, the bid tool's
 * file-creation code), the same network address, byte-identical envelopes. Each alert carries the
 * evidence: the shared value and the bidders sharing it. One signal is a lead, not proof.
 *
 * <p>Shown from the deadline on, when the set of bids is final: before it, even the number of
 * bidders is confidential. Computed once per tender when its bids or opened bids change ({@link CollusionStore}),
 * never over every tender on a read.
 */
@ApplicationScoped
public class CollusionAlerts {

    public static final EnumSet<TenderStatus> FINAL_BIDS = EnumSet.of(TenderStatus.CLOSED, TenderStatus.OPENING,
            TenderStatus.EVALUATION, TenderStatus.PUBLICITY, TenderStatus.AWARDED, TenderStatus.FAILED);

    /** SHA-256 of empty content: an empty file in two bids says nothing. */
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** 实施条例 Art. 40 (四): documents of different bidders abnormally identical — here byte-identical. */
    private static void identicalDocuments(Tender t, List<OpenedBid> opened, List<Alert> out) {
        Map<String, TreeSet<String>> byHash = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (OpenedBid o : opened) {
            if (o.documentHashes == null) {
                continue;
            }
            try {
                Map<String, String> docs = cn.sunlight.common.CanonicalJson.mapper().readValue(o.documentHashes,
                        new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() {
                        });
                docs.forEach((name, hash) -> {
                    if (!EMPTY.equals(hash)) {
                        byHash.computeIfAbsent(hash, k -> new TreeSet<>()).add(o.bid.organisation.name);
                        names.putIfAbsent(hash, name);
                    }
                });
            } catch (java.io.IOException e) {
                // an unreadable hash list is no evidence either way
            }
        }
        byHash.forEach((hash, bidders) -> {
            if (bidders.size() > 1) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("sharedValue", hash);
                evidence.put("document", names.get(hash));
                evidence.put("bidders", List.copyOf(bidders));
                out.add(new Alert(Alert.Level.RED, "collusion-identical-documents", t.id, t.code, Text.of(
                        "不同投标人的投标文件中有内容完全相同的文件（" + names.get(hash) + "）",
                        "bids of different bidders contain a byte-identical document (" + names.get(hash) + ")"),
                        null, "collusion-identical-documents", ART_40 + "第（四）项", evidence));
            }
        });
    }

    /**
     * 实施条例 Art. 40 (五): prices with a regular difference. Per lot, at least three opened prices in
     * order whose steps are all equal (to the yuan), or whose ratios are all equal (to 0.01 %).
     */
    private static void regularPrices(Tender t, List<OpenedBid> opened, List<Alert> out) {
        Map<Integer, List<OpenedBid>> byLot = new TreeMap<>();
        opened.stream().filter(o -> o.price != null).forEach(o -> byLot.computeIfAbsent(o.bid.lot.number, k -> new ArrayList<>()).add(o));
        byLot.forEach((lot, bids) -> {
            if (bids.size() < 3) {
                return;
            }
            bids.sort(java.util.Comparator.comparing(o -> o.price));
            java.math.BigDecimal step = bids.get(1).price.subtract(bids.get(0).price);
            boolean equalSteps = step.signum() > 0;
            boolean equalRatios = bids.get(0).price.signum() > 0;
            double ratio = bids.get(1).price.doubleValue() / bids.get(0).price.doubleValue();
            for (int i = 2; i < bids.size(); i++) {
                java.math.BigDecimal d = bids.get(i).price.subtract(bids.get(i - 1).price);
                equalSteps &= d.subtract(step).abs().compareTo(java.math.BigDecimal.ONE) <= 0;
                equalRatios &= Math.abs(bids.get(i).price.doubleValue() / bids.get(i - 1).price.doubleValue() - ratio) < 1e-4;
            }
            if (equalSteps || equalRatios && ratio > 1.0) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("lot", lot);
                evidence.put("prices", bids.stream().map(o -> o.price.toPlainString()).toList());
                evidence.put("bidders", bids.stream().map(o -> o.bid.organisation.name).toList());
                evidence.put("pattern", equalSteps ? "equal steps of " + step.toPlainString() : "equal ratio " + ratio);
                out.add(new Alert(Alert.Level.RED, "collusion-regular-prices", t.id, t.code, Text.of(
                        "第 " + lot + " 标段投标报价呈规律性差异", "the prices of lot " + lot + " differ with a regular pattern"),
                        null, "collusion-regular-prices", ART_40 + "第（五）项", evidence));
            }
        });
    }

    private record Signal(String kind, Alert.Level level, String citation, Text label,
                          Function<Row, java.util.Collection<String>> values) {
        static Signal one(String kind, Alert.Level level, String citation, Text label, Function<Row, String> value) {
            return new Signal(kind, level, citation, label, r -> {
                String v = value.apply(r);
                return v == null ? List.of() : List.of(v);
            });
        }
    }

    /** A standing bid, its submission evidence and the accounts its bidder's bond was paid from (the bank statement). */
    private record Row(SealedBid bid, SubmissionEvidence evidence, java.util.Set<String> payers) {
    }

    private static final String ART_40 = "《中华人民共和国招标投标法实施条例》第四十条";

    private static final List<Signal> SIGNALS = List.of(
            // The payer accounts as the bank reported them (bond_payment), not as a bidder declared them.
            new Signal("collusion-bond-account", Alert.Level.RED, ART_40 + "第（六）项",
                    Text.of("不同投标人的投标保证金从同一账户转出", "bid bonds of different bidders paid from the same account"),
                    Row::payers),
            Signal.one("collusion-same-machine", Alert.Level.RED, ART_40 + "第（一）项（平台实践：同一设备编制）",
                    Text.of("不同投标人的投标文件由同一台计算机编制（主机标识相同）", "bids of different bidders prepared on the same computer (host)"),
                    r -> r.evidence() == null ? null : r.evidence().hostHash),
            Signal.one("collusion-same-mac", Alert.Level.RED, ART_40 + "第（一）项（平台实践：MAC 地址相同）",
                    Text.of("不同投标人的编标设备网卡地址相同", "bids of different bidders prepared on machines with the same MAC addresses"),
                    r -> r.evidence() == null ? null : r.evidence().macHash),
            Signal.one("collusion-file-code", Alert.Level.RED, ART_40 + "第（一）项（平台实践：文件创建码相同）",
                    Text.of("不同投标人的投标文件创建码相同（同一投标工具安装）", "bids of different bidders carry the same file-creation code (same tool installation)"),
                    r -> r.evidence() == null ? null : r.evidence().fileCreationCode),
            Signal.one("collusion-same-address", Alert.Level.YELLOW, ART_40 + "（平台实践：同一网络地址递交）",
                    Text.of("不同投标人从同一网络地址递交投标文件（可能为共用出口，需核实）",
                            "bids of different bidders submitted from the same network address (may be a shared gateway)"),
                    r -> r.evidence() == null ? null : r.evidence().clientAddress),
            Signal.one("collusion-identical-envelope", Alert.Level.RED, ART_40 + "第（四）项",
                    Text.of("不同投标人递交了完全相同的投标文件", "different bidders submitted byte-identical envelopes"),
                    r -> r.bid().envelopeSha256));

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 5000) {
            out.add(ids.subList(i, Math.min(ids.size(), i + 5000)));
        }
        return out;
    }

    /** The signals among the final bids of these tenders, their opened bids, standing bids and evidence in three queries. */
    public List<Alert> compute(List<Tender> tenders) {
        List<Alert> out = new ArrayList<>();
        List<Long> ids = tenders.stream().map(t -> t.id).toList();
        Map<Long, List<OpenedBid>> openedOf = new java.util.HashMap<>();
        Map<Long, List<SealedBid>> standingOf = new java.util.HashMap<>();
        Map<Long, SubmissionEvidence> evidenceOf = new java.util.HashMap<>();
        Map<String, java.util.Set<String>> payersOf = new java.util.HashMap<>();
        for (List<Long> chunk : chunks(ids)) {
            for (OpenedBid o : OpenedBid.<OpenedBid>list("tenderId in ?1 and status = ?2", chunk, OpenedBid.Status.DECRYPTED)) {
                openedOf.computeIfAbsent(o.tenderId, k -> new ArrayList<>()).add(o);
            }
            for (cn.sunlight.bond.BondPayment p : cn.sunlight.bond.BondPayment.ofTenders(chunk)) {
                payersOf.computeIfAbsent(p.account.tenderId + "/" + p.account.organisation.id, k -> new java.util.TreeSet<>()).add(p.payerAccount);
            }
            for (SealedBid b : SealedBid.standing(chunk)) {
                standingOf.computeIfAbsent(b.tender.id, k -> new ArrayList<>()).add(b);
            }
        }
        for (List<Long> chunk : chunks(standingOf.values().stream().flatMap(List::stream).map(b -> b.id).toList())) {
            for (SubmissionEvidence e : SubmissionEvidence.<SubmissionEvidence>list("bidId in ?1", chunk)) {
                evidenceOf.put(e.bidId, e);
            }
        }
        for (Tender t : tenders) {
            List<OpenedBid> opened = openedOf.getOrDefault(t.id, List.of());
            identicalDocuments(t, opened, out);
            regularPrices(t, opened, out);
            List<Row> rows = standingOf.getOrDefault(t.id, List.of()).stream()
                    .map(b -> new Row(b, evidenceOf.get(b.id), payersOf.getOrDefault(t.id + "/" + b.organisation.id, java.util.Set.of()))).toList();
            for (Signal s : SIGNALS) {
                Map<String, TreeSet<String>> byValue = new TreeMap<>();
                for (Row r : rows) {
                    for (String v : s.values().apply(r)) {
                        if (v != null && !v.isBlank()) {
                            byValue.computeIfAbsent(v, k -> new TreeSet<>()).add(r.bid().organisation.name);
                        }
                    }
                }
                byValue.forEach((value, bidders) -> {
                    if (bidders.size() > 1) {
                        Map<String, Object> evidence = new LinkedHashMap<>();
                        evidence.put("sharedValue", value);
                        evidence.put("bidders", List.copyOf(bidders));
                        evidence.put("lots", rows.stream().filter(r -> s.values().apply(r).contains(value))
                                .map(r -> r.bid().lot.number).distinct().sorted().toList());
                        out.add(new Alert(s.level(), s.kind(), t.id, t.code, s.label(), null, s.kind(), s.citation(), evidence));
                    }
                });
            }
        }
        return out;
    }
}
