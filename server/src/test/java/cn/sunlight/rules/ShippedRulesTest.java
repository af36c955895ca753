package cn.sunlight.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files shipped in bidding-rules/ load and say what the law says. */
class ShippedRulesTest {
    static final Path DIR = Path.of("bidding-rules");
    static RuleCatalog catalog;

    @BeforeAll
    static void load() {
        catalog = BiddingRules.load(DIR);
    }

    static BigDecimal n(String s) {
        return new BigDecimal(s);
    }

    @Test
    void everyAllowedTradeTypeAndMethodHasALoadedRuleSet() {
        assertEquals(12, catalog.all().size());
        for (TradeType t : TradeType.values()) {
            for (TenderMethod m : t.methods()) {
                RuleSet rs = catalog.forMethod(t, m);
                assertEquals(t.key() + "/" + m.key(), rs.id());
                assertTrue(Files.isRegularFile(DIR.resolve(t.key()).resolve(m.key() + ".yaml")));
                assertFalse(rs.rules().isEmpty());
            }
        }
    }

    @Test
    void everyShippedRuleSetParsesOnItsOwnToTheSameVersion() {
        for (RuleSet rs : catalog.all()) {
            RuleSet again = RuleSetParser.parse(DIR.resolve(rs.tradeType().key()).resolve(rs.method().key() + ".yaml"));
            assertEquals(rs.version(), again.version(), rs.id());
            assertEquals(rs, again);
        }
    }

    @Test
    void versionsAreDistinctAndCanonicalFormsRoundTrip() {
        Set<String> versions = new HashSet<>();
        for (RuleSet rs : catalog.all()) {
            assertTrue(rs.version().matches("[0-9a-f]{64}"));
            assertTrue(versions.add(rs.version()), "two rule sets share a version: " + rs.id());
            RuleSet back = RuleSetParser.fromCanonical(rs.canonicalJson());
            assertEquals(rs, back);
            assertEquals(rs.version(), back.version());
            assertEquals(rs, catalog.byVersion(rs.version()).orElseThrow());
        }
    }

    @Test
    void everyRuleHasACitationAndBothDescriptions() {
        for (RuleSet rs : catalog.all()) {
            for (Rule r : rs.rules().values()) {
                String where = rs.id() + " " + r.id();
                assertFalse(r.citation().isBlank(), where);
                assertFalse(r.zh().isBlank(), where);
                assertFalse(r.en().isBlank(), where);
                if (r.basis() == RuleBasis.LAW) {
                    assertTrue(r.citation().contains("《"), "a legal rule cites a text: " + where);
                }
            }
        }
    }

    @Test
    void engineeringFiguresMatchTheTenderingLaw() {
        RuleSet rs = catalog.forMethod(TradeType.ENGINEERING, TenderMethod.OPEN);
        assertFigure(rs, "documents-to-deadline", "20", RuleUnit.CALENDAR_DAYS, "第二十四条");
        assertFigure(rs, "documents-on-sale", "5", RuleUnit.CALENDAR_DAYS, "第十六条");
        assertFigure(rs, "amendment-notice", "15", RuleUnit.CALENDAR_DAYS, "第二十三条");
        assertFigure(rs, "objection-to-documents", "10", RuleUnit.CALENDAR_DAYS, "第二十二条");
        assertFigure(rs, "objection-answer", "3", RuleUnit.CALENDAR_DAYS, "第二十二条");
        assertFigure(rs, "bid-bond-max-percent", "2", RuleUnit.PERCENT, "第二十六条");
        assertFigure(rs, "bid-bond-max-amount", "800000", RuleUnit.YUAN, "第三十七条");
        assertFigure(rs, "min-bids-to-open", "3", RuleUnit.COUNT, "第四十四条");
        assertFigure(rs, "committee-min-size", "5", RuleUnit.COUNT, "第三十七条");
        assertFigure(rs, "committee-expert-share", "66.67", RuleUnit.PERCENT, "第三十七条");
        assertFigure(rs, "publicity-publish-within", "3", RuleUnit.CALENDAR_DAYS, "第五十四条");
        assertFigure(rs, "publicity-min-duration", "3", RuleUnit.CALENDAR_DAYS, "第五十四条");
        assertFigure(rs, "contract-within", "30", RuleUnit.CALENDAR_DAYS, "第四十六条");
        assertFigure(rs, "bond-refund-within", "5", RuleUnit.CALENDAR_DAYS, "第五十七条");
        assertFigure(rs, "performance-bond-max-percent", "10", RuleUnit.PERCENT, "第五十八条");
        assertFigure(rs, "complaint-within", "10", RuleUnit.CALENDAR_DAYS, "第六十条");
        assertFigure(rs, "complaint-accept", "3", RuleUnit.WORKING_DAYS, "第六十一条");
        assertFigure(rs, "complaint-decide", "30", RuleUnit.WORKING_DAYS, "第六十一条");
        assertFigure(rs, "decryption-window", "30", RuleUnit.MINUTES, "电子招标投标办法");
        assertFigure(rs, "confirmation-window", "30", RuleUnit.MINUTES, "电子招标投标办法");
        assertTrue(rs.require("decryption-window").platformPractice());
        assertFalse(rs.find("challenge-answer").isPresent(), "challenges are procurement only");
        assertFalse(rs.find("announcement-period").isPresent());

        Map<String, Rule> invited = new java.util.LinkedHashMap<>(catalog.forMethod(TradeType.ENGINEERING, TenderMethod.INVITED).rules());
        assertFigure(catalog.forMethod(TradeType.ENGINEERING, TenderMethod.INVITED), "min-invitees", "3", RuleUnit.COUNT, "招标投标法》第十七条");
        assertFigure(catalog.forMethod(TradeType.PROCUREMENT, TenderMethod.INVITED), "min-invitees", "3", RuleUnit.COUNT, "政府采购法》第三十四条");
        assertFalse(rs.find("min-invitees").isPresent(), "an open tender invites nobody");
        invited.remove("min-invitees");
        assertEquals(rs.rules(), invited, "invited tender follows the same figures, plus its invitees");
        assertFalse(catalog.forMethod(TradeType.GOODS, TenderMethod.OPEN).find("bid-bond-max-amount").isPresent());
    }

