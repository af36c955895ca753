package cn.sunlight.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Directory of PEM key material: for each entry {@code name}, the private key in {@code <name>.key.pem} (unencrypted
 * PKCS#8, mode 600 where the file system is POSIX) and the certificate chain, leaf first, in {@code <name>.crt.pem}.
 * The directory itself is created with mode 700.
 *
 * <p>Entries are created once and reused at the next start. {@link #loadOrCreate} is safe against concurrent callers in
 * this JVM (a lock per directory entry shared by all instances) and in other processes (an OS file lock on
 * {@code .<name>.lock}). Files are written to a temporary file and atomically renamed; the certificate file is written
 * last, so an entry whose certificate file exists is complete. A key file without a certificate file is the trace of
 * an interrupted creation and is overwritten; a certificate without its key is an error (it is never silently
 * replaced, because replacing the platform CA would orphan every certificate it issued).
 *
 * <p>Configured by {@value #CONFIG_KEY} (see {@link CryptoBeans}); tests use {@link #KeyDirectory(Path)}.
 */
public final class KeyDirectory {

    /** Configuration key of the key directory. */
    public static final String CONFIG_KEY = "sunlight.keys.dir";
    /** Default key directory, relative to the working directory. */
    public static final String DEFAULT_DIR = "var/keys";

    private static final System.Logger LOG = System.getLogger(KeyDirectory.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RW_OTHERS_R = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter ARCHIVE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** One monitor per entry file path, shared by every KeyDirectory instance in this JVM. */
    private static final ConcurrentMap<Path, Object> ENTRY_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    public KeyDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path privateKeyFile(String name) {
        return dir.resolve(checkName(name) + ".key.pem");
    }

    public Path certificateFile(String name) {
        return dir.resolve(checkName(name) + ".crt.pem");
    }

    /** The entry {@code name} if it exists and is complete. */
    public Optional<KeyMaterial> load(String name) {
        synchronized (monitor(name)) {
            try (EntryLock ignored = lockEntry(name)) {
                return read(name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load key entry " + name + " from " + dir, e);
            }
        }
    }

    /**
     * The entry {@code name}; created with {@code creator} and stored if it does not exist yet. Every caller, in any
     * thread or process sharing the directory, gets the same key material; {@code creator} runs at most once.
     */
    public KeyMaterial loadOrCreate(String name, Supplier<KeyMaterial> creator) {
        return loadOrCreate(name, creator, existing -> true);
    }

    /**
     * Like {@link #loadOrCreate(String, Supplier)}, but an existing entry that fails {@code stillUsable} (for example a
     * certificate close to expiry) is archived as {@code <name>.<UTC time>.key.pem/.crt.pem} and replaced by a new one.
     */
    public KeyMaterial loadOrCreate(String name, Supplier<KeyMaterial> creator, Predicate<KeyMaterial> stillUsable) {
        synchronized (monitor(name)) {
            try (EntryLock ignored = lockEntry(name)) {
                Optional<KeyMaterial> existing = read(name);
                if (existing.isPresent()) {
                    if (stillUsable.test(existing.get())) {
                        return existing.get();
                    }
                    archive(name);
                }
                KeyMaterial created = creator.get();
                write(name, created);
                LOG.log(Level.INFO, "created key entry {0} in {1}: {2}", name, dir, created);
                return created;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load or create key entry " + name + " in " + dir, e);
            }
        }
    }

    private Object monitor(String name) {
        return ENTRY_LOCKS.computeIfAbsent(certificateFile(name), k -> new Object());
    }

    /** An OS lock on {@code .<name>.lock}, excluding other processes that use the same directory. */
    private EntryLock lockEntry(String name) throws IOException {
        createDirectory();
        FileChannel channel = FileChannel.open(dir.resolve("." + checkName(name) + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new EntryLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private record EntryLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (isPosix(parent == null ? dir.getRoot() : parent)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
        }
    }

    private Optional<KeyMaterial> read(String name) throws IOException {
        Path keyFile = privateKeyFile(name);
        Path certFile = certificateFile(name);
        boolean hasKey = Files.exists(keyFile);
        boolean hasCert = Files.exists(certFile);
        if (!hasCert) {
            if (hasKey) {
                LOG.log(Level.WARNING, "{0} has no certificate file (interrupted creation?); it will be recreated", keyFile);
            }
            return Optional.empty();
        }
        if (!hasKey) {
            throw new IllegalStateException("certificate " + certFile + " exists but its private key " + keyFile
                    + " is missing; refusing to replace it");
        }
        warnIfReadableByOthers(keyFile);
        PrivateKey key = Pem.readPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        List<X509Certificate> chain = Pem.readCertificates(Files.readString(certFile, StandardCharsets.US_ASCII));
        if (chain.isEmpty()) {
            throw new IllegalStateException("no certificate in " + certFile);
        }
        if (!keyMatches(key, chain.get(0).getPublicKey())) {
            throw new IllegalStateException("private key " + keyFile + " does not belong to certificate " + certFile);
        }
        return Optional.of(new KeyMaterial(key, chain));
    }

    private void write(String name, KeyMaterial material) throws IOException {
        if (!keyMatches(material.privateKey(), material.publicKey())) {
            throw new IllegalArgumentException("private key does not belong to the certificate of " + name);
        }
        // key first, certificate last: the certificate file marks a complete entry
        writeAtomically(privateKeyFile(name), Pem.write(material.privateKey()), OWNER_RW);
        writeAtomically(certificateFile(name), Pem.write(material.chain()), OWNER_RW_OTHERS_R);
    }

    private void archive(String name) throws IOException {
        String stamp = ARCHIVE_STAMP.format(Clock.systemUTC().instant());
        Path keyFile = privateKeyFile(name);
        Path certFile = certificateFile(name);
        // certificate first: if we stop half-way the entry reads as "interrupted creation" and is recreated
        Files.move(certFile, dir.resolve(name + "." + stamp + ".crt.pem"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(keyFile, dir.resolve(name + "." + stamp + ".key.pem"), StandardCopyOption.ATOMIC_MOVE);
        LOG.log(Level.INFO, "archived key entry {0} in {1} as {0}.{2}", name, dir, stamp);
    }

    private void writeAtomically(Path target, String content, Set<PosixFilePermission> permissions) throws IOException {
        boolean posix = isPosix(dir);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, permissions);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void warnIfReadableByOthers(Path keyFile) throws IOException {
        if (isPosix(keyFile)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (!OWNER_RW.containsAll(permissions)) {
                LOG.log(Level.WARNING, "private key file {0} has mode {1}; expected rw-------", keyFile,
                        PosixFilePermissions.toString(permissions));
            }
        }
    }

    private static boolean isPosix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Whether {@code privateKey} is the private half of {@code publicKey}: signs a random challenge and verifies it.
     * Key types other than RSA, EC and EdDSA are not checked.
     */
    static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid key entry name: " + name);
        }
        return name;
    }
}
