package cn.sunlight.auction.verify;

import cn.sunlight.crypto.Pem;
import cn.sunlight.tools.ToolException;
import cn.sunlight.tools.WriterStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;

/**
 * {@code replay-auction EXPORT [--ca FILE]}: the offline auction replay ({@link AuctionReplay}). Exit 0 the replay
 * reproduces the declared result, 1 it does not, 2 usage or unreadable input.
 */
@Command(name = "replay-auction", resourceBundle = "cn.sunlight.tools.Messages", mixinStandardHelpOptions = true)
public final class ReplayAuctionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPORT", descriptionKey = "param.auction-export")
    Path export;

    @Option(names = "--ca", paramLabel = "FILE", descriptionKey = "option.auction-ca")
    Path caFile;

    @Override
    public Integer call() throws ToolException {
        PrintStream out = WriterStream.of(spec.commandLine().getOut());
        X509Certificate ca = null;
        try {
            if (caFile != null) {
                ca = Pem.readCertificate(Files.readString(caFile));
            }
            try (InputStream in = Files.newInputStream(export)) {
                AuctionReplay.Result r = AuctionReplay.replay(in, ca, out);
                out.println(r.ok() ? "OK: " + r.message() : "FAIL: " + r.message());
                return r.ok() ? ToolException.OK : ToolException.REFUSED;
            }
        } catch (IOException | RuntimeException e) {
            throw ToolException.local("无法读取输入：" + e.getMessage(), "cannot read input: " + e.getMessage(), e);
        }
    }
}
