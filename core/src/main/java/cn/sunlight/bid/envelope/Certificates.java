package cn.sunlight.bid.envelope;

import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1OctetString;

final class Certificates {
    private Certificates() {
    }

    /** The keyIdentifier of the certificate's subjectKeyIdentifier extension, or null if absent/unreadable. */
    static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue("2.5.29.14");
        if (ext == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** keyUsage bit check; a certificate without the extension allows every usage. */
    static boolean allowsKeyUsage(X509Certificate certificate, int bit) {
        boolean[] ku = certificate.getKeyUsage();
        return ku == null || (ku.length > bit && ku[bit]);
    }

    static final int KEY_ENCIPHERMENT = 2;
    static final int KEY_AGREEMENT = 4;
}
