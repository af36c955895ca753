package cn.sunlight.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The folder a bidder prepares: {@value #OPENING_FORM} (the items read out at the opening; at least
 * {@code price}) and the bid documents, in any sub-folders. The tool's own receipts
 * ({@code receipt-*.json} at the top) are not part of the bid.
 *
 * <p>The ZIP is deterministic: regular files only, sorted by their path (with {@code /}), no directory entries,
 * every entry dated 1980-01-01 00:00 (the earliest DOS date, no extended time fields), UTF-8 names, deflated.
 * The same folder always gives the same entries in the same order.
 */
final class BidFolder {

    static final String OPENING_FORM = "opening-form.json";
    private static final Pattern OWN_RECEIPT = Pattern.compile("receipt-.*\\.json");
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** One file of the bid: its path inside the ZIP and on disk. */
    record Entry(String name, Path file) {
    }

    private final Path root;

    BidFolder(Path root) {
        this.root = root;
    }

    /** The bid price as written in the opening form (decimals kept exactly as written). */
    static String price(JsonNode openingForm) {
        JsonNode price = openingForm.get("price");
        return price.isNumber() ? price.decimalValue().toPlainString() : price.asText();
    }

    /** The opening form, checked: a JSON object with a non-empty {@code price}. */
    JsonNode openingForm() throws ToolException {
        Path form = root.resolve(OPENING_FORM);
        if (!Files.isRegularFile(form, LinkOption.NOFOLLOW_LINKS)) {
            throw ToolException.usage("投标文件夹中缺少开标一览表 " + OPENING_FORM + "（" + root + "）",
                    "the bid folder has no opening form " + OPENING_FORM + " (" + root + ")");
        }
        JsonNode json;
        try {
            json = PlatformClient.JSON.readTree(form.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ToolException.usage(OPENING_FORM + " 不是合法的 JSON：" + e.getOriginalMessage(),
                    OPENING_FORM + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ToolException.local("无法读取 " + form, "cannot read " + form, e);
        }
        if (json == null || !json.isObject()) {
            throw ToolException.usage(OPENING_FORM + " 须为 JSON 对象，例如 {\"price\": \"9200000.00\", …}",
                    OPENING_FORM + " must be a JSON object, e.g. {\"price\": \"9200000.00\", …}");
        }
        JsonNode price = json.get("price");
        boolean ok = price != null && (price.isNumber() || price.isTextual() && !price.asText().isBlank());
        if (!ok) {
            throw ToolException.usage(OPENING_FORM + " 缺少投标报价 price（数字或字符串）",
                    OPENING_FORM + " has no bid price \"price\" (number or string)");
        }
        return json;
    }

    /**
     * The files that make up the bid, sorted by name. Symbolic links are refused rather than silently followed, and
     * so is a private key (a PEM private key, or the key directory inside the folder): the opening reveals the bid to
     * the tendering side.
     */
    List<Entry> entries(Path keysDir) throws ToolException {
        if (keysDir.startsWith(root)) {
            throw ToolException.usage("密钥目录位于投标文件夹内，私钥会随投标文件在开标时公开：请移出 " + keysDir,
                    "the key directory is inside the bid folder and would be revealed at the opening with the bid: move " + keysDir);
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path relative = root.relativize(p);
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw ToolException.usage("投标文件夹中有符号链接或特殊文件，请改为普通文件：" + relative,
                            "the bid folder holds a symbolic link or special file; use a regular file: " + relative);
                }
                if (relative.getNameCount() == 1 && OWN_RECEIPT.matcher(relative.toString()).matches()) {
                    continue;
                }
                if (isPrivateKey(p)) {
                    throw ToolException.usage("投标文件夹中有私钥文件，开标时会被公开：" + relative,
                            "the bid folder holds a private key, which the opening would reveal: " + relative);
                }
                StringBuilder name = new StringBuilder();
                for (Path part : relative) {
                    name.append(name.isEmpty() ? "" : "/").append(part);
                }
                entries.add(new Entry(name.toString(), p));
            }
        } catch (IOException e) {
            throw ToolException.local("无法读取投标文件夹 " + root + "：" + e.getMessage(), "cannot read the bid folder "
                    + root + ": " + e.getMessage(), e);
        }
        entries.sort(java.util.Comparator.comparing(Entry::name));
        return entries;
    }

    private static boolean isPrivateKey(Path file) throws IOException {
        byte[] head = new byte[128];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        return start.stripLeading().startsWith("-----BEGIN") && start.contains("PRIVATE KEY-----");
    }

    /** Writes the ZIP of {@code entries} to {@code zip}, streaming each file. */
    static void zip(List<Entry> entries, Path zip) throws ToolException {
        try (OutputStream file = Files.newOutputStream(zip);
             ZipOutputStream out = new ZipOutputStream(new java.io.BufferedOutputStream(file, 64 * 1024))) {
            for (Entry e : entries) {
                ZipEntry entry = new ZipEntry(e.name());
                entry.setTimeLocal(ENTRY_TIME);
                entry.setMethod(ZipEntry.DEFLATED);
                out.putNextEntry(entry);
                try (InputStream in = Files.newInputStream(e.file())) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw ToolException.local("打包投标文件失败：" + e.getMessage(), "packing the bid failed: " + e.getMessage(), e);
        }
    }
}
