package cn.sunlight.bid.service;

import cn.sunlight.account.PartyCertificate;
import cn.sunlight.account.UserAccount;
import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.bid.KeyShare;
import cn.sunlight.bid.OpeningCertificate;
import cn.sunlight.bid.OpeningKey;
import cn.sunlight.bid.envelope.ShamirCustody;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Role;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import cn.sunlight.tender.CryptoSuite;
import cn.sunlight.tender.Tender;
import cn.sunlight.tender.service.TenderService;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opening-key custody (crypto.md): at publication a per-tender key pair of the tender's suite is generated, its certificate
 * issued by the platform CA, the private key split k-of-n with Shamir, each share sealed to one
 * custodian (trading centre, supervision authority, tendering unit), and the whole key dropped. The
 * platform never stores or keeps the whole private key.
 */
@ApplicationScoped
public class OpeningKeys {

    private final PlatformCa ca;
    private final PlatformClock clock;
    private final AuditTrail audit;
    private final ShamirCustody custody = new ShamirCustody();
    private final int threshold;
    /**
     * Parsed opening certificates by their PEM text: every bid checks its envelope against them, and a certificate
     * never changes once issued (a moved deadline issues a new one, another key here). Keyed by the text itself, so
     * a different certificate can never be answered from the cache.
     */
    private final Cache<String, X509Certificate> parsed = Caffeine.newBuilder().maximumSize(2_000).build();

    public OpeningKeys(PlatformCa ca, PlatformClock clock, AuditTrail audit,
                       @ConfigProperty(name = "sunlight.opening.threshold") int threshold) {
        this.ca = ca;
        this.clock = clock;
        this.audit = audit;
        this.threshold = threshold;
    }

