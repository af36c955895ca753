package cn.sunlight.tender;

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

import java.time.Instant;
import java.util.List;

/** A file of the tender documents (招标文件), kept in the content-addressed blob store. */
@Entity
@Table(name = "tender_document")
public class TenderDocument extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "tender_id")
    public Tender tender;

    @Column(name = "file_name", nullable = false)
    public String fileName;

    @Column(name = "media_type", nullable = false)
    public String mediaType;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @ManyToOne(optional = false)
    @JoinColumn(name = "uploaded_by")
    public UserAccount uploadedBy;

    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;

    protected TenderDocument() {
    }

    public TenderDocument(Tender tender, String fileName, String mediaType, String sha256, long sizeBytes,
                          UserAccount uploadedBy, Instant uploadedAt) {
        this.tender = tender;
        this.fileName = fileName;
        this.mediaType = mediaType;
        this.sha256 = sha256;
        this.sizeBytes = sizeBytes;
        this.uploadedBy = uploadedBy;
        this.uploadedAt = uploadedAt;
    }

    public static List<TenderDocument> ofTender(long tenderId) {
        return list("tender.id = ?1 order by id", tenderId);
    }
}
