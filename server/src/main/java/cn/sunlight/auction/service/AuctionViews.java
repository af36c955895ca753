package cn.sunlight.auction.service;

import cn.sunlight.auction.Auction;
import cn.sunlight.auction.AuctionStatement;
import cn.sunlight.auction.Visibility;
import cn.sunlight.auction.service.AuctionService.Line;
import cn.sunlight.auction.service.AuctionService.Snapshot;
import cn.sunlight.auction.service.AuctionService.Viewer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What each viewer sees of an auction. This is the one place that decides blindness: a bidder's view is
 * built from its own line and aggregate figures only, so no field can carry another bidder's alias, price or
 * organisation. The buyer sees aliases (names after the close); the supervisor sees everything live.
 */
public final class AuctionViews {

    private AuctionViews() {
    }

    /** A bidder's own position. {@code nextRound} is what it signs next. */
    public record Position(String alias, String price, int rank, int rounds, int nextRound) {
    }

    public record RankLine(int rank, String alias, String organisation, String price, int rounds) {
    }

    public record View(String type, long tenderId, String tenderCode, int lot, String mode, int rounds, int currentRound, String phase, Instant serverTime, Instant startsAt,
                       Instant endsAt, long remainingSeconds, int extensions, int maxExtensions, String startPrice,
                       String minDecrement, String visibility, long sequence, int bidders, String bestPrice,
                       Position you, List<RankLine> ranking, RankLine awardCandidate) {
    }

    /**
     * Viewers whose views of {@code s} are equal share a class, so a broadcast renders each class once: a bidder's
     * view is built from its own line only (bidders without a line yet all see the same), a host's, operator's or
     * supervisor's does not depend on who they are. {@link #of} must depend on nothing else of the viewer.
     */
    public record ViewClass(Viewer.Kind kind, Long ownLineOf) {
    }

    public static ViewClass viewClass(Snapshot s, Viewer v) {
        return viewClass(ranked(s), v);
    }

    /** The organisations with a line in {@code s}, for {@link #viewClass(java.util.Set, Viewer)} over many viewers. */
    public static java.util.Set<Long> ranked(Snapshot s) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        s.ranking().forEach(l -> out.add(l.organisationId()));
        return out;
    }

    public static ViewClass viewClass(java.util.Set<Long> ranked, Viewer v) {
        if (v.kind() != Viewer.Kind.BIDDER) {
            return new ViewClass(v.kind(), null);
        }
        return new ViewClass(Viewer.Kind.BIDDER, ranked.contains(v.organisationId()) ? v.organisationId() : null);
    }

    private static Line own(Snapshot s, Viewer v) {
        return s.ranking().stream().filter(l -> l.organisationId() == v.organisationId()).findFirst().orElse(null);
    }

    public static View of(Snapshot s, Viewer v) {
        long remaining = Math.max(0, Duration.between(s.serverTime(), s.endsAt()).toSeconds());
        boolean closed = s.phase() == Auction.Phase.CLOSED;
        String best = s.ranking().isEmpty() ? null : AuctionStatement.canonical(s.ranking().getFirst().price());
        Position you = null;
        List<RankLine> ranking = null;
        RankLine candidate = null;
        switch (v.kind()) {
            case BIDDER -> {
                Line own = own(s, v);
                you = own == null ? new Position(null, null, 0, 0, 1)
                        : new Position(own.alias(), AuctionStatement.canonical(own.price()), own.rank(), own.rounds(), own.rounds() + 1);
                if (s.visibility() != Visibility.RANK_AND_BEST_PRICE) {
                    best = null;
                }
            }
            case HOST, OPERATOR, SUPERVISOR -> {
                boolean names = closed || v.kind() == Viewer.Kind.SUPERVISOR;
                ranking = s.ranking().stream().map(l -> new RankLine(l.rank(), l.alias(), names ? l.organisation() : null,
                        AuctionStatement.canonical(l.price()), l.rounds())).toList();
                if (closed && !ranking.isEmpty()) {
                    candidate = ranking.getFirst();
                }
            }
        }
        return new View("state", s.tenderId(), s.tenderCode(), s.lot(), s.mode().name(), s.rounds(), s.currentRound(), s.phase().name(), s.serverTime(), s.startsAt(), s.endsAt(), remaining,
                s.extensions(), s.maxExtensions(), AuctionStatement.canonical(s.startPrice()), AuctionStatement.canonical(s.minDecrement()),
                s.visibility().name(), s.lastSequence(), s.bidders(), best, you, ranking, candidate);
    }
}
