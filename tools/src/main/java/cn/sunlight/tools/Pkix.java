package cn.sunlight.tools;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Certificate path checks against the platform CA, without the platform's key directory. */
final class Pkix {

    private Pkix() {
    }

    /**
     * PKIX path validation of {@code chain} (leaf first; a copy of the anchor inside it is ignored) with {@code ca}
     * as the only trust anchor, at {@code at}. Revocation is not checked (the platform publishes no CRL).
     */
    static void validate(List<X509Certificate> chain, X509Certificate ca, Instant at) throws CertificateException {
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (!c.equals(ca)) {
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            throw new CertificateException("the chain holds only the trust anchor itself");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            cn.sunlight.crypto.PlatformCa.validate(path, parameters); // Bouncy Castle's validator for SM2 certificates
        } catch (GeneralSecurityException e) {
            throw new CertificateException(path.getFirst().getSubjectX500Principal().getName()
                    + " does not chain to the platform CA at " + at + ": " + e.getMessage(), e);
        }
    }

    /** A self-signed CA certificate, or an exception saying why {@code cert} is not one. */
    static X509Certificate requireRoot(X509Certificate cert) throws CertificateException {
        if (!isRoot(cert)) {
            throw new CertificateException(cert.getSubjectX500Principal().getName() + " is not a self-signed CA certificate");
        }
        return cert;
    }

    static boolean isRoot(X509Certificate cert) {
        if (cert.getBasicConstraints() < 0 || !cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 of the DER certificate, as {@code openssl x509 -noout -fingerprint -sha256} prints it. */
    static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
