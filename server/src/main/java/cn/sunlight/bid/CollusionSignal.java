package cn.sunlight.bid;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.Text;
import cn.sunlight.supervision.Alert;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A collusion signal (实施条例 Art. 40) found among one tender's final bids, kept with its evidence from the moment
 * it was found, so that the supervisors' desk reads the signals instead of recomputing them over every tender.
 */
@Entity
@Table(name = "collusion_signal")
public class CollusionSignal extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "level_rank", nullable = false)
    public short levelRank;

    public String citation;

    @Column(name = "message_zh", nullable = false)
    public String messageZh;

    @Column(name = "message_en", nullable = false)
    public String messageEn;

    @Column(nullable = false)
    public String evidence;

    @Column(name = "found_at", nullable = false)
    public Instant foundAt;

    protected CollusionSignal() {
    }

    /** The signal of a computed alert (its rule is its kind), found at {@code at}. */
    public static CollusionSignal found(Alert a, Instant at) {
        CollusionSignal s = new CollusionSignal();
        s.tenderId = a.tenderId();
        s.kind = a.kind();
        s.levelRank = (short) (a.level() == Alert.Level.RED ? 0 : 1);
        s.citation = a.citation();
        s.messageZh = a.message().zh();
        s.messageEn = a.message().en();
        s.evidence = CanonicalJson.write(a.evidence() == null ? Map.of() : a.evidence());
        s.foundAt = at;
        return s;
    }

    public static Alert alert(long id, long tenderId, String tenderCode, String kind, int levelRank, String citation,
                              String zh, String en, String evidence) {
        Map<String, Object> ev;
        try {
            ev = CanonicalJson.mapper().readValue(evidence, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (Exception e) {
            ev = Map.of();
        }
        return new Alert(levelRank == 0 ? Alert.Level.RED : Alert.Level.YELLOW, kind, tenderId, tenderCode, Text.of(zh, en),
                null, kind, citation, ev, Alert.ref(id));
    }
}
