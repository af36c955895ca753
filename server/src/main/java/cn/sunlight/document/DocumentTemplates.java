package cn.sunlight.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Renders the operator-editable document templates (Qute, XHTML) in the directory
 * {@code sunlight.templates.dir} (default {@code templates}, relative to the working directory).
 * <p>
 * A template is named by its file name with or without the {@code .html} extension, e.g.
 * {@code tender-announcement}; sub-directories are allowed ({@code award/notice}), leaving the directory is
 * not. Parsed templates are cached and re-parsed when the file's modification time or size changes.
 * <p>
 * Templates are parsed as {@code text/html}, so every value inserted with <code>{expr}</code> is
 * HTML-escaped by the engine ({@code < > & " '}), and characters XML forbids are removed from string data
 * (also inside maps and lists): the output stays well-formed XHTML whatever the data.
 * The constructor refuses an engine that does not escape (see {@code quarkus.qute.escape-content-types}).
 */
@ApplicationScoped
public class DocumentTemplates {

    public static final String EXTENSION = ".html";
    static final Variant VARIANT = new Variant(Locale.SIMPLIFIED_CHINESE, StandardCharsets.UTF_8, Variant.TEXT_HTML);
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final Engine engine;
    private final Path dir;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(FileTime modified, long size, Template template) {
    }

    @Inject
    DocumentTemplates(Engine engine,
                      @ConfigProperty(name = "sunlight.templates.dir", defaultValue = "templates") String dir) {
        this(engine, Path.of(dir));
    }

    /** For use without CDI. */
    public DocumentTemplates(Engine engine, Path dir) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        String probe = engine.parse("{v}", VARIANT).data("v", "<&>").render();
        if (!"&lt;&amp;&gt;".equals(probe)) {
            throw new IllegalStateException("The Qute engine does not HTML-escape text/html templates (got '" + probe
                    + "'); documents would not be well-formed XHTML");
        }
    }

    /** The directory templates are read from (absolute). */
    public Path directory() {
        return dir;
    }

    /**
     * Renders template {@code name} with {@code data} (each entry becomes a top-level template variable).
     *
     * @return the XHTML text
     * @throws TemplateNotFoundException   when there is no such template file
     * @throws IllegalArgumentException    when the name is not a plain relative template name
     * @throws io.quarkus.qute.TemplateException when the template is invalid or refers to missing data
     */
    /** The banner every document of a sandbox tender opens with (issue 18). */
    public static final String SANDBOX_BANNER = "<h1>【沙箱 SANDBOX】</h1><p class=\"text-center\"><strong>本文件由沙箱招标项目生成，非真实交易，不具法律效力"
            + " / Produced by a sandbox tender: not a real trade, no legal effect</strong></p><hr/>";

    /** {@code xhtml} with the sandbox banner right after its {@code <body>} (unchanged when not a sandbox document). */
    public static String markSandbox(String xhtml, boolean sandbox) {
        if (!sandbox) {
            return xhtml;
        }
        int body = xhtml.indexOf("<body");
        int end = body < 0 ? -1 : xhtml.indexOf('>', body);
        if (end < 0) {
            throw new InvalidDocumentException("no <body> to mark as sandbox", 0, 0, null);
        }
        return xhtml.substring(0, end + 1) + SANDBOX_BANNER + xhtml.substring(end + 1);
    }

    public String render(String name, Map<String, ?> data) {
        Template template = template(name);
        TemplateInstance instance = template.instance();
        if (data != null) {
            data.forEach((k, v) -> instance.data(k, xmlSafe(v)));
        }
        return instance.render();
    }

    /**
     * Strings (also inside maps and lists, which are copied) without the characters XML 1.0 forbids
     * (control characters other than tab/CR/LF, unpaired surrogates, U+FFFE/U+FFFF): escaping cannot make
     * those well-formed, so they are dropped.
     */
    static Object xmlSafe(Object value) {
        if (value instanceof String s) {
            return xmlSafe(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, xmlSafe(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(xmlSafe(o));
            }
            return copy;
        }
        return value;
    }

    static String xmlSafe(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && allowed(s, i)) {
            i += Character.charCount(s.codePointAt(i));
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            if (allowed(s, i)) {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static boolean allowed(String s, int i) {
        int cp = s.codePointAt(i);
        if (cp < 0x20) {
            return cp == 0x9 || cp == 0xA || cp == 0xD;
        }
        if (cp <= 0xD7FF) {
            return true;
        }
        if (cp < 0xE000) {
            return false; // a lone surrogate (a valid pair gives a code point above 0xFFFF)
        }
        return cp <= 0xFFFD || cp >= 0x10000;
    }

    /** The parsed template {@code name}, from the cache when the file is unchanged. */
    public Template template(String name) {
        Path file = resolve(name);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Cached c = cache.get(file);
            if (c != null && c.modified().equals(modified) && c.size() == size) {
                return c.template();
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            Template t = engine.parse(content, VARIANT, dir.relativize(file).toString());
            cache.put(file, new Cached(modified, size, t));
            return t;
        } catch (NoSuchFileException e) {
            cache.remove(file);
            throw notFound(name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read document template '" + name + "' (" + file + ")", e);
        }
    }

    private Path resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Template name is empty");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                throw new IllegalArgumentException("Invalid document template name '" + name + "'");
            }
        }
        Path exact = dir.resolve(name).normalize();
        if (!exact.startsWith(dir)) {
            throw new IllegalArgumentException("Invalid document template name '" + name + "'");
        }
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        Path withExtension = dir.resolve(name + EXTENSION).normalize();
        if (Files.isRegularFile(withExtension)) {
            return withExtension;
        }
        cache.remove(exact);
        cache.remove(withExtension);
        throw notFound(name);
    }

    private TemplateNotFoundException notFound(String name) {
        return new TemplateNotFoundException(name, "Document template '" + name + "' not found in " + dir
                + " (looked for " + name + " and " + name + EXTENSION + "; config sunlight.templates.dir)");
    }
}
