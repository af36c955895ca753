package cn.sunlight.auction;

import cn.sunlight.account.UserAccount;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.tender.Tender;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A blind online bidding session (网上竞价) of one tender. Its row is the auction's lock: every bid takes it
 * ({@link #lockedFor}) so the bids of one auction have one total order and are decided by server time.
 */
@Entity
@Table(name = "auction")
public class Auction extends PanacheEntityBase {

    public enum Phase { SCHEDULED, OPEN, ENDED, CLOSED }

    /** Continuous (improve at any time until the end, with extensions) or a fixed number of rounds (once per round). */
    public enum Mode { CONTINUOUS, ROUNDS }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tender_id")
    public Tender tender;

    /** The tender's lot this auction decides (1 for a tender without lots). */
    @Column(name = "lot_number", nullable = false)
    public int lotNumber = 1;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Mode mode = Mode.CONTINUOUS;

    /** The number of rounds in {@link Mode#ROUNDS}; 0 in continuous mode. */
    @Column(nullable = false)
    public int rounds;

    @Column(name = "start_price", nullable = false)
    public BigDecimal startPrice;

    @Column(name = "min_decrement", nullable = false)
    public BigDecimal minDecrement;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "scheduled_end", nullable = false)
    public Instant scheduledEnd;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "extension_window_s", nullable = false)
    public int extensionWindowSeconds;

    @Column(name = "extension_s", nullable = false)
    public int extensionSeconds;

    @Column(name = "max_extensions", nullable = false)
    public int maxExtensions;

    @Column(nullable = false)
    public int extensions;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Visibility visibility;

    @Column(name = "last_sequence", nullable = false)
    public long lastSequence;

    @ManyToOne(optional = false)
    @JoinColumn(name = "configured_by")
    public UserAccount configuredBy;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "result_sha256")
    public String resultSha256;

    @Column(name = "result_pdf")
    public byte[] resultPdf;

    @Version
    public long version;

    protected Auction() {
    }

    public Auction(Tender tender, int lotNumber, UserAccount configuredBy) {
        this.tender = tender;
        this.lotNumber = lotNumber;
        this.configuredBy = configuredBy;
    }

    /** The tender's first lot's auction (the only one of a tender without lots). */
    public static Optional<Auction> ofTender(long tenderId) {
        return find("tender.id = ?1 order by lotNumber", tenderId).firstResultOptional();
    }

    public static Optional<Auction> ofLot(long tenderId, int lot) {
        return find("tender.id = ?1 and lotNumber = ?2", tenderId, lot).firstResultOptional();
    }

    public static List<Auction> allOf(long tenderId) {
        return list("tender.id = ?1 order by lotNumber", tenderId);
    }

    /** The auction with its row locked until the transaction ends (the close and the sequencer's batches take it). */
    public static Optional<Auction> lockedFor(long tenderId, int lot) {
        return find("tender.id = ?1 and lotNumber = ?2", tenderId, lot).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** (Re)configures the session; only before it starts, so nobody's quotes were made under other rules. */
    public void configure(BigDecimal startPrice, BigDecimal minDecrement, Instant startsAt, Instant endsAt,
                          Duration window, Duration extension, int maxExtensions, Visibility visibility, int rounds, Instant now) {
        if (id != null && !now.isBefore(this.startsAt)) {
            throw ProblemException.conflict("auction-started", Text.of("竞价已开始，不能再修改设置",
                    "The auction has started; its settings can no longer change"));
        }
        this.startPrice = startPrice;
        this.minDecrement = minDecrement;
        this.startsAt = startsAt;
        this.scheduledEnd = endsAt;
        this.endsAt = endsAt;
        this.extensionWindowSeconds = (int) window.toSeconds();
        this.extensionSeconds = (int) extension.toSeconds();
        this.maxExtensions = maxExtensions;
        this.visibility = visibility;
        this.rounds = Math.max(0, rounds);
        this.mode = this.rounds > 0 ? Mode.ROUNDS : Mode.CONTINUOUS;
        if (this.rounds > 0) {
            this.maxExtensions = 0;
        }
    }

    public Phase phase(Instant now) {
        if (closedAt != null) {
            return Phase.CLOSED;
        }
        if (now.isBefore(startsAt)) {
            return Phase.SCHEDULED;
        }
        return now.isBefore(endsAt) ? Phase.OPEN : Phase.ENDED;
    }

    /** The rule engine with this auction's current state and the given standings. */
    public AuctionBook book(List<AuctionParticipant> participants) {
        AuctionBook b = new AuctionBook(startPrice, minDecrement, startsAt, scheduledEnd,
                Duration.ofSeconds(extensionWindowSeconds), Duration.ofSeconds(extensionSeconds), maxExtensions, rounds);
        b.restore(endsAt, extensions, lastSequence, participants.stream().filter(p -> p.lastPrice != null)
                .map(AuctionParticipant::standing).toList());
        return b;
    }

    /** Takes over what an accepted bid changed: sequence, end time, extensions. */
    public void accepted(AuctionBook book) {
        this.lastSequence = book.lastSequence();
        this.endsAt = book.endsAt();
        this.extensions = book.extensions();
    }

    /** Closes after the (possibly extended) end; the result is then final and identities are revealed to the buyer. */
    public void close(Instant now, byte[] pdf, String sha256) {
        if (closedAt != null) {
            throw ProblemException.conflict("auction-closed", Text.of("竞价已结束并已生成结果", "The auction is already closed"));
        }
        if (now.isBefore(endsAt)) {
            throw ProblemException.conflict("auction-not-ended", Text.of("竞价尚未结束（结束时间 " + endsAt + "）",
                    "The auction has not ended (it ends at " + endsAt + ")"));
        }
        this.closedAt = now;
        this.resultPdf = pdf;
        this.resultSha256 = sha256;
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tender", tender.id);
        m.put("lot", lotNumber);
        m.put("mode", mode);
        m.put("rounds", rounds);
        m.put("startPrice", startPrice.toPlainString());
        m.put("minDecrement", minDecrement.toPlainString());
        m.put("startsAt", startsAt);
        m.put("scheduledEnd", scheduledEnd);
        m.put("endsAt", endsAt);
        m.put("extensionWindowSeconds", extensionWindowSeconds);
        m.put("extensionSeconds", extensionSeconds);
        m.put("maxExtensions", maxExtensions);
        m.put("extensions", extensions);
        m.put("visibility", visibility);
        m.put("lastSequence", lastSequence);
        m.put("closedAt", closedAt);
        return m;
    }
}
