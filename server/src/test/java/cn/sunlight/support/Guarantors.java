package cn.sunlight.support;

import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A test guarantor: its own CA (to put on the platform's trust list) and a signing certificate issued by it. */
public final class Guarantors {

    public final KeyPair caKeys = KeyPairs.ecP256();
    public final X509Certificate ca;
    public final KeyPair keys = KeyPairs.ecP256();
    public final X509Certificate signer;

    public Guarantors(String name) throws Exception {
        X500Name caName = new X500Name("CN=" + name + " Root CA,O=" + name + ",C=CN");
        Instant now = Instant.now().minus(Duration.ofDays(1));
        ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now),
                Date.from(now.plus(Duration.ofDays(3650))), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        signer = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now),
                Date.from(now.plus(Duration.ofDays(1000))), new X500Name("CN=" + name + " Guarantee Signing,O=" + name + ",C=CN"), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    public String caPem() {
        return Pem.write(ca);
    }

    /** The guarantee JSON signed as CMS SignedData (content encapsulated, signer certificate carried), DER. */
    public byte[] sign(String json) throws Exception {
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()), signer));
        g.addCertificates(new JcaCertStore(List.of(signer)));
        return g.generate(new CMSProcessableByteArray(json.getBytes(StandardCharsets.UTF_8)), true).getEncoded();
    }
}
