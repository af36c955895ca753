package cn.sunlight.tools;

import cn.sunlight.crypto.Pem;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify-receipt FILE [--ca FILE | --server URL] [--tsa FILE]}: checks a saved receipt offline against the
 * platform CA and says what it proves. Without {@code --ca} the CA is fetched from the server (its fingerprint is
 * printed for comparison). The TSA certificate is taken from the token itself unless {@code --tsa} names one.
 */
@Command(name = "verify-receipt", resourceBundle = SunlightTools.BUNDLE, mixinStandardHelpOptions = true)
final class VerifyReceiptCommand implements Callable<Integer> {



    @ParentCommand
    SunlightTools tools;
    @Mixin
    Platform platform;
    @picocli.CommandLine.Parameters(index = "0", paramLabel = "FILE", descriptionKey = "param.receipt")
    String file;
    @Option(names = "--tsa", paramLabel = "FILE", descriptionKey = "option.tsa")
    String tsaOption;


    @Override
    public Integer call() throws ToolException {
        Report report = tools.report;
        Path file = Args.path(this.file)
                .orElseThrow(() -> ToolException.usage("缺少回执文件：verify-receipt FILE", "no receipt file: verify-receipt FILE"));
        JsonNode receipt = ReceiptFiles.read(file);
        Optional<Path> caFile = platform.ca();
        X509Certificate ca = caFile.isPresent() ? PlatformTrust.readCa(caFile.get())
                : PlatformTrust.resolve(Optional.empty(), null, platform.client(), report);
        List<X509Certificate> tsa = List.of();
        Optional<Path> tsaFile = Args.path(tsaOption);
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
