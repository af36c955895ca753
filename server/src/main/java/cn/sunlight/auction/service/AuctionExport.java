package cn.sunlight.auction.service;

import java.time.Instant;
import java.util.List;

/**
 * The replayable record of one lot's auction: its rules (mode, rounds), every accepted bid in sequence with the
 * statement the bidder signed, the signature and the certificate, and the platform's declared result. The replay
 * ({@code cn.sunlight.auction.verify.AuctionReplay}) recomputes the result from the bids alone.
 */
public record AuctionExport(String tenderCode, int lot, String mode, int rounds, long auctionId, String startPrice, String minDecrement,
                            Instant startsAt, Instant scheduledEnd, int extensionWindowSeconds, int extensionSeconds, int maxExtensions,
                            List<Bid> bids, Result result) {

    public record Bid(long sequence, String alias, String organisation, String organisationCode, String price, int round,
                      Instant acceptedAt, String statement, String signature, String certificatePem, Long auditEventId) {
    }

    public record Rank(int rank, String alias, String organisation, String price) {
    }

    public record Result(Instant endsAt, int extensions, List<Rank> ranking) {
    }
}
