package cn.sunlight.bond.service;

import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.common.input.Bounds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bank statement formats the import accepts (documented in README.md, "Bid bonds"): CSV with the header
 * {@code sub_account,bank_reference,payer_account,payer_name,amount,value_date}, or JSON {@code {"lines":[{"subAccount",
 * "bankReference","payerAccount","payerName","amount","valueDate"}]}}. Every field is bounded and checked before a line
 * is used; a bad line refuses the whole statement with 422 naming it ({@code lines[3].amount}), so a statement is
 * imported entirely or not at all.
 */
public final class StatementFormat {

    public static final int MAX_LINES = 10_000;
    private static final Pattern ACCOUNT = Pattern.compile("[0-9A-Za-z-]{4,32}");
    private static final Pattern REFERENCE = Pattern.compile("[0-9A-Za-z._/-]{1,64}");
    private static final String[] CSV_COLUMNS = {"sub_account", "bank_reference", "payer_account", "payer_name", "amount", "value_date"};
    private static final String[] JSON_FIELDS = {"subAccount", "bankReference", "payerAccount", "payerName", "amount", "valueDate"};

    private StatementFormat() {
    }

    public record Line(String subAccount, String bankReference, String payerAccount, String payerName, BigDecimal amount,
                       LocalDate valueDate) {
    }

    public static List<Line> csv(String body) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.TRIM_SPACES);
        List<Line> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body.replace("\uFEFF", ""))) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                if (lines.isEmpty()) {
                    for (String c : CSV_COLUMNS) {
                        if (!row.containsKey(c)) {
                            throw refused("header", "statement-header", Text.of("CSV 表头缺少列 " + c + "（应为 "
                                    + String.join(",", CSV_COLUMNS) + "）", "the CSV header lacks column " + c + " (expected "
                                    + String.join(",", CSV_COLUMNS) + ")"));
                        }
                    }
                }
                bound(lines);
                String[] v = new String[CSV_COLUMNS.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = row.get(CSV_COLUMNS[i]);
                }
                lines.add(line(lines.size(), v, CSV_COLUMNS));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw refused("body", "statement-csv", Text.of("CSV 格式无法解析", "the CSV cannot be parsed"));
        }
        return lines;
    }

    public static List<Line> json(String body, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw refused("body", "statement-json", Text.of("JSON 格式无法解析", "the JSON cannot be parsed"));
        }
        JsonNode array = root == null ? null : root.get("lines");
        if (array == null || !array.isArray()) {
            throw refused("lines", "statement-json", Text.of("缺少 lines 数组", "a \"lines\" array is required"));
        }
        List<Line> lines = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            bound(lines);
            String[] v = new String[JSON_FIELDS.length];
            for (int i = 0; i < v.length; i++) {
                JsonNode f = n.get(JSON_FIELDS[i]);
                v[i] = f == null || f.isNull() || f.isContainerNode() ? null : f.asText();
            }
            lines.add(line(lines.size(), v, JSON_FIELDS));
        }
        return lines;
    }

    private static void bound(List<Line> lines) {
        if (lines.size() >= MAX_LINES) {
            throw refused("lines", "statement-max-lines", Text.of("一次导入最多 " + MAX_LINES + " 行", "at most " + MAX_LINES + " lines per import"));
        }
    }

    private static Line line(int index, String[] v, String[] names) {
        String at = "lines[" + index + "].";
        String sub = matching(at + names[0], v[0], ACCOUNT);
        String ref = matching(at + names[1], v[1], REFERENCE);
        String payer = matching(at + names[2], v[2], ACCOUNT);
        String name = v[3] == null ? "" : v[3].strip();
        if (name.isEmpty() || name.length() > 200) {
            throw refused(at + names[3], "statement-field", Text.of("付款人户名必填，最多 200 字", "the payer name is required, at most 200 characters"));
        }
        BigDecimal amount = Bounds.decimal(at + names[4], v[4] == null ? "" : v[4].strip(), Bounds.MONEY_INTEGER_DIGITS, Bounds.MONEY_FRACTION_DIGITS);
        if (amount.signum() <= 0) {
            throw refused(at + names[4], "statement-field", Text.of("入账金额必须为正数", "the credited amount must be positive"));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(v[5] == null ? "" : v[5].strip());
        } catch (DateTimeParseException e) {
            throw refused(at + names[5], "statement-field", Text.of("起息日格式应为 YYYY-MM-DD", "the value date must be YYYY-MM-DD"));
        }
        if (date.getYear() < 2000 || date.getYear() > 2100) {
            throw refused(at + names[5], "statement-field", Text.of("起息日超出范围", "the value date is out of range"));
        }
        return new Line(sub, ref, payer, name, amount, date);
    }

    private static String matching(String field, String value, Pattern p) {
        String s = value == null ? "" : value.strip();
        if (!p.matcher(s).matches()) {
            throw refused(field, "statement-field", Text.of("字段格式不符（" + p.pattern() + "）", "the field does not match " + p.pattern()));
        }
        return s;
    }

    static ProblemException refused(String field, String rule, Text message) {
        return new ProblemException(422, "statement-refused", Text.of("银行流水未导入", "The bank statement was not imported"),
                List.of(Violation.of(field, rule, message)));
    }
}
