package cn.sunlight.tools;

import cn.sunlight.crypto.KeyPairs;
import cn.sunlight.crypto.OpeningCertificateInfo;
import cn.sunlight.crypto.Pem;
import cn.sunlight.tender.CryptoSuite;
import com.fasterxml.jackson.databind.JsonNode;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tool needs to know about a tender ({@code GET /api/tenders/{id}}, public) and its opening certificate; the
 * suite decides how the bid is sealed and signed (SM4-GCM / SM2 / SM3withSM2 for a national tender).
 */
record TenderFacts(long id, String code, String title, Instant deadline, List<Integer> lots, CryptoSuite suite) {

    static TenderFacts fetch(PlatformClient client, long id) throws ToolException {
        JsonNode t = client.getJson("/api/tenders/" + id);
        String code = t.path("code").asText(null);
        String deadline = t.path("schedule").path("bidDeadline").asText(null);
        if (code == null || deadline == null) {
            throw ToolException.local("招标项目 " + id + " 尚未发布（没有项目编号或投标截止时间）",
                    "tender " + id + " is not published (no code or bid deadline)", null);
        }
        List<Integer> lots = new ArrayList<>();
        for (JsonNode lot : t.path("lots")) {
            lots.add(lot.path("number").asInt());
        }
        CryptoSuite suite;
        try {
            suite = CryptoSuite.valueOf(t.path("cryptoSuite").asText("INTERNATIONAL"));
        } catch (IllegalArgumentException e) {
            throw ToolException.local("本工具不支持该项目的算法套件：" + t.path("cryptoSuite").asText(),
                    "this tool does not know the tender's algorithm suite: " + t.path("cryptoSuite").asText(), e);
        }
        try {
            return new TenderFacts(id, code, t.path("title").asText(""), Instant.parse(deadline), lots, suite);
        } catch (DateTimeParseException e) {
            throw ToolException.local("投标截止时间无法解析：" + deadline, "the bid deadline cannot be read: " + deadline, e);
        }
    }

    void requireLot(int lot) throws ToolException {
        if (!lots.contains(lot)) {
            throw ToolException.usage("招标项目 " + code + " 没有第 " + lot + " 标段（共有 " + lots + "）",
                    "tender " + code + " has no lot " + lot + " (lots: " + lots + ")");
        }
    }

    /**
     * The tender's opening certificate, checked before anything is encrypted to it: issued by the platform CA and
     * valid now, and binding this tender's id, code and current deadline.
     */
    X509Certificate openingCertificate(PlatformClient client, X509Certificate ca, Instant now) throws ToolException {
        String source = "/api/tenders/" + id + "/opening-certificate.pem";
        X509Certificate cert;
        try {
            List<X509Certificate> certs = Pem.readCertificates(client.getText(source));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate");
            }
            cert = certs.getFirst();
        } catch (IllegalArgumentException e) {
            throw ToolException.local(source + " 不是 PEM 证书", source + " is not a PEM certificate", e);
        }
        try {
            Pkix.validate(List.of(cert), ca, now);
        } catch (CertificateException e) {
            throw ToolException.local("开标证书不是平台 CA 签发的有效证书，拒绝加密：" + e.getMessage(),
                    "the opening certificate is not a valid certificate of the platform CA; not encrypting to it: "
                            + e.getMessage(), e);
        }
        if ((suite == CryptoSuite.NATIONAL) != KeyPairs.isSm2(cert.getPublicKey())) {
            throw ToolException.local("开标证书的密钥与项目的算法套件不符（" + suite + "）",
                    "the opening certificate's key does not match the tender's suite (" + suite + ")", null);
        }
        OpeningCertificateInfo info;
        try {
            info = OpeningCertificateInfo.of(cert);
        } catch (IllegalArgumentException e) {
            throw ToolException.local("证书不是开标证书：" + e.getMessage(), "not an opening certificate: " + e.getMessage(), e);
        }
        if (info.tenderId() != id || !info.tenderCode().equals(code) || !info.deadline().equals(deadline)) {
            throw ToolException.local("开标证书属于其他招标项目或截止时间（证书：" + info.tenderCode() + "，ID " + info.tenderId()
                            + "，截止 " + info.deadline() + "；项目：" + code + "，ID " + id + "，截止 " + deadline + "）",
                    "the opening certificate is for another tender or deadline (certificate: " + info.tenderCode() + ", id "
                            + info.tenderId() + ", deadline " + info.deadline() + "; tender: " + code + ", id " + id
                            + ", deadline " + deadline + ")", null);
        }
        return cert;
    }

    /** The TSA's certificates as the platform publishes them ({@code /api/pki/tsa.pem}). */
    static List<X509Certificate> tsaCertificates(PlatformClient client) throws ToolException {
        try {
            return Pem.readCertificates(client.getText("/api/pki/tsa.pem"));
        } catch (IllegalArgumentException e) {
            throw ToolException.local("/api/pki/tsa.pem 不是 PEM 证书", "/api/pki/tsa.pem is not PEM", e);
        }
    }
}
