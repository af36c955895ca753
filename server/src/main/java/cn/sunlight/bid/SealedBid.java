package cn.sunlight.bid;

import cn.sunlight.account.Organisation;
import cn.sunlight.account.UserAccount;
import cn.sunlight.tender.Lot;
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
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One version of a bidder's bid for a lot: a submission (ciphertext in the blob store under
 * {@link #envelopeSha256}) or a withdrawal. Rows are never changed; the latest version counts.
 */
@Entity
@Immutable
@Table(name = "sealed_bid")
public class SealedBid extends PanacheEntityBase {

    public enum Kind { SUBMISSION, WITHDRAWAL }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tender_id")
    public Tender tender;

    @ManyToOne(optional = false)
    @JoinColumn(name = "lot_id")
    public Lot lot;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organisation_id")
    public Organisation organisation;

    @ManyToOne(optional = false)
    @JoinColumn(name = "user_id")
    public UserAccount user;

    @Column(nullable = false)
    public int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "envelope_sha256")
    public String envelopeSha256;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public byte[] signature;

    @Column(name = "signer_serial")
    public String signerSerial;

    @Column(name = "timestamp_token")
    public byte[] timestampToken;

    @Column(name = "audit_event_id")
    public Long auditEventId;

    protected SealedBid() {
    }

    public SealedBid(Tender tender, Lot lot, Organisation organisation, UserAccount user, int version, Kind kind,
                     String envelopeSha256, Long sizeBytes, Instant receivedAt, byte[] signature, String signerSerial,
                     byte[] timestampToken) {
        this.tender = tender;
        this.lot = lot;
        this.organisation = organisation;
        this.user = user;
        this.version = version;
        this.kind = kind;
        this.envelopeSha256 = envelopeSha256;
        this.sizeBytes = sizeBytes;
        this.receivedAt = receivedAt;
        this.signature = signature;
        this.signerSerial = signerSerial;
        this.timestampToken = timestampToken;
    }

    /** Attached once the audit event exists; the only field set after construction, before the insert. */
    public void recordedAs(long auditEventId) {
        this.auditEventId = auditEventId;
    }

    public static Optional<SealedBid> latest(long tenderId, long lotId, long organisationId) {
        return find("tender.id = ?1 and lot.id = ?2 and organisation.id = ?3 order by version desc",
                tenderId, lotId, organisationId).firstResultOptional();
    }

    public static List<SealedBid> ofBidder(long tenderId, long organisationId) {
        return list("tender.id = ?1 and organisation.id = ?2 order by lot.number, version", tenderId, organisationId);
    }

    /** The bids that count: per bidder and lot, the latest version, if it is a submission. */
    /** {@link #standing(long)} of several tenders at once, in tender order, then as for one. */
    public static List<SealedBid> standing(java.util.Collection<Long> tenderIds) {
        return list("""
                from SealedBid s where s.tender.id in ?1 and s.kind = ?2 and s.version = (select max(b.version) from SealedBid b
                  where b.tender = s.tender and b.lot = s.lot and b.organisation = s.organisation)
                order by s.tender.id, s.lot.number, s.receivedAt""", tenderIds, Kind.SUBMISSION);
    }

    public static List<SealedBid> standing(long tenderId) {
        return list("""
                from SealedBid s where s.tender.id = ?1 and s.kind = ?2 and s.version = (select max(b.version) from SealedBid b
                  where b.tender = s.tender and b.lot = s.lot and b.organisation = s.organisation)
                order by s.lot.number, s.receivedAt""", tenderId, Kind.SUBMISSION);
    }
}
