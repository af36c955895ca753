package cn.sunlight.auction;

import cn.sunlight.account.Organisation;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** A bidder in an auction under its stable alias, with its current quote (its last accepted bid). */
@Entity
@Table(name = "auction_participant")
public class AuctionParticipant extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "auction_id")
    public Auction auction;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @Column(nullable = false)
    public String alias;

    @Column(name = "last_price")
    public BigDecimal lastPrice;

    @Column(name = "last_sequence")
    public Long lastSequence;

    @Column(nullable = false)
    public int rounds;

    @Column(name = "last_accepted_at")
    public java.time.Instant lastAcceptedAt;

    protected AuctionParticipant() {
    }

    public AuctionParticipant(Auction auction, Organisation organisation, String alias) {
        this.auction = auction;
        this.organisation = organisation;
        this.alias = alias;
    }

    public static List<AuctionParticipant> of(Auction a) {
        // One query with the organisations: a bid reads every standing, and 200 lazy loads would be 200 round trips.
        return find("select p from AuctionParticipant p join fetch p.organisation where p.auction.id = ?1 order by p.id", a.id).list();
    }

    public static Optional<AuctionParticipant> of(Auction a, long organisationId) {
        return find("auction.id = ?1 and organisation.id = ?2", a.id, organisationId).firstResultOptional();
    }

    /** 竞价人A … 竞价人Z, then 竞价人AA …: assigned in order of first appearance, never derived from the bidder. */
    public static String alias(int index) {
        StringBuilder s = new StringBuilder();
        int n = index;
        do {
            s.insert(0, (char) ('A' + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        return "竞价人" + s;
    }

    public void quoted(BigDecimal price, long sequence, int round) {
        this.lastPrice = price;
        this.lastSequence = sequence;
        this.rounds = round;
    }

    public AuctionBook.Standing standing() {
        return new AuctionBook.Standing(alias, lastPrice, lastSequence, rounds, lastAcceptedAt);
    }
}
