package cn.sunlight.tools;

import cn.sunlight.crypto.Pem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Which platform CA the tool trusts. A CA given with {@code --ca}, or else the root at the end of the bidder's own
 * certificate chain (obtained when the keys were certified), is pinned: the CA the server presents must be the same
 * certificate, so a server that is not the platform cannot slip in its own CA. Without either, the CA the server
 * presents is used and its fingerprint printed for comparison.
 */
final class PlatformTrust {

    private PlatformTrust() {
    }

    static X509Certificate resolve(Optional<Path> caFile, BidderKeys keys, PlatformClient server, Report report)
            throws ToolException {
        Optional<X509Certificate> pinned = caFile.isPresent() ? Optional.of(readCa(caFile.get()))
                : keys == null ? Optional.empty() : keys.rootCa();
        if (server == null) {
            return pinned.orElseThrow(() -> ToolException.usage("需要平台 CA：使用 --ca 文件或 --server",
                    "the platform CA is needed: give --ca FILE or --server"));
        }
        X509Certificate presented = parseCa(server.getText("/api/pki/ca.pem"), server.base() + "/api/pki/ca.pem");
        if (pinned.isPresent()) {
            if (!pinned.get().equals(presented)) {
                throw ToolException.local("平台出示的 CA 证书（SHA-256 " + Pkix.fingerprint(presented) + "）与本地信任的 CA（"
                                + Pkix.fingerprint(pinned.get()) + "）不同：拒绝继续",
                        "the CA the server presents (SHA-256 " + Pkix.fingerprint(presented)
                                + ") is not the CA trusted locally (" + Pkix.fingerprint(pinned.get()) + "): stopping", null);
            }
            return pinned.get();
        }
        report.warn("使用服务器出示的平台 CA（SHA-256 " + Pkix.fingerprint(presented) + "），请与平台公布的指纹核对",
                "using the CA the server presents (SHA-256 " + Pkix.fingerprint(presented)
                        + "); compare it with the fingerprint the platform publishes");
        return presented;
    }

    static X509Certificate readCa(Path file) throws ToolException {
        try {
            return parseCa(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw ToolException.usage("无法读取 CA 文件 " + file, "cannot read the CA file " + file);
        }
    }

    private static X509Certificate parseCa(String pem, String source) throws ToolException {
        try {
            List<X509Certificate> certs = Pem.readCertificates(pem);
            if (certs.size() != 1) {
                throw new CertificateException("expected exactly one certificate, found " + certs.size());
            }
            return Pkix.requireRoot(certs.getFirst());
        } catch (CertificateException | IllegalArgumentException e) {
            throw ToolException.local(source + " 不是平台 CA 证书：" + e.getMessage(),
                    source + " is not a platform CA certificate: " + e.getMessage(), e);
        }
    }
}
