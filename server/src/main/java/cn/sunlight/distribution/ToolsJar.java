package cn.sunlight.distribution;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bidder's standalone tools jar (module {@code tools}), which the build puts on this application's class path
 * ({@code sunlight-tools/sunlight-tools.jar}). Bidders download it from the platform and check its SHA-256, which is
 * computed once from the bytes served (never a number written down beside them).
 */
@ApplicationScoped
public class ToolsJar {

    public static final String FILE_NAME = "sunlight-tools.jar";
    static final String RESOURCE = "sunlight-tools/" + FILE_NAME;

    /** Size and digest of the jar this instance serves. */
    public record Facts(long size, byte[] sha256) {

        public String sha256Hex() {
            return HexFormat.of().formatHex(sha256);
        }

        /** RFC 9530 {@code Repr-Digest} value. */
        public String reprDigest() {
            return "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":";
        }

        /** One line in the format {@code sha256sum -c} reads. */
        public String checksumLine() {
            return sha256Hex() + "  " + FILE_NAME + "\n";
        }
    }

    private volatile Optional<Facts> facts;

    /** Empty when this build carries no tools jar (a server built without the tools module). */
    public Optional<Facts> facts() {
        Optional<Facts> f = facts;
        if (f == null) {
            synchronized (this) {
                f = facts;
                if (f == null) {
                    facts = f = measure();
                }
            }
        }
        return f;
    }

    public Facts require() {
        return facts().orElseThrow(() -> new ProblemException(404, "tools-jar-missing",
                Text.of("本平台未附带投标人工具", "this platform build carries no bidder's tools jar")));
    }

    public InputStream open() {
        InputStream in = loader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new ProblemException(404, "tools-jar-missing",
                    Text.of("本平台未附带投标人工具", "this platform build carries no bidder's tools jar"));
        }
        return in;
    }

    private static Optional<Facts> measure() {
        try (InputStream in = loader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                size += n;
            }
            return Optional.of(new Facts(size, sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ToolsJar.class.getClassLoader();
    }
}
