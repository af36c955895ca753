package cn.sunlight.auction;

import cn.sunlight.account.UserAccount;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An accepted quote: append-only (the database refuses updates), signed by the bidder, the replay's input. */
@Entity
@Table(name = "auction_bid")
public class AuctionBid extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "auction_id")
    public Auction auction;

    @Column(nullable = false)
    public long sequence;

    @ManyToOne(optional = false)
    @JoinColumn(name = "participant_id")
    public AuctionParticipant participant;

    @ManyToOne(optional = false, fetch = jakarta.persistence.FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public UserAccount user;

    @Column(nullable = false)
    public BigDecimal price;

    @Column(nullable = false)
    public int round;

    @Column(name = "accepted_at", nullable = false)
    public Instant acceptedAt;

    @Column(nullable = false)
    public String statement;

    @Column(nullable = false)
    public String signature;

    @Column(name = "certificate_pem", nullable = false)
    public String certificatePem;

    @Column(name = "ends_at_after", nullable = false)
    public Instant endsAtAfter;

    @Column(name = "audit_event_id")
    public Long auditEventId;

    protected AuctionBid() {
    }

    public AuctionBid(Auction auction, long sequence, AuctionParticipant participant, UserAccount user, BigDecimal price,
                      int round, Instant acceptedAt, String statement, String signature, String certificatePem, Instant endsAtAfter) {
        this.auction = auction;
        this.sequence = sequence;
        this.participant = participant;
        this.user = user;
        this.price = price;
        this.round = round;
        this.acceptedAt = acceptedAt;
        this.statement = statement;
        this.signature = signature;
        this.certificatePem = certificatePem;
        this.endsAtAfter = endsAtAfter;
    }

    public static List<AuctionBid> of(Auction a) {
        return find("select b from AuctionBid b join fetch b.participant p join fetch p.organisation where b.auction.id = ?1 order by b.sequence", a.id).list();
    }
}
