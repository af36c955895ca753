package cn.sunlight.rules;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading a whole rules directory: all or nothing, with the file and line of the first problem. */
class RuleCatalogTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyTheShippedRules() throws IOException {
        Path src = Path.of("bidding-rules").toRealPath(); // server/bidding-rules links to the root's
        List<Path> all;
        try (Stream<Path> s = Files.walk(src)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path target = dir.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }

    void replace(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String s = Files.readString(p);
        assertTrue(s.contains(from), from);
        Files.writeString(p, s.replace(from, to));
    }

    RuleFileException fails(String fileSuffix, int line, String part) {
        RuleFileException e = assertThrows(RuleFileException.class, () -> BiddingRules.load(dir));
        assertTrue(e.file().endsWith(fileSuffix), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
        return e;
    }

    @Test
    void aCopyLoadsWithTheSameVersions() {
        RuleCatalog copy = BiddingRules.load(dir);
        RuleCatalog shipped = BiddingRules.load(Path.of("bidding-rules"));
        for (RuleSet rs : shipped.all()) {
            assertEquals(rs.version(), copy.forMethod(rs.tradeType(), rs.method()).version());
        }
        assertEquals(shipped.calendar().version(), copy.calendar().version());
    }

    @Test
    void changingASharedFigureChangesEveryRuleSetThatInheritsIt() throws IOException {
        RuleCatalog before = BiddingRules.load(dir);
        replace("common/tendering-law.yaml", "    value: 20\n", "    value: 21\n");
        RuleCatalog after = BiddingRules.load(dir);
        for (RuleSet rs : before.all()) {
            RuleSet now = after.forMethod(rs.tradeType(), rs.method());
            boolean tendering = rs.tradeType() != TradeType.PROCUREMENT && rs.method() != TenderMethod.ONLINE_BIDDING;
            assertEquals(tendering, !rs.version().equals(now.version()), rs.id());
        }
        assertEquals(21, after.forMethod(TradeType.GOODS, TenderMethod.INVITED)
                .require(RuleIds.DOCUMENTS_TO_DEADLINE).intValue());
    }

    @Test
    void aBrokenFragmentStopsTheWholeLoad() throws IOException {
        replace("common/procurement-law.yaml", "    value: 7\n    unit: working-days\n    citation: \"《中华人民共和国政府采购法》第五十二条\"",
                "    value: 7\n    unit: workdays\n    citation: \"《中华人民共和国政府采购法》第五十二条\"");
        fails("procurement-law.yaml", 7, "unknown unit 'workdays'");
    }

    @Test
    void aBrokenCalendarStopsTheWholeLoad() throws IOException {
        replace("calendar/2026.yaml", "date: 2026-10-10", "date: 2027-10-10");
        fails("2026.yaml", 49, "outside the calendar year 2026");
    }

    @Test
    void aMissingMethodFileStopsTheLoad() throws IOException {
        Files.delete(dir.resolve("procurement/inquiry.yaml"));
        fails("procurement/inquiry.yaml", 0, "no rule file");
    }

    @Test
    void aMisplacedFileStopsTheLoad() throws IOException {
        Files.copy(dir.resolve("goods/open.yaml"), dir.resolve("engineering/single-source.yaml"));
        fails("engineering/single-source.yaml", 0, "does not allow method single-source");
    }

    @Test
    void aFileDeclaringAnotherMethodThanItsPathStopsTheLoad() throws IOException {
        replace("goods/invited.yaml", "method: invited", "method: open");
        fails("goods/invited.yaml", 1, "its path says goods/invited");
    }

    @Test
    void noCalendarStopsTheLoad() throws IOException {
        Files.delete(dir.resolve("calendar/2026.yaml"));
        Files.delete(dir.resolve("calendar/2027.yaml"));
        fails("calendar", 0, "no calendar file");
    }

    @Test
    void theBeanFailsStartUpWithTheFileAndLine() throws IOException {
        replace("engineering/open.yaml", "tradeType: engineering", "tradeType: engineering\nfoo: bar");
        BiddingRules bean = new BiddingRules();
        bean.rulesDir = dir.toString();
        RuleFileException e = assertThrows(RuleFileException.class, bean::init);
        assertTrue(e.getMessage().contains("open.yaml:3: unknown key 'foo'"), e.getMessage());
        assertThrows(IllegalStateException.class, bean::all, "nothing half-loaded");
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        BiddingRules bean = new BiddingRules();
        bean.rulesDir = dir.resolve("nowhere").toString();
        RuleFileException e = assertThrows(RuleFileException.class, bean::init);
        assertTrue(e.getMessage().contains("rules directory not found"), e.getMessage());
        assertNotEquals(0, e.getMessage().length());
    }
}
