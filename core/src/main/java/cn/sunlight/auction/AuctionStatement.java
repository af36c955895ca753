package cn.sunlight.auction;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a bidder signs for each quote: tender, lot, auction, its own organisation's unified social credit code
 * (统一社会信用代码), its own quote number and the price. The organisation code binds who signed: a signature made
 * by one organisation's certificate cannot be presented as another's quote. No time: the platform decides by its
 * own clock, so a client-proposed instant would be a claim nobody checks. The round (the bidder's n-th accepted
 * quote) makes a signed quote single-use: it cannot be replayed later.
 */
public final class AuctionStatement {

    public static final String VERSION = "sunlight-auction-bid/2";

    private AuctionStatement() {
    }

    public static String text(String tenderCode, int lot, long auctionId, String organisationCode, int round, BigDecimal price) {
        return VERSION + "\ntender=" + tenderCode + "\nlot=" + lot + "\nauction=" + auctionId + "\norganisation=" + organisationCode
                + "\nround=" + round + "\nprice=" + canonical(price) + "\n";
    }

    /** Prices are signed with exactly two decimals so 100, 100.0 and 100.00 sign the same text. */
    public static String canonical(BigDecimal price) {
        return price.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }
}
