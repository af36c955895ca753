package cn.sunlight.opening;

import cn.sunlight.bid.SealedBid;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of opening one bid: decrypted (with the items read out from its opening-form.json), or
 * failed with the reason and the legal consequence (电子招标投标办法 Art. 31: a bid that cannot be
 * decrypted through the bidder's fault counts as revoked; otherwise as withdrawn).
 */
@Entity
@Table(name = "opened_bid")
public class OpenedBid extends PanacheEntityBase {

    public enum Status { DECRYPTED, FAILED }

    public enum Path { BIDDER_KEY, CUSTODIANS }

    /** 视为撤销 (bidder's fault) or 视为撤回 (not the bidder's fault). */
    public enum Consequence { REVOKED, WITHDRAWN }

    @Id
    @Column(name = "bid_id")
    public Long bidId;

    @OneToOne(optional = false)
    @MapsId
    @JoinColumn(name = "bid_id")
    public SealedBid bid;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Enumerated(EnumType.STRING)
    public Path path;

    @Column(name = "opening_form")
    public String openingForm;

    public BigDecimal price;

    @Column(name = "plaintext_sha256")
    public String plaintextSha256;

    /** JSON object: document name → SHA-256 of its content (opening-form.json excluded). */
    @Column(name = "document_hashes")
    public String documentHashes;

    @Column(name = "failure_reason")
    public String failureReason;

    @Enumerated(EnumType.STRING)
    public Consequence consequence;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    protected OpenedBid() {
    }

    public static OpenedBid decrypted(SealedBid bid, Path path, String openingForm, BigDecimal price, String plaintextSha256,
                                      String documentHashes, Instant at) {
        OpenedBid o = new OpenedBid();
        o.bid = bid;
        o.tenderId = bid.tender.id;
        o.status = Status.DECRYPTED;
        o.path = path;
        o.openingForm = openingForm;
        o.price = price;
        o.plaintextSha256 = plaintextSha256;
        o.documentHashes = documentHashes;
        o.decidedAt = at;
        return o;
    }

    public static OpenedBid failed(SealedBid bid, String reason, Consequence consequence, Instant at) {
        OpenedBid o = new OpenedBid();
        o.bid = bid;
        o.tenderId = bid.tender.id;
        o.status = Status.FAILED;
        o.failureReason = reason;
        o.consequence = consequence;
        o.decidedAt = at;
        return o;
    }

    public static List<OpenedBid> ofTender(long tenderId) {
        return list("tenderId = ?1 order by bid.lot.number, price nulls last, bidId", tenderId);
    }
}
