package cn.sunlight.ocds;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A release waiting for (or done with) its delivery to the public service platform (电子招标投标办法 Art. 56: the
 * trading platform supplies the prescribed information promptly). Written in the transaction of the change.
 */
@Entity
@Table(name = "ocds_outbox")
public class OutboxItem extends PanacheEntityBase {

    @Id
    @Column(name = "release_pk")
    public Long releasePk;

    @OneToOne(optional = false, fetch = FetchType.LAZY)
    @MapsId
    @JoinColumn(name = "release_pk")
    public OcdsRelease release;

    /** The data set of the 数据规范 the release is exchanged as (codes.yaml `dataSets`). */
    @Column(name = "data_set", nullable = false)
    public String dataSet;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** The receiver's answer (its body, bounded) when it accepted the item. */
    public String receipt;

    @Column(name = "receipt_status")
    public Integer receiptStatus;

    protected OutboxItem() {
    }

    public OutboxItem(OcdsRelease release, String dataSet, Instant createdAt) {
        this.release = release;
        this.dataSet = dataSet;
        this.createdAt = createdAt;
        this.nextAttemptAt = createdAt;
    }

    public void failed(Instant at, String error, Instant next) {
        attempts++;
        lastAttemptAt = at;
        lastError = error;
        nextAttemptAt = next;
    }

    public void delivered(Instant at, int status, String receipt) {
        attempts++;
        lastAttemptAt = at;
        deliveredAt = at;
        receiptStatus = status;
        this.receipt = receipt;
        lastError = null;
    }
}
