package cn.sunlight.auction;

import cn.sunlight.common.Text;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one blind reverse auction as a pure state machine, with no database and no clock of its own.
 * The platform feeds it the bids in their total order with the server's acceptance time; the offline replay
 * ({@link cn.sunlight.auction.verify.AuctionReplay}) feeds it the exported bids. Because both run this one
 * class, a replay that reproduces the platform's ranking and end time shows that the platform applied its
 * published rules and nothing else.
 */
public final class AuctionBook {

    /** A bidder's standing: its last accepted price is its quote; ties go to whoever quoted it first. */
    public record Standing(String alias, BigDecimal price, long sequence, int rounds, Instant at) {
        public Standing(String alias, BigDecimal price, long sequence, int rounds) {
            this(alias, price, sequence, rounds, null);
        }
    }

    /** What one accepted bid did to the auction. */
    public record Outcome(long sequence, int round, boolean tookLead, boolean extended, Instant endsAt) {
    }

    /** A refusal with a stable slug (problem type) and the reason in both languages. */
    public static final class Refusal extends RuntimeException {
        public final String type;
        public final Text reason;

        public Refusal(String type, Text reason) {
            super(type + ": " + reason.en());
            this.type = type;
            this.reason = reason;
        }
    }

    /** Ranking order: lower price first, then the earlier quote (a later equal quote does not overtake). */
    public static final Comparator<Standing> RANKING =
            Comparator.comparing(Standing::price).thenComparingLong(Standing::sequence);

    private final BigDecimal startPrice;
    private final BigDecimal minDecrement;
    private final Instant startsAt;
    private final Duration window;
    private final Duration extension;
    private final int maxExtensions;
    /** 0: continuous; n > 0: the scheduled time is cut into n equal rounds and each bidder improves at most once a round. */
    private final int rounds;
    private final Instant scheduledEnd;
    private Instant endsAt;
    private int extensions;
    private long lastSequence;
    private final Map<String, Standing> standings = new LinkedHashMap<>();

    public AuctionBook(BigDecimal startPrice, BigDecimal minDecrement, Instant startsAt, Instant endsAt,
                       Duration window, Duration extension, int maxExtensions) {
        this(startPrice, minDecrement, startsAt, endsAt, window, extension, maxExtensions, 0);
    }

    /**
     * With {@code rounds > 0}, the rounds mode of open reverse auctions: the time from start to the scheduled end
     * is cut into that many equal rounds, a bidder may improve once per round, and there are no extensions (the
     * published schedule is the rule, so nobody can prolong a round).
     */
    public AuctionBook(BigDecimal startPrice, BigDecimal minDecrement, Instant startsAt, Instant endsAt,
                       Duration window, Duration extension, int maxExtensions, int rounds) {
        this.rounds = Math.max(0, rounds);
        this.scheduledEnd = endsAt;
        this.startPrice = startPrice;
        this.minDecrement = minDecrement;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.window = window;
        this.extension = extension;
        this.maxExtensions = this.rounds > 0 ? 0 : maxExtensions;
    }

    /** The auction round (1..rounds) at server time {@code at} in rounds mode; 0 in continuous mode. */
    public int auctionRound(Instant at) {
        if (rounds == 0 || at.isBefore(startsAt)) {
            return 0;
        }
        long total = Duration.between(startsAt, scheduledEnd).toMillis();
        long length = Math.max(1, total / rounds);
        long r = Duration.between(startsAt, at).toMillis() / length + 1;
        return (int) Math.min(rounds, r);
    }

    public int rounds() {
        return rounds;
    }

    /** Restores the state the platform persisted (the row lock makes it current). */
    public void restore(Instant endsAt, int extensions, long lastSequence, List<Standing> current) {
        this.endsAt = endsAt;
        this.extensions = extensions;
        this.lastSequence = lastSequence;
        standings.clear();
        current.forEach(s -> standings.put(s.alias(), s));
    }

    /**
     * Decides one bid at server time {@code at}. The checks are those of the published rules: inside the
     * bidding time, not above the start price, and at least one decrement below the bidder's own last quote.
     * A bid inside the final window that takes the lead extends the end, at most {@code maxExtensions} times.
     */
    public Outcome submit(String alias, BigDecimal price, Instant at) {
        if (at.isBefore(startsAt)) {
            throw new Refusal("auction-not-started", Text.of("竞价尚未开始（开始时间 " + startsAt + "）",
                    "The auction has not started (it starts at " + startsAt + ")"));
        }
        if (!at.isBefore(endsAt)) {
            throw new Refusal("auction-ended", Text.of("竞价已于 " + endsAt + " 结束，报价无效",
                    "The auction ended at " + endsAt + "; the bid is refused"));
        }
        if (price == null || price.signum() <= 0 || price.scale() > 2 || price.precision() - price.scale() > 16) {
            throw new Refusal("auction-invalid-price", Text.of("报价须为正数，最多两位小数",
                    "The price must be positive with at most two decimals"));
        }
        if (price.compareTo(startPrice) > 0) {
            throw new Refusal("auction-above-start", Text.of("报价 " + price.toPlainString() + " 高于起始价 " + startPrice.toPlainString(),
                    "The price " + price.toPlainString() + " is above the start price " + startPrice.toPlainString()));
        }
        Standing own = standings.get(alias);
        if (own != null) {
            BigDecimal highestAllowed = own.price().subtract(minDecrement);
            if (price.compareTo(own.price()) >= 0) {
                throw new Refusal("auction-not-better", Text.of(
                        "报价须低于本人上一次有效报价 " + own.price().toPlainString(),
                        "The price must be below your own last valid quote " + own.price().toPlainString()));
            }
            if (price.compareTo(highestAllowed) > 0) {
                throw new Refusal("auction-decrement", Text.of(
                        "每次降价不得少于 " + minDecrement.toPlainString() + " 元：本次报价不得高于 " + highestAllowed.toPlainString(),
                        "Each reduction must be at least " + minDecrement.toPlainString() + ": the price may be at most "
                                + highestAllowed.toPlainString()));
            }
            int round = auctionRound(at);
            if (round > 0 && own.at() != null && auctionRound(own.at()) == round) {
                throw new Refusal("auction-round-used", Text.of("本轮（第 " + round + " 轮）已报过价，请在下一轮再报",
                        "You already quoted in round " + round + "; improve in the next round"));
            }
        }
        String leaderBefore = leader();
        long sequence = ++lastSequence;
        Standing next = new Standing(alias, price, sequence, own == null ? 1 : own.rounds() + 1, at);
        standings.put(alias, next);
        boolean tookLead = !alias.equals(leaderBefore) && alias.equals(leader());
        boolean extended = false;
        if (tookLead && !at.isBefore(endsAt.minus(window)) && extensions < maxExtensions) {
            endsAt = endsAt.plus(extension);
            extensions++;
            extended = true;
        }
        return new Outcome(sequence, next.rounds(), tookLead, extended, endsAt);
    }

    public java.util.Optional<Standing> standing(String alias) {
        return java.util.Optional.ofNullable(standings.get(alias));
    }

    public String leader() {
        return standings.values().stream().min(RANKING).map(Standing::alias).orElse(null);
    }

    public List<Standing> ranking() {
        List<Standing> r = new ArrayList<>(standings.values());
        r.sort(RANKING);
        return r;
    }

    public Instant endsAt() {
        return endsAt;
    }

    public int extensions() {
        return extensions;
    }

    public long lastSequence() {
        return lastSequence;
    }
}