    @Test
    void procurementFiguresMatchTheProcurementLaw() {
        RuleSet open = catalog.forMethod(TradeType.PROCUREMENT, TenderMethod.OPEN);
        assertFigure(open, "announcement-period", "5", RuleUnit.WORKING_DAYS, "第十六条");
        assertFigure(open, "documents-to-deadline", "20", RuleUnit.CALENDAR_DAYS, "政府采购法》第三十五条");
        assertFigure(open, "bid-bond-max-percent", "2", RuleUnit.PERCENT, "第三十三条");
        assertFigure(open, "bond-refund-within", "5", RuleUnit.WORKING_DAYS, "第三十八条");
        assertFigure(open, "committee-min-size", "5", RuleUnit.COUNT, "第四十七条");
        assertFigure(open, "committee-min-size-large-budget", "7", RuleUnit.COUNT, "第四十七条");
        assertFigure(open, "large-budget-threshold", "10000000", RuleUnit.YUAN, "第四十七条");
        assertFigure(open, "challenge-within", "7", RuleUnit.WORKING_DAYS, "第五十二条");
        assertFigure(open, "challenge-answer", "7", RuleUnit.WORKING_DAYS, "第五十三条");
        assertFigure(open, "complaint-within", "15", RuleUnit.WORKING_DAYS, "第五十五条");
        assertFigure(open, "complaint-decide", "30", RuleUnit.WORKING_DAYS, "第五十六条");
        assertTrue(open.require("documents-to-deadline").verify(), "domain.md marks 政府采购法 Art. 35 (verify)");
        assertTrue(open.require("bid-bond-max-percent").verify(), "domain.md marks 实施条例 Art. 33 (verify)");
        assertFalse(open.find("objection-to-documents").isPresent(), "procurement has challenges, not objections");
        assertFalse(open.find("bid-bond-max-amount").isPresent());

        RuleSet consultation = catalog.forMethod(TradeType.PROCUREMENT, TenderMethod.COMPETITIVE_CONSULTATION);
        assertFigure(consultation, "documents-to-deadline", "10", RuleUnit.CALENDAR_DAYS, "财库〔2014〕214号");
        assertFalse(consultation.require("documents-to-deadline").verify());
        for (TenderMethod m : List.of(TenderMethod.COMPETITIVE_NEGOTIATION, TenderMethod.INQUIRY)) {
            RuleSet rs = catalog.forMethod(TradeType.PROCUREMENT, m);
            assertFigure(rs, "documents-to-deadline", "3", RuleUnit.WORKING_DAYS, "财政部令第74号");
            assertTrue(rs.require("documents-to-deadline").verify(), "domain.md marks MoF Order 74 (verify)");
            assertFigure(rs, "committee-min-size", "3", RuleUnit.COUNT, "第七条");
        }

        RuleSet single = catalog.forMethod(TradeType.PROCUREMENT, TenderMethod.SINGLE_SOURCE);
        assertFalse(single.find("min-bids-to-open").isPresent());
        assertFalse(single.find("documents-to-deadline").isPresent());
        assertFalse(single.find("decryption-window").isPresent());
        assertFigure(single, "announcement-period", "5", RuleUnit.WORKING_DAYS, "第三十八条");
        assertFigure(single, "challenge-within", "7", RuleUnit.WORKING_DAYS, "第五十二条");
    }

