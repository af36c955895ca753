package cn.sunlight.tools;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.crypto.Pem;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * Checks a bid receipt ({@code {content, signatureAlgorithm, signature, signerChain}}) against the platform CA alone:
 * <ol>
 *   <li>the signer is the platform's receipt signer (subject {@code C=CN, O=Sunlight, CN=Sunlight Platform Signing}
 *       — any party certificate also chains to the CA, so the chain alone would let a bidder sign a receipt),
 *       allowed to sign, and its chain validates to the CA at the receipt's received-at time;</li>
 *   <li>the SHA256withECDSA signature verifies over the canonical JSON of {@code content} exactly as given (sorted
 *       keys, no white space; any edit of any field breaks it);</li>
 *   <li>for a submission, the RFC 3161 token is over SHA-256 of the envelope, its TSA certificate (from the token or
 *       the ones supplied) validates to the CA at the token's time, and the token's signature and ESS certificate
 *       binding verify (Bouncy Castle {@link TimeStampToken#validate}); a withdrawal carries no hash, size or
 *       token.</li>
 * </ol>
 */
final class ReceiptVerifier {

    static final String RECEIPT_TYPE = "sunlight-bid-receipt/1";
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** The subject {@code PlatformCa} gives its receipt and document signer. */
    static final X500Name PLATFORM_SIGNER = cn.sunlight.crypto.PlatformCa.PLATFORM_SIGNER_NAME;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final X509Certificate ca;
    private final List<X509Certificate> tsaCertificates;

    /**
     * @param ca              the platform CA (trust anchor)
     * @param tsaCertificates TSA certificates to try besides those inside the token (e.g. {@code /api/pki/tsa.pem})
     */
    ReceiptVerifier(X509Certificate ca, List<X509Certificate> tsaCertificates) {
        this.ca = ca;
        this.tsaCertificates = List.copyOf(tsaCertificates);
    }

    VerifiedReceipt verify(JsonNode receipt) throws ReceiptException {
        if (receipt == null || !receipt.isObject() || !receipt.path("content").isObject()) {
            throw new ReceiptException("不是回执（缺少 content）", "not a receipt (no content)");
        }
        JsonNode content = receipt.get("content");
        if (!RECEIPT_TYPE.equals(content.path("type").asText(null))) {
            throw new ReceiptException("回执类型不是 " + RECEIPT_TYPE, "the receipt type is not " + RECEIPT_TYPE);
        }
        Instant receivedAt = instant(content, "receivedAt");
        // A sandbox receipt's receivedAt is its tender's accelerated time; the certificates are judged at the real one.
        X509Certificate signer = checkSigner(receipt, content.hasNonNull("platformTime") ? instant(content, "platformTime") : receivedAt);
        checkSignature(receipt, content, signer);

        String kind = text(content, "kind");
        String sha = nullableText(content, "envelopeSha256");
        Long size = content.path("size").isIntegralNumber() ? content.get("size").longValue() : null;
        String token = nullableText(content, "timestampToken");
        VerifiedReceipt.TimeStamp stamp = null;
        switch (kind) {
            case VerifiedReceipt.SUBMISSION -> {
                if (sha == null || !SHA256_HEX.matcher(sha).matches() || size == null || size <= 0 || token == null) {
                    throw new ReceiptException("投标回执缺少 SHA-256、大小或时间戳",
                            "a submission receipt needs the envelope SHA-256, its size and a time stamp");
                }
                stamp = checkTimeStamp(token, HexFormat.of().parseHex(sha));
            }
            case VerifiedReceipt.WITHDRAWAL -> {
                if (sha != null || size != null || token != null) {
                    throw new ReceiptException("撤回回执不应含有 SHA-256、大小或时间戳",
                            "a withdrawal receipt carries no hash, size or time stamp");
                }
            }
            default -> throw new ReceiptException("未知的回执种类 " + kind, "unknown receipt kind " + kind);
        }
        return new VerifiedReceipt(number(content, "tenderId"), text(content, "tenderCode"), (int) number(content, "lot"),
                number(content, "bidId"), (int) number(content, "version"), kind, sha, size, receivedAt,
                number(content, "auditEventId"), commonName(signer), stamp);
    }

    private X509Certificate checkSigner(JsonNode receipt, Instant at) throws ReceiptException {
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(text(receipt, "signerChain"));
        } catch (IllegalArgumentException e) {
            throw new ReceiptException("签名证书链无法读取", "the signer chain cannot be read");
        }
        if (chain.isEmpty()) {
            throw new ReceiptException("回执没有签名证书", "the receipt names no signing certificate");
        }
        X509Certificate signer = chain.getFirst();
        if (!PLATFORM_SIGNER.equals(X500Name.getInstance(signer.getSubjectX500Principal().getEncoded()))) {
            throw new ReceiptException("回执不是平台签名证书签署的（签名者：" + signer.getSubjectX500Principal().getName() + "）",
                    "the receipt is not signed by the platform's signing certificate (signer: "
                            + signer.getSubjectX500Principal().getName() + ")");
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage == null || !usage[0] || signer.getBasicConstraints() >= 0) {
            throw new ReceiptException("平台签名证书不允许数字签名", "the platform signing certificate does not allow signatures");
        }
        try {
            Pkix.validate(chain, ca, at);
        } catch (CertificateException e) {
            throw new ReceiptException("平台签名证书未通过平台 CA 校验：" + e.getMessage(),
                    "the platform signing certificate does not verify under the platform CA: " + e.getMessage());
        }
        return signer;
    }

    private static void checkSignature(JsonNode receipt, JsonNode content, X509Certificate signer) throws ReceiptException {
        if (!SIGNATURE_ALGORITHM.equals(receipt.path("signatureAlgorithm").asText(null))) {
            throw new ReceiptException("签名算法须为 " + SIGNATURE_ALGORITHM, "the signature algorithm must be " + SIGNATURE_ALGORITHM);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text(receipt, "signature"));
        } catch (IllegalArgumentException e) {
            throw new ReceiptException("签名不是 Base64", "the signature is not base64");
        }
        Map<String, Object> fields = PlatformClient.JSON.convertValue(content, TreeMap.class);
        byte[] canonical = CanonicalJson.write(fields).getBytes(StandardCharsets.UTF_8);
        try {
            Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
            s.initVerify(signer);
            s.update(canonical);
            if (s.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // not verified
        }
        throw new ReceiptException("平台签名与回执内容不符：回执已被改动或不是平台签发",
                "the platform's signature does not match the receipt content: it was altered or not issued by the platform");
    }

    private VerifiedReceipt.TimeStamp checkTimeStamp(String tokenB64, byte[] envelopeSha256) throws ReceiptException {
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(Base64.getDecoder().decode(tokenB64)));
        } catch (Exception e) {
            throw new ReceiptException("时间戳无法解析：" + e.getMessage(), "the time stamp cannot be parsed: " + e.getMessage());
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())
                || !Arrays.equals(info.getMessageImprintDigest(), envelopeSha256)) {
            throw new ReceiptException("时间戳不是针对该投标文件的 SHA-256", "the time stamp is not over the envelope's SHA-256");
        }
        Instant genTime = info.getGenTime().toInstant();
        List<String> failures = new ArrayList<>();
        for (X509Certificate tsa : candidates(token)) {
            try {
                Pkix.validate(List.of(tsa), ca, genTime);
                token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
                return new VerifiedReceipt.TimeStamp(genTime, info.getSerialNumber(), info.getPolicy().getId(), commonName(tsa));
            } catch (CertificateException | TSPValidationException e) {
                failures.add(e.getMessage());
            } catch (TSPException | org.bouncycastle.operator.OperatorCreationException e) {
                failures.add(e.getMessage());
            }
        }
        throw new ReceiptException("时间戳签名未通过校验" + (failures.isEmpty() ? "：找不到时间戳服务证书" : "：" + failures),
                "the time stamp's signature does not verify" + (failures.isEmpty() ? ": no TSA certificate found" : ": " + failures));
    }

    /** TSA certificates naming the token's signer: the ones supplied, then those carried in the token. */
    private List<X509Certificate> candidates(TimeStampToken token) {
        Set<X509Certificate> result = new LinkedHashSet<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509Certificate c : tsaCertificates) {
            try {
                if (token.getSID().match(new JcaX509CertificateHolder(c))) {
                    result.add(c);
                }
            } catch (java.security.cert.CertificateEncodingException ignored) {
                // not a candidate
            }
        }
        @SuppressWarnings("unchecked")
        java.util.Collection<X509CertificateHolder> embedded = token.getCertificates().getMatches(token.getSID());
        for (X509CertificateHolder h : embedded) {
            try {
                result.add(converter.getCertificate(h));
            } catch (CertificateException ignored) {
                // not a candidate
            }
        }
        return new ArrayList<>(result);
    }

    private static String commonName(X509Certificate cert) {
        RDN[] cn = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return cn.length == 0 ? cert.getSubjectX500Principal().getName() : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    private static String text(JsonNode node, String field) throws ReceiptException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new ReceiptException("回执缺少文本字段 " + field, "the receipt has no text field " + field);
        }
        return v.asText();
    }

    private static String nullableText(JsonNode node, String field) throws ReceiptException {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : text(node, field);
    }

    private static long number(JsonNode node, String field) throws ReceiptException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ReceiptException("回执缺少整数字段 " + field, "the receipt has no integer field " + field);
        }
        return v.longValue();
    }

    private static Instant instant(JsonNode node, String field) throws ReceiptException {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new ReceiptException("回执的 " + field + " 不是 ISO-8601 时间", "the receipt's " + field + " is not an ISO-8601 instant");
        }
    }
}
