package cn.sunlight.bid.service;

import cn.sunlight.audit.AuditEvent;
import cn.sunlight.bid.SealedBid;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.crypto.KeyMaterial;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Bid receipts, signed by the platform signer (ECDSA P-256, certificate from the platform CA) over the
 * canonical JSON of their content; the RFC 3161 token inside covers the envelope hash independently.
 */
@ApplicationScoped
public class Receipts {

    public record Content(String type, long tenderId, String tenderCode, int lot, long bidId, int version, String kind,
                          String envelopeSha256, Long size, Instant receivedAt, String timestampToken, long auditEventId,
                          String auditEntry,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                          String sandbox,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                          Instant platformTime) {
    }

    /** What a sandbox receipt says (issue 18); its receivedAt is the sandbox tender's time, platformTime the real one. */
    public static final String SANDBOX_LABEL = "沙箱 SANDBOX — 非真实交易 / not a real trade";

    /** The receipt as returned: content, the signature over its canonical JSON, and the signer's chain. */
    public record Receipt(Content content, String signatureAlgorithm, String signature, String signerChain) {
    }

    private final PlatformCa ca;

    public Receipts(PlatformCa ca) {
        this.ca = ca;
    }

    public Receipt of(SealedBid bid) {
        Content c = new Content("sunlight-bid-receipt/1", bid.tender.id, bid.tender.code, bid.lot.number, bid.id, bid.version,
                bid.kind.name(), bid.envelopeSha256, bid.sizeBytes, bid.receivedAt,
                bid.timestampToken == null ? null : Base64.getEncoder().encodeToString(bid.timestampToken), bid.auditEventId,
                // The log entry the receipt's event committed to, in clear: the public sees only its leaf hash until the
                // opening, so the bidder keeps the content that hashes to it (SHA-256(0x00 || entry) = leaf hash).
                bid.auditEventId == null ? null
                        : AuditEvent.<AuditEvent>findByIdOptional(bid.auditEventId).map(e -> e.entry).orElse(null),
                bid.tender.isSandbox() ? SANDBOX_LABEL : null,
                bid.tender.isSandbox() ? AuditEvent.<AuditEvent>findById(bid.auditEventId).occurredAt : null);
        KeyMaterial signer = ca.platformSigner();
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(signer.privateKey());
            s.update(CanonicalJson.write(c).getBytes(StandardCharsets.UTF_8));
            return new Receipt(c, "SHA256withECDSA", Base64.getEncoder().encodeToString(s.sign()), Pem.write(signer.chain()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign receipt", e);
        }
    }
}
