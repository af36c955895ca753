package cn.sunlight.evaluation;

import io.quarkus.hibernate.orm.panache.Panache;

import java.util.List;

/**
 * A row about one bid with the bidder it belongs to, read in the same query as the row (a view of a list of results or
 * clarifications names each bidder without one more query per row).
 */
public record OfBidder<T>(T row, long bidderId, String bidder) {

    /**
     * Runs {@code jpql}, which selects the row, the bidder's id and its name in this order
     * ({@code select r, o.id, o.name from ... SealedBid b join b.organisation o where b.id = r.bidId ...}).
     */
    public static <T> List<OfBidder<T>> list(Class<T> type, String jpql, Object... params) {
        var q = Panache.getEntityManager().createQuery(jpql, Object[].class);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.getResultList().stream()
                .map(r -> new OfBidder<>(type.cast(r[0]), ((Number) r[1]).longValue(), (String) r[2])).toList();
    }
}
