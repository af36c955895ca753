package cn.sunlight.ocds.service;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.audit.AuditRecorded;
import cn.sunlight.audit.Disclosure;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.ocds.OcdsRelease;
import cn.sunlight.ocds.OutboxItem;
import cn.sunlight.tender.Tender;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an OCDS release, and its data-exchange outbox item, for every public change of a tender, in the
 * transaction of the change: it observes the audit trail (every change is audited there, in its transaction), and
 * {@code ocds/codes.yaml} says which actions make which release. Only events the public may read now count (a
 * bidder's own acts are withheld until the opening); sandbox tenders are training, not trades, and are not published
 * (unless configured for a test bed).
 */
@ApplicationScoped
public class ReleaseWriter {

    private final OcdsCodes codes;
    private final ReleaseBuilder builder;
    private final String ocidPrefix;
    private final boolean includeSandbox;

    public ReleaseWriter(OcdsCodes codes, ReleaseBuilder builder, @ConfigProperty(name = "sunlight.ocds.ocid-prefix") String ocidPrefix,
                         @ConfigProperty(name = "sunlight.ocds.include-sandbox", defaultValue = "false") boolean includeSandbox) {
        this.codes = codes;
        this.builder = builder;
        this.ocidPrefix = ocidPrefix;
        this.includeSandbox = includeSandbox;
    }

    public String ocid(String tenderCode) {
        return ocidPrefix + "-" + tenderCode;
    }

    void onAudit(@Observes AuditRecorded recorded) {
        AuditEvent e = recorded.event();
        if (!"tender".equals(e.objectType) || e.objectId == null || !Disclosure.PUBLIC.name().equals(e.disclosure)
                || !codes.releases(e.action)) {
            return;
        }
        Optional<OcdsCodes.ReleaseKind> kind = codes.release(e.action, kindOf(e));
        if (kind.isEmpty()) {
            return;
        }
        Tender t = Tender.findById(Long.parseLong(e.objectId));
        if (t == null || !t.isPublic() || (t.isSandbox() && !includeSandbox)) {
            return;
        }
        write(t, e, kind.get());
    }

    private void write(Tender t, AuditEvent cause, OcdsCodes.ReleaseKind kind) {
        var em = Panache.getEntityManager();
        long id = ((Number) em.createNativeQuery("select nextval('ocds_release_seq')").getSingleResult()).longValue();
        String ocid = ocid(t.code);
        String releaseId = ocid + "-" + id;
        Map<String, Object> body = builder.build(t, ocid, releaseId, cause.occurredAt, kind.tags(), cause);
        String json = CanonicalJson.write(body);
        OcdsRelease r = new OcdsRelease(id, releaseId, ocid, t.id, cause.occurredAt, kind.tags(), cause.action, json,
                CanonicalJson.sha256Hex(json));
        r.persist();
        new OutboxItem(r, kind.dataSet(), cause.occurredAt).persist();
    }

    /** The kind a clarification event names (CLARIFICATION or AMENDMENT), else null. */
    private static String kindOf(AuditEvent e) {
        if (e.state == null || !e.state.contains("\"kind\"")) {
            return null;
        }
        try {
            var kind = CanonicalJson.mapper().readTree(e.state).path("kind");
            return kind.isTextual() ? kind.asText() : null;
        } catch (Exception ex) {
            return null;
        }
    }

    /** Releases of a tender in the order written (for tests and the operator). */
    public List<OcdsRelease> of(long tenderId) {
        return OcdsRelease.list("tenderId = ?1 order by id", tenderId);
    }
}
