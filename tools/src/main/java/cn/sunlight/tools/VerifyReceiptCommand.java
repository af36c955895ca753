package cn.sunlight.tools;

import cn.sunlight.crypto.Pem;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code verify-receipt FILE [--ca FILE | --server URL] [--tsa FILE]}: checks a saved receipt offline against the
 * platform CA and says what it proves. Without {@code --ca} the CA is fetched from the server (its fingerprint is
 * printed for comparison). The TSA certificate is taken from the token itself unless {@code --tsa} names one.
 */
final class VerifyReceiptCommand {

    static final Set<String> OPTIONS = Set.of("server", "ca", "tsa");

    private final ToolArgs args;
    private final Report report;

    VerifyReceiptCommand(ToolArgs args, Report report) {
        this.args = args;
        this.report = report;
    }

    int run() throws ToolException {
        args.allow(OPTIONS, 1);
        Path file = args.positional(0).map(args::path)
                .orElseThrow(() -> ToolException.usage("缺少回执文件：verify-receipt FILE", "no receipt file: verify-receipt FILE"));
        JsonNode receipt = ReceiptFiles.read(file);
        Optional<Path> caFile = args.optionalPath("ca");
        X509Certificate ca = caFile.isPresent() ? PlatformTrust.readCa(caFile.get())
                : PlatformTrust.resolve(Optional.empty(), null, new PlatformClient(args.server()), report);
        List<X509Certificate> tsa = List.of();
        Optional<Path> tsaFile = args.optionalPath("tsa");
        if (tsaFile.isPresent()) {
            try {
                tsa = Pem.readCertificates(Files.readString(tsaFile.get()));
            } catch (IOException | IllegalArgumentException e) {
                throw ToolException.usage("无法读取 TSA 证书 " + tsaFile.get(), "cannot read the TSA certificate " + tsaFile.get());
            }
        }
        VerifiedReceipt verified;
        try {
            verified = new ReceiptVerifier(ca, tsa).verify(receipt);
        } catch (ReceiptException e) {
            throw e.toolException();
        }
        report.line("平台 CA / Platform CA: SHA-256 " + Pkix.fingerprint(ca));
        verified.print(report, "回执核验通过。它证明平台签署确认了：", "The receipt verifies. It proves that the platform signed:");
        if (verified.envelopeSha256() != null) {
            report.line("回执只标识密文（SHA-256），不含投标内容。/ The receipt identifies the sealed envelope by its SHA-256; it does not contain the bid.");
        }
        return ToolException.OK;
    }
}
