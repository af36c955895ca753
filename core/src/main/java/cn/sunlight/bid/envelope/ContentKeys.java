package cn.sunlight.bid.envelope;

import java.security.Key;
import java.security.PrivateKey;

import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceKeyAgreeAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;

/**
 * Recovers the raw content-encryption key for one recipient with Bouncy Castle's JCE recipients (RSA-OAEP key
 * transport; ECDH with the RFC 5753 ECC-CMS-SharedInfo KDF and AES key unwrap), or — national suite — SM2 decryption
 * of a DER SM2Cipher ({@link Sm2KeyTransport}). The key material goes through
 * the default JCA providers: the JDK's for RSA and AES key wrap, Bouncy Castle's for the ECDH KDF schemes.
 */
final class ContentKeys {
    private ContentKeys() {
    }

    static byte[] unwrap(Recipients.Entry entry, PrivateKey key, AlgorithmIdentifier contentAlgorithm)
            throws EnvelopeRejected {
        cn.sunlight.crypto.CryptoProviders.bouncyCastle();
        try {
            Key cek;
            if (entry.ktri() != null && Oids.SM2_ENCRYPT.equals(entry.ktri().getKeyEncryptionAlgorithm().getAlgorithm())) {
                // National suite: Bouncy Castle's JCE recipient expects raw C1C3C2, not the DER SM2Cipher used here.
                return Sm2KeyTransport.decrypt(key, entry.ktri().getEncryptedKey().getOctets());
            } else if (entry.ktri() != null) {
                KeyTransRecipientInfo ktri = entry.ktri();
                cek = new KeyTransport(key).extract(ktri.getKeyEncryptionAlgorithm(), contentAlgorithm,
                        ktri.getEncryptedKey().getOctets());
            } else if (entry.kari() != null) {
                KeyAgreeRecipientInfo kari = entry.kari();
                OriginatorPublicKey originator = kari.getOriginator().getOriginatorKey();
                if (originator == null) {
                    throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED,
                            "key agreement without an ephemeral originator key is not supported");
                }
                KeyAgreement agreement = new KeyAgreement(key);
                RecipientEncryptedKey rek = entry.encryptedKey();
                // As RFC 5753 allows, the originator key's AlgorithmIdentifier may omit the curve: use ours.
                SubjectPublicKeyInfo sender = new SubjectPublicKeyInfo(agreement.getPrivateKeyAlgorithmIdentifier(),
                        originator.getPublicKeyData().getBytes());
                cek = agreement.extract(kari.getKeyEncryptionAlgorithm(), contentAlgorithm, sender,
                        kari.getUserKeyingMaterial(), rek.getEncryptedKey().getOctets());
            } else {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED,
                        "unsupported recipient type " + entry.ref().kind());
            }
            byte[] raw = cek == null ? null : cek.getEncoded();
            if (raw == null) {
                throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED, "unwrapped key is not extractable");
            }
            return raw;
        } catch (CMSException | RuntimeException e) {
            throw new EnvelopeRejected(EnvelopeRejected.Reason.KEY_UNWRAP_FAILED, e.getMessage(), e);
        }
    }

    /** Exposes the protected key extraction of Bouncy Castle's key-transport recipient. */
    private static final class KeyTransport extends JceKeyTransAuthEnvelopedRecipient {
        KeyTransport(PrivateKey key) {
            super(key);
        }

        Key extract(AlgorithmIdentifier keyEncryptionAlgorithm, AlgorithmIdentifier contentAlgorithm,
                    byte[] encryptedKey) throws CMSException {
            return extractSecretKey(keyEncryptionAlgorithm, contentAlgorithm, encryptedKey);
        }
    }

    /** Exposes the protected key extraction of Bouncy Castle's key-agreement recipient. */
    private static final class KeyAgreement extends JceKeyAgreeAuthEnvelopedRecipient {
        KeyAgreement(PrivateKey key) {
            super(key);
        }

        Key extract(AlgorithmIdentifier keyEncryptionAlgorithm, AlgorithmIdentifier contentAlgorithm,
                    SubjectPublicKeyInfo sender, org.bouncycastle.asn1.ASN1OctetString ukm, byte[] encryptedKey)
                throws CMSException {
            return extractSecretKey(keyEncryptionAlgorithm, contentAlgorithm, sender, ukm, encryptedKey);
        }
    }
}
