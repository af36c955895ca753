package cn.sunlight.credit.service;

import cn.sunlight.audit.service.AuditTrail;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.credit.CreditRecord;
import cn.sunlight.rules.TradeType;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Import of records published elsewhere (信用中国, a 政府采购 credit list, a provincial platform), in the format
 * documented in README (JSON or CSV, one row per record). Idempotent: a record is known by (source, sourceRef); the
 * same content again changes nothing, new content updates the record (audited). All rows or none: a bad row refuses
 * the whole import with the row and field named.
 */
@ApplicationScoped
public class CreditImport {

    static final int MAX_ROWS = 5000;
    static final List<String> CSV_COLUMNS = List.of("sourceRef", "creditCode", "organisationName", "kind", "decisionNo",
            "decisionDate", "authority", "legalBasis", "validFrom", "validUntil", "scope", "summary");
    private static final Pattern SOURCE = Pattern.compile("[A-Z][A-Z0-9_-]{0,63}");

    private final CreditRegistry registry;
    private final PlatformClock clock;
    private final AuditTrail audit;

    public CreditImport(CreditRegistry registry, PlatformClock clock, AuditTrail audit) {
        this.registry = registry;
        this.clock = clock;
        this.audit = audit;
    }

    public record Summary(String source, int created, int updated, int unchanged, List<Long> ids) {
    }

    @Transactional
    public Summary importRecords(String source, List<CreditEntries.Entry> entries) {
        registry.requireKeeper();
        String src = source(source);
        if (entries == null || entries.isEmpty()) {
            throw CreditEntries.refuse("records", "required", Text.of("没有记录", "no records"));
        }
        if (entries.size() > MAX_ROWS) {
            throw CreditEntries.refuse("records", "max-rows", Text.of("一次最多导入 " + MAX_ROWS + " 条",
                    "at most " + MAX_ROWS + " records per import"));
        }
        List<CreditEntries.Checked> checked = new ArrayList<>();
        java.util.Set<String> refs = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            CreditEntries.Checked c = CreditEntries.check("records[" + i + "].", entries.get(i), true);
            if (!refs.add(c.sourceRef())) {
                throw CreditEntries.refuse("records[" + i + "].sourceRef", "unique", Text.of("同一导入中编号重复",
                        "the sourceRef appears twice in this import"));
            }
            checked.add(c);
        }
        Instant now = clock.now();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<Long> ids = new ArrayList<>();
        for (CreditEntries.Checked c : checked) {
            CreditRecord r = CreditRecord.bySourceRef(src, c.sourceRef()).orElse(null);
            if (r == null) {
                r = new CreditRecord();
                r.source = src;
                r.sourceRef = c.sourceRef();
                c.applyTo(r);
                r.recordedAt = now;
                r.updatedAt = now;
                r.persist();
                audit.record("credit.imported", "credit-record", r.id, CreditRegistry.snapshot(r));
                created++;
            } else if (!r.contentSha256.equals(c.sha256())) {
                c.applyTo(r);
                r.updatedAt = now;
                audit.record("credit.import-updated", "credit-record", r.id, CreditRegistry.snapshot(r));
                updated++;
            } else {
                unchanged++;
            }
            ids.add(r.id);
        }
        return new Summary(src, created, updated, unchanged, ids);
    }

    /** The CSV form: a header row naming the columns of {@link #CSV_COLUMNS} (any order), UTF-8, RFC 4180 quoting. */
    public Summary importCsv(String source, byte[] csv) {
        return importRecords(source, parseCsv(utf8(csv)));
    }

    /** Always UTF-8 (the documented format), whatever charset the request claims; malformed bytes are refused. */
    static String utf8(byte[] bytes) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes == null ? new byte[0] : bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw CreditEntries.refuse("body", "utf-8", Text.of("CSV 须为 UTF-8 编码", "the CSV must be UTF-8"));
        }
    }

    static List<CreditEntries.Entry> parseCsv(String csv) {
        if (csv == null || csv.isBlank()) {
            throw CreditEntries.refuse("body", "required", Text.of("CSV 为空", "the CSV is empty"));
        }
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        CsvMapper mapper = new CsvMapper();
        List<CreditEntries.Entry> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            CsvSchema schema = (CsvSchema) it.getParser().getSchema();
            int row = 0;
            while (it.hasNextValue()) {
                Map<String, String> m = it.nextValue();
                if (row == 0) {
                    List<String> columns = new ArrayList<>();
                    ((CsvSchema) it.getParser().getSchema()).forEach(col -> columns.add(col.getName()));
                    for (String col : columns) {
                        if (!CSV_COLUMNS.contains(col)) {
                            throw CreditEntries.refuse("header", "column", Text.of("未知的列 " + col + "（可用：" + CSV_COLUMNS + "）",
                                    "unknown column " + col + " (known: " + CSV_COLUMNS + ")"));
                        }
                    }
                }
                if (++row > MAX_ROWS) {
                    throw CreditEntries.refuse("records", "max-rows", Text.of("一次最多导入 " + MAX_ROWS + " 条",
                            "at most " + MAX_ROWS + " records per import"));
                }
                out.add(new CreditEntries.Entry(m.get("sourceRef"), m.get("creditCode"), m.get("organisationName"),
                        kind("records[" + (row - 1) + "].kind", m.get("kind")), m.get("decisionNo"), m.get("decisionDate"),
                        m.get("authority"), m.get("legalBasis"), m.get("summary"), m.get("validFrom"), m.get("validUntil"),
                        scope("records[" + (row - 1) + "].scope", m.get("scope"))));
            }
            if (schema == null) {
                throw CreditEntries.refuse("header", "required", Text.of("缺少表头", "the header row is missing"));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw CreditEntries.refuse("body", "csv", Text.of("不是有效的 CSV（RFC 4180，首行为表头）",
                    "not valid CSV (RFC 4180 with a header row)"));
        }
        return out;
    }

    private static CreditRecord.Kind kind(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return CreditRecord.Kind.valueOf(text.strip());
        } catch (IllegalArgumentException e) {
            throw CreditEntries.refuse(field, "kind", Text.of("须为 CONDUCT 或 DEBARMENT", "must be CONDUCT or DEBARMENT"));
        }
    }

    /** Trade types separated by ';' (empty: all). */
    private static Set<TradeType> scope(String field, String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<TradeType> s = EnumSet.noneOf(TradeType.class);
        for (String t : Arrays.stream(text.split(";")).map(String::strip).filter(x -> !x.isEmpty()).toList()) {
            try {
                s.add(TradeType.valueOf(t));
            } catch (IllegalArgumentException e) {
                throw CreditEntries.refuse(field, "trade-type", Text.of("须为 ENGINEERING、GOODS 或 PROCUREMENT，以 ; 分隔",
                        "must be ENGINEERING, GOODS or PROCUREMENT, separated by ;"));
            }
        }
        return s;
    }

    private static String source(String source) {
        String s = source == null ? "" : source.strip();
        if (!SOURCE.matcher(s).matches() || CreditRecord.PLATFORM.equals(s)) {
            throw CreditEntries.refuse("source", "source", Text.of("来源须为大写字母开头的标识（如 CREDIT_CHINA），不能是 PLATFORM",
                    "the source is an upper-case identifier (e.g. CREDIT_CHINA), not PLATFORM"));
        }
        return s;
    }
}
