package cn.sunlight.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetParserTest {
    @TempDir
    Path dir;

    static final String RULE_20 = """
              - id: documents-to-deadline
                value: 20
                unit: calendar-days
                citation: "《中华人民共和国招标投标法》第二十四条"
                zh: 不得少于 20 日。
                en: At least 20 days.
            """;

    static final String RULE_BOND = """
              - id: bid-bond-max-percent
                value: 2
                unit: percent
                citation: "《中华人民共和国招标投标法实施条例》第二十六条"
                zh: 不得超过 2 %。
                en: At most 2%.
            """;

    Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static String header(String extra) {
        return "tradeType: engineering\nmethod: open\n" + extra;
    }

    // ---- loading, versions, extends -------------------------------------------------------------------------------

    @Test
    void parsesAValidFile() throws IOException {
        RuleSet rs = RuleSetParser.parse(write("a.yaml", header("rules:\n" + RULE_20 + RULE_BOND)));
        assertEquals("engineering/open", rs.id());
        assertEquals(TradeType.ENGINEERING, rs.tradeType());
        assertEquals(TenderMethod.OPEN, rs.method());
        assertEquals(20, rs.require("documents-to-deadline").intValue());
        assertFalse(rs.require("documents-to-deadline").verify());
        assertEquals(RuleBasis.LAW, rs.require("documents-to-deadline").basis());
    }

    @Test
    void theCanonicalFormAndVersionAreFixed() throws IOException {
        RuleSet rs = RuleSetParser.parse(write("a.yaml", header("rules:\n" + RULE_BOND)));
        String expected = "{\"format\":1,\"id\":\"engineering/open\",\"method\":\"open\",\"rules\":{"
                + "\"bid-bond-max-percent\":{\"basis\":\"law\",\"citation\":\"《中华人民共和国招标投标法实施条例》第二十六条\","
                + "\"en\":\"At most 2%.\",\"id\":\"bid-bond-max-percent\",\"unit\":\"percent\",\"value\":2,"
                + "\"verify\":false,\"zh\":\"不得超过 2 %。\"}},\"tradeType\":\"engineering\"}";
        assertEquals(expected, rs.canonicalJson());
        assertEquals(RuleSetParser.sha256Hex(expected), rs.version());
        // a golden hash: changing the canonical form would orphan every version recorded by past tenders
        // (computed independently: python3 hashlib.sha256(expected.encode()).hexdigest())
        assertEquals("93c7c5f57fa553ce65dd5a84468fd878e97a3b5a1c359399ff227bc5c80aab4f", rs.version());
    }

    @Test
    void versionIgnoresLayoutButChangesWithAnyValue() throws IOException {
        RuleSet a = RuleSetParser.parse(write("a.yaml", header("rules:\n" + RULE_20 + RULE_BOND)));
        RuleSet reordered = RuleSetParser.parse(write("b.yaml",
                "# comment\nmethod: open\nrules:\n" + RULE_BOND + RULE_20 + "tradeType: engineering\n"));
        assertEquals(a.version(), reordered.version());
        RuleSet trailingZero = RuleSetParser.parse(write("c.yaml",
                header("rules:\n" + RULE_20.replace("value: 20", "value: 20.0") + RULE_BOND)));
        assertEquals(a.version(), trailingZero.version(), "20 and 20.0 are the same figure");

        RuleSet changed = RuleSetParser.parse(write("d.yaml",
                header("rules:\n" + RULE_20.replace("value: 20", "value: 21") + RULE_BOND)));
        assertNotEquals(a.version(), changed.version());
        RuleSet verify = RuleSetParser.parse(write("e.yaml",
                header("rules:\n" + RULE_20 + "    verify: true\n" + RULE_BOND)));
        assertNotEquals(a.version(), verify.version());
        RuleSet cited = RuleSetParser.parse(write("f.yaml",
                header("rules:\n" + RULE_20.replace("第二十四条", "第二十五条") + RULE_BOND)));
        assertNotEquals(a.version(), cited.version());
        RuleSet otherMethod = RuleSetParser.parse(write("g.yaml",
                "tradeType: engineering\nmethod: invited\nrules:\n" + RULE_20 + RULE_BOND));
        assertNotEquals(a.version(), otherMethod.version());
    }

    @Test
    void childOverridesInheritedRulesById() throws IOException {
        write("common/base.yaml", "rules:\n" + RULE_20 + RULE_BOND);
        Path child = write("engineering/open.yaml", header("extends: ../common/base.yaml\nrules:\n"
                + RULE_20.replace("value: 20", "value: 25")));
        RuleSet rs = RuleSetParser.parse(child);
        assertEquals(25, rs.require("documents-to-deadline").intValue());
        assertEquals(2, rs.require("bid-bond-max-percent").intValue(), "inherited");
        assertEquals(2, rs.rules().size());
    }

    @Test
    void extendsChainsAndListsResolve() throws IOException {
        write("common/a.yaml", "rules:\n" + RULE_20);
        write("common/b.yaml", "extends: a.yaml\n");
        write("common/c.yaml", "rules:\n" + RULE_BOND);
        RuleSet rs = RuleSetParser.parse(write("engineering/open.yaml",
                header("extends:\n  - ../common/b.yaml\n  - ../common/c.yaml\n")));
        assertEquals(2, rs.rules().size());
        // the version depends on the figures only, not on how the files are split
        RuleSet flat = RuleSetParser.parse(write("flat.yaml", header("rules:\n" + RULE_20 + RULE_BOND)));
        assertEquals(flat.version(), rs.version());
    }

    @Test
    void fromCanonicalReadsBackTheSameRuleSet() throws IOException {
        RuleSet rs = RuleSetParser.parse(write("a.yaml", header("rules:\n" + RULE_20 + RULE_BOND
                .replace("value: 2\n", "value: 66.67\n"))));
        RuleSet back = RuleSetParser.fromCanonical(rs.canonicalJson());
        assertEquals(rs, back);
        String pretty = rs.canonicalJson().replace(",", ",\n  ").replace("{", "{ ");
        assertEquals(rs.version(), RuleSetParser.fromCanonical(pretty).version(), "layout does not matter");
        assertEquals(0, new java.math.BigDecimal("66.67").compareTo(back.require("bid-bond-max-percent").value()));
    }

    @Test
    void fromCanonicalRejectsBrokenForms() {
        assertThrows(RuleFileException.class, () -> RuleSetParser.fromCanonical("{"));
        assertThrows(RuleFileException.class, () -> RuleSetParser.fromCanonical("[]"));
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSetParser.fromCanonical(
                "{\"format\":2,\"id\":\"engineering/open\",\"method\":\"open\",\"rules\":{},\"tradeType\":\"engineering\"}"));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        assertThrows(RuleFileException.class, () -> RuleSetParser.fromCanonical(
                "{\"format\":1,\"id\":\"goods/open\",\"method\":\"open\",\"rules\":{},\"tradeType\":\"engineering\"}"));
    }

    // ---- every error names file and line --------------------------------------------------------------------------

    RuleFileException fails(String name, String content, int line, String messagePart) throws IOException {
        Path p = write(name, content);
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSetParser.parse(p));
        assertTrue(e.file().endsWith(name), e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(e.file() + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        return e;
    }

    @Test
    void unknownTopLevelKey() throws IOException {
        fails("x.yaml", header("rulez: []\n"), 3, "unknown key 'rulez'");
    }

    @Test
    void unknownRuleKey() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20 + "    remark: hi\n"), 10, "unknown key 'remark'");
    }

    @Test
    void missingCitation() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_BOND + RULE_20.replaceAll("    citation:.*\n", "")),
                10, "has no 'citation'");
    }

    @Test
    void missingUnit() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20.replaceAll("    unit:.*\n", "")), 4, "has no 'unit'");
    }

    @Test
    void missingValue() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20.replaceAll("    value:.*\n", "")), 4, "has no 'value'");
    }

    @Test
    void unknownUnit() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20.replace("calendar-days", "weeks")), 6, "unknown unit 'weeks'");
    }

    @Test
    void unitTheIdDoesNotAllow() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20.replace("calendar-days", "percent")), 6, "cannot be in percent");
    }

    @Test
    void nonNumericValue() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20.replace("value: 20", "value: twenty")), 5, "must be a number");
        fails("y.yaml", header("rules:\n" + RULE_20.replace("value: 20", "value: \"20\"")), 5, "must be a number");
        fails("z.yaml", header("rules:\n" + RULE_20.replace("value: 20", "value: 20.5")), 5, "whole number");
    }

    @Test
    void verifyMustBeABoolean() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20 + "    verify: maybe\n"), 10, "must be true or false");
        RuleSet rs = RuleSetParser.parse(write("y.yaml", header("rules:\n" + RULE_20 + "    verify: True\n")));
        assertTrue(rs.require("documents-to-deadline").verify());
    }

    @Test
    void duplicateIds() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20 + RULE_BOND + RULE_20), 16,
                "duplicate rule id 'documents-to-deadline' (first at line 4)");
    }

    @Test
    void duplicateKeys() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20 + "    value: 21\n"), 10, "duplicate key 'value'");
    }

    @Test
    void unknownRuleId() throws IOException {
        fails("x.yaml", header("rules:\n" + RULE_20.replace("documents-to-deadline", "documents-to-deadlin")),
                4, "unknown rule id 'documents-to-deadlin'");
    }

    @Test
    void badYaml() throws IOException {
        fails("x.yaml", header("rules:\n  - id: [unclosed\n    value: 3\n"), 5, "invalid YAML");
        fails("y.yaml", header("rules:\n" + RULE_20 + "  bad indentation: here\n"), 10, "invalid YAML");
    }

    @Test
    void emptyFile() throws IOException {
        fails("x.yaml", "", 1, "empty");
    }

    @Test
    void extendsCycle() throws IOException {
        write("common/a.yaml", "extends: b.yaml\nrules:\n" + RULE_20);
        write("common/b.yaml", "# b\nextends: a.yaml\n");
        Path top = write("engineering/open.yaml", header("extends: ../common/a.yaml\n"));
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSetParser.parse(top));
        assertTrue(e.file().endsWith("b.yaml"), e.getMessage());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("cycle: a.yaml -> b.yaml -> a.yaml"), e.getMessage());
    }

    @Test
    void extendsItself() throws IOException {
        fails("common/self.yaml", "extends: self.yaml\n", 1, "cycle");
    }

    @Test
    void extendsMissingFile() throws IOException {
        fails("x.yaml", header("extends: nowhere.yaml\n"), 3, "not found");
    }

    @Test
    void conflictingParentsMustBeOverridden() throws IOException {
        write("common/a.yaml", "rules:\n" + RULE_20);
        write("common/b.yaml", "rules:\n" + RULE_20.replace("value: 20", "value: 21"));
        fails("engineering/open.yaml", header("extends:\n  - ../common/a.yaml\n  - ../common/b.yaml\n"), 5,
                "defined differently");
        RuleSet ok = RuleSetParser.parse(write("engineering/invited.yaml",
                "tradeType: engineering\nmethod: invited\nextends:\n  - ../common/a.yaml\n  - ../common/b.yaml\n"
                        + "rules:\n" + RULE_20.replace("value: 20", "value: 22")));
        assertEquals(22, ok.require("documents-to-deadline").intValue());
    }

    @Test
    void anErrorInAFragmentNamesTheFragment() throws IOException {
        write("common/base.yaml", "rules:\n" + RULE_20.replace("value: 20", "value: lots"));
        Path top = write("engineering/open.yaml", header("extends: ../common/base.yaml\n"));
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSetParser.parse(top));
        assertTrue(e.file().endsWith("base.yaml"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void aFragmentIsNotARuleSet() throws IOException {
        fails("x.yaml", "rules:\n" + RULE_20, 1, "fragment");
    }

    @Test
    void unknownTradeTypeOrMethod() throws IOException {
        fails("x.yaml", "tradeType: mining\nmethod: open\n", 1, "unknown tradeType 'mining'");
        fails("y.yaml", "tradeType: goods\nmethod: lottery\n", 2, "unknown method 'lottery'");
        fails("z.yaml", "tradeType: engineering\nmethod: single-source\n", 2, "does not allow method single-source");
    }

    @Test
    void aRuleForAnotherTradeType() throws IOException {
        String challenge = RULE_20.replace("documents-to-deadline", "challenge-answer");
        fails("x.yaml", header("rules:\n" + challenge), 4, "does not apply to trade type engineering");
    }

    @Test
    void anEvenCommitteeIsRejected() throws IOException {
        String committee = """
                  - id: committee-min-size
                    value: 4
                    unit: count
                    citation: "《中华人民共和国招标投标法》第三十七条"
                    zh: 四人
                    en: four
                """;
        fails("x.yaml", header("rules:\n" + committee), 5, "odd number");
    }
}
