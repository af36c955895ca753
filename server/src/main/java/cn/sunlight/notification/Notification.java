package cn.sunlight.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A message to an organisation's inbox (clarifications, suspensions, opening calls), in both languages. */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "organisation_id", nullable = false)
    public Long organisationId;

    @Column(name = "tender_id")
    public Long tenderId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "message_zh", nullable = false)
    public String messageZh;

    @Column(name = "message_en", nullable = false)
    public String messageEn;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    protected Notification() {
    }

    public Notification(Long organisationId, Long tenderId, String kind, String messageZh, String messageEn, Instant createdAt) {
        this.organisationId = organisationId;
        this.tenderId = tenderId;
        this.kind = kind;
        this.messageZh = messageZh;
        this.messageEn = messageEn;
        this.createdAt = createdAt;
    }

    /** One keyset page of an organisation's inbox, newest first by id (notification_org_id_idx). */
    public static cn.sunlight.common.page.Page<Notification> inbox(long organisationId, cn.sunlight.common.page.PageRequest page) {
        return cn.sunlight.common.page.IdPages.page(page, (below, above, limit) -> (below == null && above == null
                ? Notification.<Notification>find("organisationId = ?1 order by id desc", organisationId)
                : below != null ? Notification.<Notification>find("organisationId = ?1 and id < ?2 order by id desc", organisationId, below)
                : Notification.<Notification>find("organisationId = ?1 and id > ?2 order by id asc", organisationId, above))
                .range(0, limit - 1).list(), n -> n.id);
    }

    /** The message in both languages; the reader's is chosen where it is shown. */
    public cn.sunlight.common.Text message() {
        return cn.sunlight.common.Text.of(messageZh, messageEn);
    }
}
