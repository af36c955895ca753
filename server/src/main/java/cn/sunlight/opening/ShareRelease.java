package cn.sunlight.opening;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** That a custodian released its share of an opening key (the share itself is held in memory only). */
@Entity
@Table(name = "share_release")
public class ShareRelease extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "tender_id") Long tenderId, @Column(name = "share_index") Integer shareIndex)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "custodian_id", nullable = false)
    public Long custodianId;

    @Column(name = "released_at", nullable = false)
    public Instant releasedAt;

    protected ShareRelease() {
    }

    public ShareRelease(long tenderId, int shareIndex, long custodianId, Instant at) {
        this.key = new Key(tenderId, shareIndex);
        this.custodianId = custodianId;
        this.releasedAt = at;
    }
}
