package cn.sunlight.tender;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A recorded download of a tender document: who, from where, when (supervisors read these). */
@Entity
@Table(name = "document_download")
public class DocumentDownload extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tender_id", nullable = false)
    public Long tenderId;

    @Column(nullable = false)
    public String document;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "organisation_id")
    public Long organisationId;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(name = "downloaded_at", nullable = false)
    public Instant downloadedAt;

    protected DocumentDownload() {
    }

    public DocumentDownload(Long tenderId, String document, Long userId, Long organisationId, String clientAddress,
                            Instant downloadedAt) {
        this.tenderId = tenderId;
        this.document = document;
        this.userId = userId;
        this.organisationId = organisationId;
        this.clientAddress = clientAddress;
        this.downloadedAt = downloadedAt;
    }
}
