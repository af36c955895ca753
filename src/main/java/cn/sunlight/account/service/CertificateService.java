package cn.sunlight.account.service;

import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issues certificates from the platform CA for keys the parties generated themselves: the platform
 * certifies the public key and never holds the private one.
 */
@ApplicationScoped
public class CertificateService {

    private final PlatformCa ca;
    private final PlatformClock clock;
    private final RequestActor actor;
    private final AuditTrail audit;

    public CertificateService(PlatformCa ca, PlatformClock clock, RequestActor actor, AuditTrail audit) {
        this.ca = ca;
        this.clock = clock;
        this.actor = actor;
        this.audit = audit;
    }

    @Transactional
    public PartyCertificate issue(PartyCertificate.Purpose purpose, String publicKeyPem) {
        UserAccount user = UserAccount.findById(actor.userId());
        PublicKey key;
        try {
            key = Pem.readPublicKey(publicKeyPem);
        } catch (RuntimeException e) {
            throw ProblemException.invalid(Violation.of("publicKey", "pem-public-key", Text.of(
                    "不是 PEM 格式的公钥（RSA ≥ 2048 位、EC P-256 或 SM2）", "not a PEM public key (RSA ≥ 2048 bits, EC P-256 or SM2)")));
        }
        X509Certificate cert;
        try {
            cert = ca.issuePartyCertificate(user.displayName, user.organisation.creditCode, key,
                    purpose == PartyCertificate.Purpose.SIGNING ? PlatformCa.Purpose.SIGNING : PlatformCa.Purpose.ENCRYPTION);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(Violation.of("publicKey", "key-strength", Text.of("密钥不符合要求：" + e.getMessage(),
                    "the key is not acceptable: " + e.getMessage())));
        }
        PartyCertificate pc = new PartyCertificate(user, purpose, Pem.write(cert), cert.getSerialNumber().toString(16), clock.now());
        pc.persist();
        audit.record("certificate.issued", "user", user.id, Map.of("purpose", purpose, "serial", pc.serial));
        return pc;
    }

    public List<PartyCertificate> mine() {
        return PartyCertificate.list("user.id = ?1 order by issuedAt desc", actor.userId());
    }

    /** The current international-suite certificate (see {@link PartyCertificate#current(long, PartyCertificate.Purpose)}). */
    public Optional<X509Certificate> current(long userId, PartyCertificate.Purpose purpose) {
        return PartyCertificate.current(userId, purpose).map(pc -> Pem.readCertificate(pc.certificatePem));
    }

    public String chainPem(PartyCertificate pc) {
        return pc.certificatePem + Pem.write(ca.certificate());
    }
}
