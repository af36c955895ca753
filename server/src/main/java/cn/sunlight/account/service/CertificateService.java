package cn.sunlight.account.service;

import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.PartyKey;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.RequestActor;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.crypto.CertificationRequests;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issues certificates from the platform CA for keys the parties generated themselves: the platform
 * certifies the public key of a PKCS#10 request the key signed, and never holds the private one.
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

    /**
     * Certifies the key of a PKCS#10 request after checking its self-signature, so the caller proves it holds the
     * private key (a bare public key proves nothing: anyone can copy one from a certificate). The key must not belong
     * to another organisation ({@link PartyKey}).
     *
     * @param bareKeyPem a public key sent the pre-CSR way; refused, naming the field, so old clients learn what changed
     */
    @Transactional
    public PartyCertificate issue(PartyCertificate.Purpose purpose, String csrPem, String bareKeyPem) {
        if (bareKeyPem != null) {
            throw ProblemException.invalid(Violation.of("publicKey", "csr-required", Text.of(
                    "不再接受单独的公钥：请在 csr 字段提交以该密钥签名的 PKCS#10 证书请求（证明持有私钥）",
                    "a bare public key is no longer accepted: send a PKCS#10 certification request signed with that key"
                            + " in the csr field (it proves you hold the private key)")));
        }
        if (csrPem == null || csrPem.isBlank()) {
            throw ProblemException.invalid(Violation.of("csr", "required", Text.of(
                    "缺少 PKCS#10 证书请求（PEM）", "the PKCS#10 certification request (PEM) is missing")));
        }
        UserAccount user = UserAccount.findById(actor.userId());
        if (user.organisation == null) {
            throw ProblemException.conflict("no-organisation", Text.of("证书只签发给隶属单位的账户",
                    "certificates are issued only to accounts of an organisation"));
        }
        CertificationRequests.Verified request;
        try {
            request = CertificationRequests.verify(csrPem);
        } catch (CertificationRequests.Invalid e) {
            throw ProblemException.invalid(Violation.of("csr", e.code(), refusal(e)));
        }
        X509Certificate cert;
        try {
            cert = ca.issuePartyCertificate(user.displayName, user.organisation.creditCode, request.publicKey(),
                    purpose == PartyCertificate.Purpose.SIGNING ? PlatformCa.Purpose.SIGNING : PlatformCa.Purpose.ENCRYPTION);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(Violation.of("csr", "key-strength", Text.of("密钥不符合要求：" + e.getMessage(),
                    "the key is not acceptable: " + e.getMessage())));
        }
        if (PartyKey.claim(request.spkiSha256(), user.organisation.id, clock.now()) != user.organisation.id) {
            throw ProblemException.conflict("key-of-another-organisation", Text.of(
                    "该公钥已登记于另一单位：一个密钥只能属于一个单位，请为本单位生成新密钥",
                    "this public key is registered to another organisation: a key belongs to one organisation only;"
                            + " generate a new key for yours"));
        }
        PartyCertificate pc = new PartyCertificate(user, purpose, Pem.write(cert), cert.getSerialNumber().toString(16), clock.now());
        pc.persist();
        audit.record("certificate.issued", "user", user.id, Map.of("purpose", purpose, "serial", pc.serial));
        return pc;
    }

    private static Text refusal(CertificationRequests.Invalid e) {
        return switch (e.code()) {
            case "signature" -> Text.of("证书请求的签名无法用其中的公钥验证：请求须由该公钥对应的私钥签名",
                    "the request's signature does not verify with its public key: it must be signed with the matching private key");
            case "signature-algorithm" -> Text.of("证书请求的签名算法不被接受（P-256 用 ECDSA-SHA256、RSA 用 SHA256withRSA、SM2 用 SM3withSM2）："
                    + e.getMessage(), "the request's signature algorithm is not accepted: " + e.getMessage());
            case "key-type" -> Text.of("不支持的密钥（RSA 2048–8192 位、EC P-256、Ed25519 或 SM2）：" + e.getMessage(),
                    "unsupported key (RSA 2048–8192 bits, EC P-256, Ed25519 or SM2): " + e.getMessage());
            default -> Text.of("不是 PEM 格式的 PKCS#10 证书请求（-----BEGIN CERTIFICATE REQUEST-----）：" + e.getMessage(),
                    "not a PEM PKCS#10 certification request (-----BEGIN CERTIFICATE REQUEST-----): " + e.getMessage());
        };
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