    /** Runs inside the publishing transaction: if custody cannot be set up, publication fails whole. */
    void onPublished(@Observes TenderService.TenderPublished event) {
        Tender t = event.tender();
        List<UserAccount> custodians = custodians(t);
        KeyPair pair = openingKeyPair(t.cryptoSuite);
        Instant deadline = t.schedule.bidDeadline.truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = ca.issueOpeningCertificate(t.id, t.code, deadline, pair.getPublic());
        try {
            List<ShamirCustody.Share> shares = custody.split(pair.getPrivate(), cert, threshold, custodians.size());
            new OpeningKey(t.id, Pem.write(pair.getPublic()), threshold, custodians.size(), clock.now()).persist();
            new OpeningCertificate(t.id, Pem.write(cert), deadline, clock.now()).persist();
            List<String> recorded = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                ShamirCustody.Share share = shares.get(i);
                UserAccount custodian = custodians.get(i);
                X509Certificate custodianCert = Pem.readCertificate(PartyCertificate.current(custodian.id,
                        PartyCertificate.Purpose.ENCRYPTION).orElseThrow().certificatePem);
                new KeyShare(t.id, share.index(), custodian, custody.sealShare(share, custodianCert)).persist();
                recorded.add(share.index() + ":" + custodian.username);
                share.wipe();
            }
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("certificateSerial", cert.getSerialNumber().toString(16));
            state.put("suite", t.cryptoSuite);
            state.put("deadline", deadline);
            state.put("threshold", threshold);
            state.put("custodians", recorded);
            audit.record("opening-key.created", "tender", t.id, state);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("opening key custody failed for tender " + t.code, e);
        } finally {
            ShamirCustody.destroyQuietly(pair.getPrivate()); // the shares were wiped above
        }
    }

    /**
     * The opening key of the tender's suite: RSA-3072 (international, RSA-OAEP key transport) or SM2 on sm2p256v1
     * (national, SM2 key transport). Either is split and sealed to the custodians by the same custody code; the shares
     * go to the custodians' own (international) encryption certificates, as for every tender.
     */
    private static KeyPair openingKeyPair(CryptoSuite suite) {
        return switch (suite) {
            case INTERNATIONAL -> KeyPairs.rsa(PlatformCa.MIN_RSA_OPENING_BITS);
            case NATIONAL -> KeyPairs.sm2();
        };
    }

    /** The certificate binds the deadline, so a moved deadline gets a new certificate for the same key. */
    void onDeadlineMoved(@Observes TenderService.DeadlineMoved event) {
        Tender t = event.tender();
        OpeningKey key = OpeningKey.findById(t.id);
        if (key == null) {
            return;
        }
        Instant deadline = t.schedule.bidDeadline.truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = ca.issueOpeningCertificate(t.id, t.code, deadline, Pem.readPublicKey(key.publicKeyPem));
        new OpeningCertificate(t.id, Pem.write(cert), deadline, clock.now()).persist();
        audit.record("opening-key.recertified", "tender", t.id, Map.of("certificateSerial", cert.getSerialNumber().toString(16),
                "deadline", deadline));
    }

    public Optional<String> currentCertificatePem(long tenderId) {
        return OpeningCertificate.current(tenderId).map(c -> c.certificatePem);
    }

    public List<X509Certificate> certificates(long tenderId) {
        return OpeningCertificate.all(tenderId).stream().map(c -> parsed.get(c.certificatePem, Pem::readCertificate)).toList();
    }

    /**
     * The custodians, in share order: an operator of the trading centre, a supervisor, and the tendering
     * side (the tender's author, or another account of its unit or agent). Each needs an encryption
     * certificate; the refusal names who lacks one.
     */
    private List<UserAccount> custodians(Tender t) {
        List<UserAccount> out = new ArrayList<>();
        List<Violation> missing = new ArrayList<>();
        pick(Role.OPERATOR, null).ifPresentOrElse(out::add, () -> missing.add(lacking("交易中心运营员", "trading-centre operator")));
        pick(Role.SUPERVISOR, null).ifPresentOrElse(out::add, () -> missing.add(lacking("行政监督人员", "supervisor")));
        Optional<UserAccount> host = hasEncryptionCertificate(t.createdBy) ? Optional.of(t.createdBy)
                : pick(Role.TENDERER, t.project.tenderingUnit.id).or(() -> t.project.agent == null ? Optional.empty()
                : pick(Role.AGENT, t.project.agent.id));
        host.ifPresentOrElse(out::add, () -> missing.add(lacking("招标人或代理机构", "tendering unit or agent")));
        if (!missing.isEmpty()) {
            throw new ProblemException(422, "custodians-missing", Text.of("开标密钥托管人缺少加密证书",
                    "Opening-key custodians lack encryption certificates"), missing);
        }
        return out;
    }

    private static Violation lacking(String zh, String en) {
        return Violation.of("custodians", "custodian-certificate", Text.of(
                "没有持有加密证书的" + zh + "，无法托管开标密钥份额（请先在 /api/me/certificates 登记加密公钥）",
                "no " + en + " with an encryption certificate can hold an opening-key share (register one at /api/me/certificates)"));
    }

    private static Optional<UserAccount> pick(Role role, Long organisationId) {
        String q = "select u from UserAccount u where u.role = ?1 and u.enabled = true"
                + (organisationId == null ? "" : " and u.organisation.id = ?3")
                + " and exists (select 1 from PartyCertificate c where c.user = u and c.purpose = ?2) order by u.id";
        var query = organisationId == null
                ? UserAccount.<UserAccount>find(q, role, PartyCertificate.Purpose.ENCRYPTION)
                : UserAccount.<UserAccount>find(q, role, PartyCertificate.Purpose.ENCRYPTION, organisationId);
        // Shares are sealed to an international-suite encryption key; a custodian who registered only an SM2 key
        // cannot hold one, so the next candidate is taken (and if none is left, the 422 above says so).
        return query.stream().filter(OpeningKeys::hasEncryptionCertificate).findFirst();
    }

    private static boolean hasEncryptionCertificate(UserAccount u) {
        return PartyCertificate.current(u.id, PartyCertificate.Purpose.ENCRYPTION).isPresent();
    }
}
