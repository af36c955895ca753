package cn.sunlight.audit.verify;

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
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code verify-log EXPORT [--log-key KEY] [--witness-key KEY] [RECEIPT...]}: the offline audit-log verifier
 * ({@link LogVerifier}). Exit 0 verified, 1 verification failed, 2 usage or unreadable input.
 */
@Command(name = "verify-log", resourceBundle = "cn.sunlight.tools.Messages", mixinStandardHelpOptions = true)
public final class VerifyLogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPORT", descriptionKey = "param.export")
    Path export;

    @Parameters(index = "1..*", paramLabel = "RECEIPT", descriptionKey = "param.inclusion")
    List<Path> receipts = List.of();

    @Option(names = "--log-key", paramLabel = "KEY", descriptionKey = "option.log-key")
    String logKey;

    @Option(names = "--witness-key", paramLabel = "KEY", descriptionKey = "option.witness-key")
    String witnessKey;

    @Override
    public Integer call() throws ToolException {
        PrintStream out = WriterStream.of(spec.commandLine().getOut());
        try (InputStream in = Files.newInputStream(export)) {
            LogVerifier.Result r = LogVerifier.verify(in, logKey, witnessKey, receipts, out);
            out.println(r.ok() ? "OK: " + r.message() : "FAIL: " + r.message());
            return r.ok() ? ToolException.OK : ToolException.REFUSED;
        } catch (IOException e) {
            throw ToolException.local("无法读取 " + export + "：" + e.getMessage(), "cannot read " + export + ": " + e.getMessage(), e);
        }
    }
}
