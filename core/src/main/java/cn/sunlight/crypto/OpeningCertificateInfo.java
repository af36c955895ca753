package cn.sunlight.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Tender binding of an opening certificate issued by {@link PlatformCa#issueOpeningCertificate}.
 *
 * @param tenderId   the tender's id (subject serialNumber)
 * @param tenderCode the tender's code (subject commonName after {@value PlatformCa#OPENING_CN_PREFIX})
 * @param deadline   the bid deadline (subject organizationalUnitName, and notAfter minus
 *                   {@link PlatformCa#OPENING_VALIDITY_AFTER_DEADLINE})
 */
public record OpeningCertificateInfo(long tenderId, String tenderCode, Instant deadline) {

    /**
     * Reads the binding from {@code cert}. Does not check the CA's signature (use {@link PlatformCa#verify}).
     *
     * @throws IllegalArgumentException if {@code cert} is not an opening certificate, or its subject and validity
     *                                  period disagree about the deadline
     */
    public static OpeningCertificateInfo of(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        String cn = single(subject, BCStyle.CN);
        if (!cn.startsWith(PlatformCa.OPENING_CN_PREFIX) || cn.length() == PlatformCa.OPENING_CN_PREFIX.length()) {
            throw new IllegalArgumentException("not an opening certificate: CN=" + cn);
        }
        String tenderCode = cn.substring(PlatformCa.OPENING_CN_PREFIX.length());
        long tenderId;
        try {
            tenderId = Long.parseLong(single(subject, BCStyle.SERIALNUMBER));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("opening certificate has a malformed tender id", e);
        }
        String ou = single(subject, BCStyle.OU);
        if (!ou.startsWith(PlatformCa.OPENING_OU_PREFIX)) {
            throw new IllegalArgumentException("opening certificate has no deadline: OU=" + ou);
        }
        Instant deadline;
        try {
            deadline = Instant.parse(ou.substring(PlatformCa.OPENING_OU_PREFIX.length()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("opening certificate has a malformed deadline: OU=" + ou, e);
        }
        Instant notAfter = cert.getNotAfter().toInstant();
        if (!notAfter.equals(deadline.plus(PlatformCa.OPENING_VALIDITY_AFTER_DEADLINE))) {
            throw new IllegalArgumentException("opening certificate's notAfter " + notAfter
                    + " does not match its deadline " + deadline);
        }
        return new OpeningCertificateInfo(tenderId, tenderCode, deadline);
    }

    private static String single(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            throw new IllegalArgumentException("opening certificate subject needs exactly one "
                    + BCStyle.INSTANCE.oidToDisplayName(type));
        }
        if (!(rdns[0].getFirst().getValue() instanceof ASN1String value)) {
            throw new IllegalArgumentException("opening certificate subject has a non-string "
                    + BCStyle.INSTANCE.oidToDisplayName(type));
        }
        return value.getString();
    }
}
