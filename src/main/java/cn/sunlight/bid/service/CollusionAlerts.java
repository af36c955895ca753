package cn.sunlight.bid.service;

import cn.sunlight.bid.SealedBid;
import cn.sunlight.bid.SubmissionEvidence;
import cn.sunlight.common.Text;
import cn.sunlight.supervision.Alert;
import cn.sunlight.supervision.service.AlertSource;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.TenderStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
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
 * Collusion signals (围标串标, 实施条例 Art. 40 and platform practice) among the standing bids of one
 * tender: the same bond payer account, the same machine (host, MAC addresses, the bid tool's
 * file-creation code), the same network address, byte-identical envelopes. Each alert carries the
 * evidence: the shared value and the bidders sharing it. One signal is a lead, not proof.
 *
 * <p>Shown from the deadline on, when the set of bids is final: before it, even the number of
 * bidders is confidential.
 */
@ApplicationScoped
public class CollusionAlerts implements AlertSource {

    private static final EnumSet<TenderStatus> FINAL_BIDS = EnumSet.of(TenderStatus.CLOSED, TenderStatus.OPENING,
            TenderStatus.EVALUATION, TenderStatus.PUBLICITY, TenderStatus.AWARDED, TenderStatus.FAILED);

    private record Signal(String kind, Alert.Level level, String citation, Text label,
                          Function<Row, String> value) {
    }

    private record Row(SealedBid bid, SubmissionEvidence evidence) {
    }

    private static final String ART_40 = "《中华人民共和国招标投标法实施条例》第四十条";

    private static final List<Signal> SIGNALS = List.of(
            new Signal("collusion-bond-account", Alert.Level.RED, ART_40 + "第（六）项",
                    Text.of("不同投标人的投标保证金从同一账户转出", "bid bonds of different bidders paid from the same account"),
                    r -> r.evidence() == null ? null : r.evidence().bondPayerAccount),
            new Signal("collusion-same-machine", Alert.Level.RED, ART_40 + "第（一）项（平台实践：同一设备编制）",
                    Text.of("不同投标人的投标文件由同一台计算机编制（主机标识相同）", "bids of different bidders prepared on the same computer (host)"),
                    r -> r.evidence() == null ? null : r.evidence().hostHash),
            new Signal("collusion-same-mac", Alert.Level.RED, ART_40 + "第（一）项（平台实践：MAC 地址相同）",
                    Text.of("不同投标人的编标设备网卡地址相同", "bids of different bidders prepared on machines with the same MAC addresses"),
                    r -> r.evidence() == null ? null : r.evidence().macHash),
            new Signal("collusion-file-code", Alert.Level.RED, ART_40 + "第（一）项（平台实践：文件创建码相同）",
                    Text.of("不同投标人的投标文件创建码相同（同一投标工具安装）", "bids of different bidders carry the same file-creation code (same tool installation)"),
                    r -> r.evidence() == null ? null : r.evidence().fileCreationCode),
            new Signal("collusion-same-address", Alert.Level.YELLOW, ART_40 + "（平台实践：同一网络地址递交）",
                    Text.of("不同投标人从同一网络地址递交投标文件（可能为共用出口，需核实）",
                            "bids of different bidders submitted from the same network address (may be a shared gateway)"),
                    r -> r.evidence() == null ? null : r.evidence().clientAddress),
            new Signal("collusion-identical-envelope", Alert.Level.RED, ART_40 + "第（四）项",
                    Text.of("不同投标人递交了完全相同的投标文件", "different bidders submitted byte-identical envelopes"),
                    r -> r.bid().envelopeSha256));

    @Override
    public List<Alert> alerts(Instant now) {
        List<Alert> out = new ArrayList<>();
        for (Tender t : Tender.<Tender>list("status in ?1", FINAL_BIDS)) {
            List<Row> rows = SealedBid.standing(t.id).stream()
                    .map(b -> new Row(b, SubmissionEvidence.findById(b.id))).toList();
            for (Signal s : SIGNALS) {
                Map<String, TreeSet<String>> byValue = new TreeMap<>();
                for (Row r : rows) {
                    String v = s.value().apply(r);
                    if (v != null && !v.isBlank()) {
                        byValue.computeIfAbsent(v, k -> new TreeSet<>()).add(r.bid().organisation.name);
                    }
                }
                byValue.forEach((value, bidders) -> {
                    if (bidders.size() > 1) {
                        Map<String, Object> evidence = new LinkedHashMap<>();
                        evidence.put("sharedValue", value);
                        evidence.put("bidders", List.copyOf(bidders));
                        evidence.put("lots", rows.stream().filter(r -> Objects.equals(s.value().apply(r), value))
                                .map(r -> r.bid().lot.number).distinct().sorted().toList());
                        out.add(new Alert(s.level(), s.kind(), t.id, t.code, s.label(), null, s.kind(), s.citation(), evidence));
                    }
                });
            }
        }
        return out;
    }
}
