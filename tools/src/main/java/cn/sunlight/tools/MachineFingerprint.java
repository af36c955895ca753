package cn.sunlight.tools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the tool tells the platform about the machine that prepared a bid ({@code X-Bid-Fingerprint}), for the
 * collusion signals supervisors look at (实施条例 Art. 40; same machine, same "file creation code"):
 * <ul>
 *   <li>{@code hostHash}: SHA-256 (hex) of the lower-cased host name;</li>
 *   <li>{@code macHash}: SHA-256 (hex) of the MAC addresses of the non-loopback interfaces, each as
 *       {@code aa:bb:cc:dd:ee:ff}, sorted, joined with {@code ,};</li>
 *   <li>{@code fileCreationCode}: a random code created once per installation and kept in {@code <keys>/tool-id};</li>
 *   <li>{@code tool}: {@value #TOOL}.</li>
 * </ul>
 * A value the machine cannot give (no host name, no interface with a MAC address) is sent as null rather than as
 * the hash of an empty string, which every such machine would share.
 */
record MachineFingerprint(String hostHash, String macHash, String fileCreationCode, String tool) {

    static final String TOOL = "sunlight-bidder-tool/1";
    static final String TOOL_ID_FILE = "tool-id";
    private static final Pattern CODE = Pattern.compile("[0-9a-f]{32}");

    static MachineFingerprint collect(Path keysDir) throws ToolException {
        return new MachineFingerprint(hashHostName(), hashMacAddresses(), fileCreationCode(keysDir), TOOL);
    }

    /** The header value: base64 of the JSON object. */
    String header() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hostHash", hostHash);
        m.put("macHash", macHash);
        m.put("fileCreationCode", fileCreationCode);
        m.put("tool", tool);
        try {
            return Base64.getEncoder().encodeToString(PlatformClient.JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hashHostName() {
        String host = null;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : System.getenv("COMPUTERNAME");
        }
        return host == null || host.isBlank() ? null : sha256Hex(host.strip().toLowerCase(Locale.ROOT));
    }

    static String hashMacAddresses() {
        TreeSet<String> macs = new TreeSet<>();
        try {
            for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                if (ni.isLoopback()) {
                    continue;
                }
                byte[] mac = ni.getHardwareAddress();
                if (mac == null || mac.length == 0 || allZero(mac)) {
                    continue;
                }
                macs.add(HexFormat.ofDelimiter(":").formatHex(mac));
            }
        } catch (SocketException e) {
            return null;
        }
        return macs.isEmpty() ? null : sha256Hex(String.join(",", macs));
    }

    /** The installation's code, created (128 random bits, hex) on first use. */
    static String fileCreationCode(Path keysDir) throws ToolException {
        Path file = keysDir.resolve(TOOL_ID_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[16];
                new SecureRandom().nextBytes(random);
                try {
                    Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException raced) {
                    // another run created it first: use theirs
                }
            }
            String code = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!CODE.matcher(code).matches()) {
                throw ToolException.usage(file + " 内容不是工具识别码（32 位十六进制）", file + " does not hold a tool id (32 hex digits)");
            }
            return code;
        } catch (IOException e) {
            throw ToolException.local("无法读写 " + file + "：" + e.getMessage(), "cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
