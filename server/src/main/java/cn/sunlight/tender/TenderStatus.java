package cn.sunlight.tender;

import cn.sunlight.common.Text;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle fixed by law: draft → published → bidding → closed → opening → evaluation → publicity
 * → awarded → contracted, with the side states failed (流标), cancelled and suspended (异议 pending).
 */
public enum TenderStatus {
    DRAFT("草稿"), PUBLISHED("已发布"), BIDDING("投标中"), CLOSED("已截标"), OPENING("开标中"),
    EVALUATION("评标中"), PUBLICITY("公示中"), AWARDED("已定标"), CONTRACTED("已签约"),
    FAILED("流标"), CANCELLED("已终止"), SUSPENDED("已暂停");

    private static final Map<TenderStatus, Set<TenderStatus>> NEXT = Map.ofEntries(
            Map.entry(DRAFT, EnumSet.of(PUBLISHED, CANCELLED)),
            Map.entry(PUBLISHED, EnumSet.of(BIDDING, SUSPENDED, CANCELLED)),
            Map.entry(BIDDING, EnumSet.of(CLOSED, SUSPENDED, CANCELLED)),
            Map.entry(CLOSED, EnumSet.of(OPENING, FAILED, SUSPENDED)),
            Map.entry(OPENING, EnumSet.of(EVALUATION, FAILED, SUSPENDED)),
            Map.entry(EVALUATION, EnumSet.of(PUBLICITY, FAILED, SUSPENDED)),
            Map.entry(PUBLICITY, EnumSet.of(AWARDED, SUSPENDED)),
            // An award that failed with no candidate left (or the host's choice) ends in a re-run (实施条例 Art. 55).
            Map.entry(AWARDED, EnumSet.of(CONTRACTED, FAILED)),
            Map.entry(CONTRACTED, EnumSet.noneOf(TenderStatus.class)),
            Map.entry(FAILED, EnumSet.noneOf(TenderStatus.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(TenderStatus.class)),
            // A suspended tender resumes to the state it was suspended from (Tender#resume), or is cancelled.
            Map.entry(SUSPENDED, EnumSet.of(CANCELLED)));

    private final String zh;

    TenderStatus(String zh) {
        this.zh = zh;
    }

    public boolean canMoveTo(TenderStatus target) {
        return NEXT.get(this).contains(target);
    }

    public Set<TenderStatus> next() {
        return NEXT.get(this);
    }

    public Text label() {
        return Text.of(zh, name().toLowerCase());
    }

    /** Once the opening has happened, the names of the bidders are no longer confidential. */
    public boolean openedOrLater() {
        return this == OPENING || this == EVALUATION || this == PUBLICITY || this == AWARDED || this == CONTRACTED;
    }
}
