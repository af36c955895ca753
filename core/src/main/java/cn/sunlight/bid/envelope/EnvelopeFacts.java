package cn.sunlight.bid.envelope;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * What {@link EnvelopeInspector} learned about a well-formed sealed bid, without any key.
 *
 * @param authEnveloped            always true for facts (anything else is rejected); kept for the record
 * @param contentEncryptionOid     e.g. {@code 2.16.840.1.101.3.4.1.46} (aes256-GCM)
 * @param recipients               every recipient named in the envelope, in order
 * @param nonceLength              GCM nonce length in bytes
 * @param tagLength                GCM tag (mac) length in bytes
 * @param encryptedContentLength   ciphertext length (= plaintext length for GCM)
 * @param authAttributesPresent    whether authenticated attributes are present
 * @param envelopeSize             number of bytes read (the whole input)
 * @param sha256                   SHA-256 of exactly those bytes
 */
public record EnvelopeFacts(boolean authEnveloped, String contentEncryptionOid, List<RecipientRef> recipients,
                            int nonceLength, int tagLength, long encryptedContentLength,
                            boolean authAttributesPresent, long envelopeSize, byte[] sha256) {

    public EnvelopeFacts {
        recipients = List.copyOf(recipients);
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** Whether one of the recipients names this certificate (issuer and serial, or subjectKeyIdentifier). */
    public boolean addressedTo(X509Certificate certificate) {
        return recipientFor(certificate).isPresent();
    }

    public Optional<RecipientRef> recipientFor(X509Certificate certificate) {
        return recipients.stream().filter(r -> r.matches(certificate)).findFirst();
    }

    /** e.g. {@code aes256-GCM}. */
    public String contentEncryptionName() {
        return Oids.name(new ASN1ObjectIdentifier(contentEncryptionOid));
    }
}
