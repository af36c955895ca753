package cn.sunlight.supervision.service;

import cn.sunlight.supervision.Alert;

import java.util.Collection;
import java.util.List;

/**
 * Alerts kept as rows when the event that raises them happens (a collusion signal is found once the bids are final),
 * so that a read pages them in {@link Alert#ORDER} from the database instead of computing them over every tender.
 * Unlike an {@link AlertSource}, whose alerts are the obligations open now (a moving set bounded by the trades under
 * way), these accumulate over the years: the desk never reads them all.
 */
public interface StoredAlerts {

    /**
     * Up to {@code limit} alerts after {@code from} in {@link Alert#ORDER} ({@code backwards}: before it, nearest
     * first); {@code from} null: from the start (or end). {@code tenderId} non-null: that tender's only.
     */
    List<Alert> page(Alert.Key from, boolean backwards, int limit, Long tenderId);

    /** The alerts of these tenders (a page of trades). */
    List<Alert> ofTenders(Collection<Long> tenderIds);

    /** How many stand at this level, counting no further than {@code cap}. */
    long count(Alert.Level level, long cap);
}