    @Test
    void onlineBiddingFilesCarryTheAuctionRulesAsPlatformPractice() {
        for (TradeType t : List.of(TradeType.GOODS, TradeType.PROCUREMENT)) {
            RuleSet rs = catalog.forMethod(t, TenderMethod.ONLINE_BIDDING);
            for (String id : List.of("auction-min-decrement-percent", "auction-extension-window", "auction-extension",
                    "auction-max-extensions")) {
                assertTrue(rs.require(id).platformPractice(), rs.id() + " " + id);
            }
            assertEquals(5, rs.require("auction-extension").intValue());
            assertEquals(3, rs.require("auction-max-extensions").intValue());
            assertFalse(rs.find("decryption-window").isPresent(), "an auction has no sealed bids");
        }
        assertEquals(Set.of("auction-extension", "auction-extension-window", "auction-max-extensions",
                        "auction-min-decrement-percent"),
                catalog.forMethod(TradeType.GOODS, TenderMethod.ONLINE_BIDDING).rules().keySet());
    }

    @Test
    void aMethodTheTradeTypeDoesNotAllowIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.forMethod(TradeType.ENGINEERING, TenderMethod.SINGLE_SOURCE));
        assertTrue(e.getMessage().contains("engineering") && e.getMessage().contains("single-source"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> catalog.forMethod(TradeType.GOODS, TenderMethod.INQUIRY));
    }

    @Test
    void requireNamesTheRuleSetAndTheMissingId() {
        RuleSet rs = catalog.forMethod(TradeType.PROCUREMENT, TenderMethod.SINGLE_SOURCE);
        var e = assertThrows(java.util.NoSuchElementException.class, () -> rs.require("min-bids-to-open"));
        assertTrue(e.getMessage().contains("procurement/single-source") && e.getMessage().contains("min-bids-to-open"));
    }

    @Test
    void figuresReadNaturally() {
        RuleSet eng = catalog.forMethod(TradeType.ENGINEERING, TenderMethod.OPEN);
        RuleSet proc = catalog.forMethod(TradeType.PROCUREMENT, TenderMethod.OPEN);
        assertEquals("20 日", eng.require("documents-to-deadline").figure());
        assertEquals("20 calendar days", eng.require("documents-to-deadline").figureEn());
        assertEquals("2 %", eng.require("bid-bond-max-percent").figure());
        assertEquals("2%", eng.require("bid-bond-max-percent").figureEn());
        assertEquals("5 个工作日", proc.require("announcement-period").figure());
        assertEquals("5 working days", proc.require("announcement-period").figureEn());
        assertEquals("800,000 元", eng.require("bid-bond-max-amount").figure());
        assertEquals("RMB 800,000", eng.require("bid-bond-max-amount").figureEn());
        assertEquals("66.67 %", eng.require("committee-expert-share").figure());
        assertEquals("30 分钟", eng.require("decryption-window").figure());
        assertEquals("3", eng.require("min-bids-to-open").figure());
        assertEquals("1 working day", proc.require("publicity-min-duration").figureEn());
    }

    @Test
    void theCalendarCoversTheShippedYears() {
        WorkingCalendar cal = catalog.calendar();
        assertEquals(Set.of(2026, 2027), cal.years());
        assertFalse(cal.year(2026).orElseThrow().provisional());
        assertTrue(cal.year(2027).orElseThrow().provisional());
        assertTrue(cal.year(2026).orElseThrow().source().contains("国办发明电"));
        assertTrue(cal.version().matches("[0-9a-f]{64}"));
    }

    @Test
    void theBeanLoadsTheDirectoryFromItsConfiguration() {
        BiddingRules bean = new BiddingRules();
        bean.rulesDir = DIR.toString();
        bean.init();
        assertEquals(12, bean.all().size());
        assertEquals(20, bean.forMethod(TradeType.ENGINEERING, TenderMethod.OPEN)
                .require(RuleIds.DOCUMENTS_TO_DEADLINE).intValue());
        assertTrue(bean.calendar().isWorkingDay(java.time.LocalDate.of(2026, 10, 10)));
        assertNotNull(bean.catalog());
    }

    @Test
    void everyRuleIdInTheFilesIsAKnownId() {
        Set<String> used = catalog.all().stream().flatMap(rs -> rs.rules().keySet().stream())
                .collect(Collectors.toSet());
        assertTrue(RuleIds.all().containsAll(used));
        assertEquals(RuleIds.all(), used, "every known id is used by some shipped file");
    }

    private static void assertFigure(RuleSet rs, String id, String value, RuleUnit unit, String citationPart) {
        Rule r = rs.require(id);
        assertEquals(0, n(value).compareTo(r.value()), rs.id() + " " + id);
        assertEquals(unit, r.unit(), rs.id() + " " + id);
        assertTrue(r.citation().contains(citationPart), rs.id() + " " + id + " cites " + r.citation());
    }
}
