package cn.sunlight.bid;

import cn.sunlight.account.UserAccount;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.List;

/** One Shamir share of an opening key, sealed (CMS) to its custodian's encryption certificate. */
@Entity
@Table(name = "key_share")
public class KeyShare extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "tender_id") Long tenderId, @Column(name = "share_index") Integer shareIndex)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @ManyToOne(optional = false)
    @JoinColumn(name = "custodian_id")
    public UserAccount custodian;

    @Column(name = "sealed_share", nullable = false)
    public byte[] sealedShare;

    protected KeyShare() {
    }

    public KeyShare(long tenderId, int index, UserAccount custodian, byte[] sealedShare) {
        this.key = new Key(tenderId, index);
        this.custodian = custodian;
        this.sealedShare = sealedShare;
    }

    public static List<KeyShare> ofTender(long tenderId) {
        return list("key.tenderId = ?1 order by key.shareIndex", tenderId);
    }
}
