package cn.sunlight.auction;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a bidder signs for each quote: tender, auction, its own round number and the price. No time: the
 * platform decides by its own clock, so a client-proposed instant would be a claim nobody checks. The round
 * (the bidder's n-th accepted quote) makes a signed quote single-use: it cannot be replayed later.
 */
public final class AuctionStatement {

    private AuctionStatement() {
    }

    public static String text(String tenderCode, long auctionId, int round, BigDecimal price) {
        return "sunlight-auction-bid/1\ntender=" + tenderCode + "\nauction=" + auctionId + "\nround=" + round
                + "\nprice=" + canonical(price) + "\n";
    }

    /** Prices are signed with exactly two decimals so 100, 100.0 and 100.00 sign the same text. */
    public static String canonical(BigDecimal price) {
        return price.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }
}
