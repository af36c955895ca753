package cn.sunlight.bond.service;

import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.common.input.Bounds;
import cn.sunlight.crypto.CryptoProviders;
import cn.sunlight.crypto.Pem;
import cn.sunlight.crypto.PlatformCa;
import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and verifies an electronic guarantee: a CMS SignedData (DER, or PEM "-----BEGIN CMS-----"/PKCS7) whose
 * encapsulated content is the guarantee as JSON — {@code guaranteeNo, guarantor, tenderCode, lot, bidderCreditCode,
 * amount, validFrom, validUntil} — signed by the guarantor with a certificate that chains (certificates carried in the
 * CMS) to a CA on the guarantor trust list. Only what the signature covers is read.
 */
public final class GuaranteeVerifier {

    public record Guarantee(String guaranteeNo, String guarantor, String tenderCode, int lot, String bidderCreditCode,
                            BigDecimal amount, LocalDate validFrom, LocalDate validUntil, String signerSubject) {
    }

    private GuaranteeVerifier() {
    }

    public static Guarantee verify(byte[] document, List<X509Certificate> anchors, Instant at) {
        CMSSignedData cms = parse(document);
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1 || !(cms.getSignedContent() != null && cms.getSignedContent().getContent() instanceof byte[] content)) {
            throw refused("document", "guarantee-signature", Text.of("保函应为含正文、单一签名者的 CMS 签名数据",
                    "the guarantee must be CMS signed data with its content and exactly one signer"));
        }
        SignerInformation signer = signers.iterator().next();
        List<X509Certificate> carried = new ArrayList<>();
        try {
            for (Object h : cms.getCertificates().getMatches(null)) {
                carried.add(Pem.certificate((X509CertificateHolder) h));
            }
        } catch (GeneralSecurityException e) {
            throw refused("document", "guarantee-signature", Text.of("保函中的证书无法解析", "a certificate in the guarantee cannot be read"));
        }
        X509Certificate signerCert = carried.stream().filter(c -> signer.getSID().match(holder(c))).findFirst()
                .orElseThrow(() -> refused("document", "guarantee-signature", Text.of("保函未附签名者证书",
                        "the guarantee does not carry the signer's certificate")));
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(CryptoProviders.bouncyCastle()).build(signerCert))) {
                throw new CMSException("signature does not verify");
            }
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw refused("document", "guarantee-signature", Text.of("保函签名验证失败（内容被改动或签名无效）",
                    "the guarantee's signature does not verify (content altered or signature invalid)"));
        }
        chain(signerCert, carried, anchors, at);
        return content(content, signerCert.getSubjectX500Principal().getName());
    }

    private static CMSSignedData parse(byte[] document) {
        byte[] der = document;
        String head = new String(document, 0, Math.min(document.length, 64), StandardCharsets.US_ASCII);
        if (head.startsWith("-----BEGIN")) {
            String text = new String(document, StandardCharsets.US_ASCII).replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
            try {
                der = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw refused("document", "guarantee-format", Text.of("PEM 编码无效", "invalid PEM encoding"));
            }
        }
        try {
            return new CMSSignedData(der);
        } catch (CMSException | RuntimeException e) {
            throw refused("document", "guarantee-format", Text.of("不是 CMS 签名数据（PKCS#7）", "not CMS signed data (PKCS#7)"));
        }
    }

    private static X509CertificateHolder holder(X509Certificate c) {
        try {
            return new X509CertificateHolder(c.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKIX from the signer through the carried certificates to one of the trust list's anchors, at the upload time. */
    private static void chain(X509Certificate signer, List<X509Certificate> carried, List<X509Certificate> anchors, Instant at) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(signer);
        X509Certificate current = signer;
        Set<X509Certificate> seen = new HashSet<>(path);
        Set<java.security.PublicKey> anchorKeys = new HashSet<>();
        anchors.forEach(a -> anchorKeys.add(a.getPublicKey()));
        while (path.size() < 6) {
            X509Certificate cur = current;
            if (anchors.stream().anyMatch(a -> a.getSubjectX500Principal().equals(cur.getIssuerX500Principal()))) {
                break;
            }
            X509Certificate next = carried.stream().filter(c -> !seen.contains(c)
                    && c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())).findFirst().orElse(null);
            if (next == null) {
                break;
            }
            path.add(next);
            seen.add(next);
            current = next;
        }
        if (anchors.isEmpty()) {
            throw untrusted(signer);
        }
        try {
            Set<TrustAnchor> set = new HashSet<>();
            anchors.forEach(a -> set.add(new TrustAnchor(a, null)));
            PKIXParameters p = new PKIXParameters(set);
            p.setRevocationEnabled(false);
            p.setDate(Date.from(at));
            PlatformCa.validate(path, p);
        } catch (GeneralSecurityException e) {
            throw untrusted(signer);
        }
    }

    private static ProblemException untrusted(X509Certificate signer) {
        return refused("issuer", "guarantee-trust-list", Text.of("保函签发人证书（" + signer.getIssuerX500Principal().getName()
                + "）不在平台担保机构信任列表中或已失效", "the guarantor's certificate (issued by " + signer.getIssuerX500Principal().getName()
                + ") does not chain to the platform's guarantor trust list, or is not valid now"));
    }

    private static Guarantee content(byte[] content, String signerSubject) {
        JsonNode n;
        try {
            n = CanonicalJson.mapper().readTree(content);
        } catch (java.io.IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw refused("document", "guarantee-format", Text.of("保函正文应为 JSON 对象", "the guarantee content must be a JSON object"));
        }
        String no = text(n, "guaranteeNo", 64);
        String guarantor = text(n, "guarantor", 200);
        String tender = text(n, "tenderCode", 64);
        String bidder = text(n, "bidderCreditCode", 18);
        if (!n.path("lot").canConvertToInt()) {
            throw refused("lot", "guarantee-format", Text.of("标段号缺失或无效", "the lot number is missing or invalid"));
        }
        BigDecimal amount = Bounds.decimal("amount", n.path("amount").asText(""), Bounds.MONEY_INTEGER_DIGITS, Bounds.MONEY_FRACTION_DIGITS);
        LocalDate from = date(n, "validFrom");
        LocalDate until = date(n, "validUntil");
        if (until.isBefore(from)) {
            throw refused("validUntil", "guarantee-format", Text.of("有效期截止早于起始日", "validUntil is before validFrom"));
        }
        return new Guarantee(no, guarantor, tender, n.path("lot").asInt(), bidder, amount, from, until, signerSubject);
    }

    private static String text(JsonNode n, String field, int max) {
        String v = n.path(field).isTextual() ? n.path(field).asText().strip() : "";
        if (v.isEmpty() || v.length() > max) {
            throw refused(field, "guarantee-format", Text.of(field + " 必填，最多 " + max + " 字", field + " is required, at most " + max + " characters"));
        }
        return v;
    }

    private static LocalDate date(JsonNode n, String field) {
        try {
            return LocalDate.parse(n.path(field).asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            throw refused(field, "guarantee-format", Text.of(field + " 应为 YYYY-MM-DD", field + " must be YYYY-MM-DD"));
        }
    }

    static ProblemException refused(String field, String rule, Text message) {
        return refused(new Violation(field, rule, message, null, null));
    }

    static ProblemException refused(Violation v) {
        return new ProblemException(422, "guarantee-refused", Text.of("电子保函未通过验证", "The electronic guarantee was refused"), List.of(v));
    }
}
