package cn.sunlight.tools;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** A private working directory for the plaintext ZIP and the envelope (owner-only where the file system allows). */
final class TempDir {

    private TempDir() {
    }

    static Path create() throws ToolException {
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempDirectory("sunlight-bid-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.createTempDirectory("sunlight-bid-");
        } catch (IOException e) {
            throw ToolException.local("无法创建临时目录：" + e.getMessage(), "cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: the system's temporary directory is cleaned eventually
        }
    }
}
