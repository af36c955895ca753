package cn.sunlight.bid.envelope;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KEKRecipientInfo;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientIdentifier;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.PasswordRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** Flattens RecipientInfos into {@link RecipientRef}s, keeping the ASN.1 each came from for the key unwrap. */
final class Recipients {
    private Recipients() {
    }

    /**
     * @param ktri         set for key transport
     * @param kari         set for key agreement
     * @param encryptedKey the recipientEncryptedKey of {@code kari} this entry stands for
     */
    record Entry(RecipientRef ref, KeyTransRecipientInfo ktri, KeyAgreeRecipientInfo kari,
                 RecipientEncryptedKey encryptedKey) {
    }

    static List<Entry> entries(List<RecipientInfo> infos) throws EnvelopeRejected {
        List<Entry> out = new ArrayList<>();
        try {
            for (RecipientInfo ri : infos) {
                ASN1Encodable info = ri.getInfo();
                if (info instanceof KeyTransRecipientInfo ktri) {
                    out.add(keyTransport(ktri));
                } else if (info instanceof KeyAgreeRecipientInfo kari) {
                    AlgorithmIdentifier kea = kari.getKeyEncryptionAlgorithm();
                    String wrap = null;
                    if (kea.getParameters() != null) {
                        wrap = AlgorithmIdentifier.getInstance(kea.getParameters()).getAlgorithm().getId();
                    }
                    ASN1Sequence keys = kari.getRecipientEncryptedKeys();
                    for (int i = 0; i < keys.size(); i++) {
                        RecipientEncryptedKey rek = RecipientEncryptedKey.getInstance(keys.getObjectAt(i));
                        KeyAgreeRecipientIdentifier id = rek.getIdentifier();
                        RecipientRef ref;
                        if (id.getIssuerAndSerialNumber() != null) {
                            IssuerAndSerialNumber ias = id.getIssuerAndSerialNumber();
                            ref = new RecipientRef(RecipientRef.Kind.KEY_AGREEMENT, principal(ias),
                                    ias.getSerialNumber().getValue(), null, kea.getAlgorithm().getId(), wrap, null);
                        } else {
                            ref = new RecipientRef(RecipientRef.Kind.KEY_AGREEMENT, null, null,
                                    id.getRKeyID().getSubjectKeyIdentifier().getOctets(), kea.getAlgorithm().getId(),
                                    wrap, null);
                        }
                        out.add(new Entry(ref, null, kari, rek));
                    }
                } else if (info instanceof KEKRecipientInfo kek) {
                    out.add(new Entry(new RecipientRef(RecipientRef.Kind.KEK, null, null, null,
                            kek.getKeyEncryptionAlgorithm().getAlgorithm().getId(), null, null), null, null, null));
                } else if (info instanceof PasswordRecipientInfo pwri) {
                    out.add(new Entry(new RecipientRef(RecipientRef.Kind.PASSWORD, null, null, null,
                            pwri.getKeyEncryptionAlgorithm().getAlgorithm().getId(), null, null), null, null, null));
                } else {
                    out.add(new Entry(new RecipientRef(RecipientRef.Kind.OTHER, null, null, null, null, null, null),
                            null, null, null));
                }
            }
        } catch (RuntimeException e) {
            throw new EnvelopeRejected(EnvelopeRejected.Reason.MALFORMED, "recipientInfos: " + e.getMessage(), e);
        }
        return out;
    }

    private static Entry keyTransport(KeyTransRecipientInfo ktri) {
        RecipientIdentifier rid = ktri.getRecipientIdentifier();
        AlgorithmIdentifier kea = ktri.getKeyEncryptionAlgorithm();
        String hash = null;
        if (Oids.RSAES_OAEP.equals(kea.getAlgorithm())) {
            hash = RSAESOAEPparams.getInstance(kea.getParameters()).getHashAlgorithm().getAlgorithm().getId();
        }
        RecipientRef ref;
        if (rid.isTagged()) {
            byte[] ski = ASN1OctetString.getInstance(rid.getId()).getOctets();
            ref = new RecipientRef(RecipientRef.Kind.KEY_TRANSPORT, null, null, ski, kea.getAlgorithm().getId(), null,
                    hash);
        } else {
            IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(rid.getId());
            ref = new RecipientRef(RecipientRef.Kind.KEY_TRANSPORT, principal(ias), ias.getSerialNumber().getValue(),
                    null, kea.getAlgorithm().getId(), null, hash);
        }
        return new Entry(ref, ktri, null, null);
    }

    private static X500Principal principal(IssuerAndSerialNumber ias) {
        try {
            return new X500Principal(ias.getName().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("bad issuer name", e);
        }
    }

    static Optional<Entry> find(List<Entry> entries, X509Certificate certificate) {
        return entries.stream().filter(e -> e.ref().matches(certificate)).findFirst();
    }

    static List<RecipientRef> refs(List<Entry> entries) {
        return entries.stream().map(Entry::ref).toList();
    }
}
