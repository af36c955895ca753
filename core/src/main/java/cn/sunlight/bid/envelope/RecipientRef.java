package cn.sunlight.bid.envelope;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

/**
 * One recipient of a sealed bid, as named in the envelope. A KeyAgreeRecipientInfo addressed to several
 * certificates yields one RecipientRef per recipientEncryptedKey.
 *
 * @param kind                   which RecipientInfo choice
 * @param issuer                 issuer of the recipient certificate (issuerAndSerialNumber form), else null
 * @param serialNumber           serial of the recipient certificate (issuerAndSerialNumber form), else null
 * @param subjectKeyIdentifier   subjectKeyIdentifier form (KTRI [0] / KARI rKeyId), else null
 * @param keyEncryptionAlgorithm OID of the key-transport / key-agreement algorithm
 * @param keyWrapAlgorithm       OID of the key-wrap algorithm (key agreement only), else null
 * @param keyEncryptionHash      OID of the OAEP hash (RSAES-OAEP only), else null
 */
public record RecipientRef(Kind kind, X500Principal issuer, BigInteger serialNumber, byte[] subjectKeyIdentifier,
                           String keyEncryptionAlgorithm, String keyWrapAlgorithm, String keyEncryptionHash) {

    public enum Kind { KEY_TRANSPORT, KEY_AGREEMENT, KEK, PASSWORD, OTHER }

    public RecipientRef {
        Objects.requireNonNull(kind, "kind");
        subjectKeyIdentifier = subjectKeyIdentifier == null ? null : subjectKeyIdentifier.clone();
    }

    @Override
    public byte[] subjectKeyIdentifier() {
        return subjectKeyIdentifier == null ? null : subjectKeyIdentifier.clone();
    }

    /**
     * Whether this recipient names {@code certificate}: same issuer (compared as canonical X.500 names) and serial
     * number, or the same subjectKeyIdentifier as the certificate's SKI extension.
     */
    public boolean matches(X509Certificate certificate) {
        if (kind != Kind.KEY_TRANSPORT && kind != Kind.KEY_AGREEMENT) {
            return false;
        }
        if (issuer != null && serialNumber != null) {
            return issuer.equals(certificate.getIssuerX500Principal())
                    && serialNumber.equals(certificate.getSerialNumber());
        }
        if (subjectKeyIdentifier != null) {
            byte[] ski = Certificates.subjectKeyIdentifier(certificate);
            return ski != null && Arrays.equals(ski, subjectKeyIdentifier);
        }
        return false;
    }

    /** Human-readable algorithm description, e.g. {@code RSAES-OAEP(sha256)}. */
    public String algorithmDescription() {
        StringBuilder sb = new StringBuilder(Oids.name(new org.bouncycastle.asn1.ASN1ObjectIdentifier(
                keyEncryptionAlgorithm)));
        if (keyEncryptionHash != null) {
            sb.append('(').append(keyEncryptionHash).append(')');
        }
        if (keyWrapAlgorithm != null) {
            sb.append(" + ").append(Oids.name(new org.bouncycastle.asn1.ASN1ObjectIdentifier(keyWrapAlgorithm)));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientRef r && kind == r.kind && Objects.equals(issuer, r.issuer)
                && Objects.equals(serialNumber, r.serialNumber)
                && Arrays.equals(subjectKeyIdentifier, r.subjectKeyIdentifier)
                && Objects.equals(keyEncryptionAlgorithm, r.keyEncryptionAlgorithm)
                && Objects.equals(keyWrapAlgorithm, r.keyWrapAlgorithm)
                && Objects.equals(keyEncryptionHash, r.keyEncryptionHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, issuer, serialNumber, Arrays.hashCode(subjectKeyIdentifier), keyEncryptionAlgorithm);
    }

    @Override
    public String toString() {
        String id = issuer != null ? "issuer=" + issuer.getName() + ", serial=" + serialNumber.toString(16)
                : subjectKeyIdentifier != null ? "ski=" + HexFormat.of().formatHex(subjectKeyIdentifier) : "-";
        return "RecipientRef[" + kind + ", " + id + ", " + (keyEncryptionAlgorithm == null ? "-" : algorithmDescription())
                + "]";
    }
}
