package cn.sunlight.credit.service;

import cn.sunlight.account.CreditCode;
import cn.sunlight.common.CanonicalJson;
import cn.sunlight.common.ProblemException;
import cn.sunlight.common.Text;
import cn.sunlight.common.Violation;
import cn.sunlight.common.input.Bounds;
import cn.sunlight.credit.CreditRecord;
import cn.sunlight.rules.TradeType;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One credit record as entered or imported, checked field by field (a refusal names the field, prefixed with the row of
 * an import), and applied to a {@link CreditRecord}. Periods are written in decisions as calendar days in Beijing
 * (自 … 起至 … 止), so {@code validFrom}/{@code validUntil} are dates, both inclusive.
 */
public final class CreditEntries {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private CreditEntries() {
    }

    /** The fields of a record; {@code scope}: the trade types a debarment bars, empty or null for all. */
    public record Entry(String sourceRef, String creditCode, String organisationName, CreditRecord.Kind kind, String decisionNo,
                        String decisionDate, String authority, String legalBasis, String summary, String validFrom,
                        String validUntil, Set<TradeType> scope) {
    }

    /** A checked entry: what a record holds. */
    record Checked(String sourceRef, String creditCode, String organisationName, CreditRecord.Kind kind, String decisionNo,
                   LocalDate decisionDate, String authority, String legalBasis, String summary, LocalDate validFrom,
                   LocalDate validUntil, Set<TradeType> scope) {

        Map<String, Object> content() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("creditCode", creditCode);
            m.put("organisationName", organisationName);
            m.put("kind", kind.name());
            m.put("decisionNo", decisionNo);
            m.put("decisionDate", decisionDate.toString());
            m.put("authority", authority);
            m.put("legalBasis", legalBasis == null ? "" : legalBasis);
            m.put("summary", summary == null ? "" : summary);
            m.put("validFrom", validFrom == null ? "" : validFrom.toString());
            m.put("validUntil", validUntil == null ? "" : validUntil.toString());
            m.put("scope", scope == null || scope.isEmpty() ? "*" : scope.stream().sorted().map(Enum::name).toList());
            return m;
        }

        String sha256() {
            return CanonicalJson.sha256Hex(CanonicalJson.write(content()));
        }

        void applyTo(CreditRecord r) {
            r.creditCode = creditCode;
            r.organisationName = organisationName;
            r.kind = kind;
            r.decisionNo = decisionNo;
            r.decisionDate = decisionDate;
            r.authority = authority;
            r.legalBasis = legalBasis;
            r.summary = summary;
            r.validFrom = validFrom == null ? null : validFrom.atStartOfDay(BEIJING).toInstant();
            // inclusive last day: in force until the start of the day after
            r.validUntil = validUntil == null ? null : validUntil.plusDays(1).atStartOfDay(BEIJING).toInstant();
            r.scope(scope == null || scope.isEmpty() ? EnumSet.allOf(TradeType.class) : scope);
            r.contentSha256 = sha256();
        }
    }

    /** {@code prefix}: "" for one record, "records[3]." for the fourth of an import. */
    static Checked check(String prefix, Entry e, boolean sourceRefRequired) {
        if (e == null) {
            throw refuse(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "required",
                    Text.of("缺少记录", "the record is missing"));
        }
        String sourceRef = text(prefix + "sourceRef", e.sourceRef(), 128, sourceRefRequired);
        String code = text(prefix + "creditCode", e.creditCode(), 18, true);
        CreditCode.problem(code).ifPresent(p -> {
            throw refuse(prefix + "creditCode", "credit-code", p);
        });
        String name = text(prefix + "organisationName", e.organisationName(), 200, true);
        if (e.kind() == null) {
            throw refuse(prefix + "kind", "required", Text.of("须为 CONDUCT（行为记录）或 DEBARMENT（禁止参加）",
                    "must be CONDUCT or DEBARMENT"));
        }
        String decisionNo = text(prefix + "decisionNo", e.decisionNo(), 128, true);
        LocalDate decisionDate = Bounds.date(prefix + "decisionDate", e.decisionDate());
        if (decisionDate == null) {
            throw refuse(prefix + "decisionDate", "required", Text.of("须写明决定日期", "the decision date is required"));
        }
        String authority = text(prefix + "authority", e.authority(), 200, true);
        String basis = text(prefix + "legalBasis", e.legalBasis(), 200, e.kind() == CreditRecord.Kind.DEBARMENT);
        String summary = text(prefix + "summary", e.summary(), 2000, false);
        LocalDate from = Bounds.date(prefix + "validFrom", blankToNull(e.validFrom()));
        LocalDate until = Bounds.date(prefix + "validUntil", blankToNull(e.validUntil()));
        if (e.kind() == CreditRecord.Kind.DEBARMENT) {
            if (from == null) {
                throw refuse(prefix + "validFrom", "required", Text.of("禁止参加须写明起始日期", "a debarment states its first day"));
            }
            if (until == null) {
                throw refuse(prefix + "validUntil", "required", Text.of("禁止参加须写明截止日期", "a debarment states its last day"));
            }
            if (until.isBefore(from)) {
                throw refuse(prefix + "validUntil", "after-start", Text.of("截止日期不得早于起始日期",
                        "the last day may not precede the first"));
            }
            // The laws that debar set at most three years (政府采购法 Art. 77: 一至三年; 招标投标法 Art. 54: 一年至三年).
            if (until.isAfter(from.plusYears(3))) {
                throw new ProblemException(422, "validation", Text.of("请求未通过校验", "The request failed validation"),
                        java.util.List.of(new Violation(prefix + "validUntil", "debarment-at-most-3-years",
                                Text.of("禁止参加的期限最长三年", "a debarment lasts at most three years"), "3 years",
                                "《政府采购法》第七十七条；《招标投标法》第五十四条")));
            }
        } else if (from != null || until != null || (e.scope() != null && !e.scope().isEmpty())) {
            throw refuse(prefix + (from != null ? "validFrom" : until != null ? "validUntil" : "scope"), "conduct-has-no-period",
                    Text.of("行为记录不设期限和范围，只有禁止参加才有", "only a debarment has a period and a scope"));
        }
        return new Checked(sourceRef, code, name, e.kind(), decisionNo, decisionDate, authority, basis, summary, from, until,
                e.scope() == null ? Set.of() : e.scope());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String text(String field, String value, int max, boolean required) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            if (required) {
                throw refuse(field, "required", Text.of("必填", "required"));
            }
            return null;
        }
        if (v.length() > max) {
            throw refuse(field, "max-length", Text.of("不得超过 " + max + " 个字符", "at most " + max + " characters"));
        }
        return Bounds.text(field, v);
    }

    static ProblemException refuse(String field, String rule, Text message) {
        return ProblemException.invalid(Violation.of(field, rule, message));
    }
}
