package cn.sunlight.portal;

import cn.sunlight.audit.service.TransparencyLog;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Browser;
import cn.sunlight.support.LogEntries;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The supervisor desk in a real browser: live alerts with collusion evidence, complaints, time travel, the audit log. */
@QuarkusTest
class DeskBrowserTest {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @TestHTTPResource("/")
    URL base;

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;
    @Inject
    TransparencyLog log;

    /** As the browser keeps a datetime-local value: whole minutes without ":00". */
    private static String beijingInput(Instant i) {
        return INPUT.format(i.atZone(ZoneId.of("Asia/Shanghai"))).replaceAll(":00$", "");
    }

    @Test
    void aSupervisorSignsInSeesTheTradesAndACollusionAlertWithItsEvidence() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        // a and b: bonds from one account and bids prepared on one computer; c is independent.
        Bids.Trio trio = Bids.sameAccountAndHost(id, code, "9000000.00", "9150000.00", "9400000.00");
        Party a = trio.a();
        Party b = trio.b();
        Party c = trio.c();
        Party supervisor = Api.party("SUPERVISOR");

        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            Browser.signInWithForm(page, supervisor.username(), Api.PASSWORD);
            assertThat(page).hasURL(Pattern.compile(".*/desk$"));
            assertThat(page.locator("h1")).hasText("监督台");
            Locator trade = page.locator("table.trades tr[data-tender='" + id + "']");
            assertThat(trade).containsText(code);
            assertThat(trade).containsText("投标");
            // Before the deadline even the supervisor sees nothing about the bids.
            Locator ofThisTender = page.locator("[data-alerts-list] a.msg[href^='/desk/alerts/" + id + "/']");
            assertThat(ofThisTender).hasCount(0);
            Locator stamp = page.locator("[data-refreshed]");
            String loadedAt = stamp.textContent();

            Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
            clock.advance(past);
            try {
                assertTrue(closing.closeIfDue(id));
                // The alert arrives without a reload: the page polls the alerts API.
                Locator bond = page.locator("[data-alerts-list] a.msg[href='/desk/alerts/" + id + "/collusion-bond-account/0']");
                assertThat(bond).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(25_000));
                assertThat(bond).hasText("不同投标人的投标保证金从同一账户转出");
                assertThat(stamp).not().hasText(loadedAt);
                Locator item = page.locator("[data-alerts-list] li").filter(new Locator.FilterOptions()
                        .setHas(page.locator("a.msg[href='/desk/alerts/" + id + "/collusion-bond-account/0']")));
                assertThat(item).containsText("第四十条");
                assertThat(item).containsText(code);
                assertThat(item.locator(".badge")).hasText("红色");
                assertThat(page.locator("[data-alerts-list] a.msg[href='/desk/alerts/" + id + "/collusion-same-machine/0']")).isVisible();
                // Red before yellow: no yellow alert precedes a red one.
                var levels = page.locator("[data-alerts-list] > li").evaluateAll("els => els.map(e => e.dataset.level)").toString();
                assertTrue(!levels.matches(".*YELLOW.*RED.*"), levels);
                Browser.screenshot(page, "desk-main");

                bond.click();
                assertThat(page.locator("h1")).containsText("同一账户转出");
                assertThat(page.locator(".explanation")).containsText("同一个银行账户");
                assertThat(page.locator("ul.bidders > li")).hasCount(2);
                assertThat(page.locator("ul.bidders")).containsText(a.organisationName());
                assertThat(page.locator("ul.bidders")).containsText(b.organisationName());
                assertThat(page.locator("ul.bidders")).not().containsText(c.organisationName());
                assertThat(page.locator("dl.evidence")).containsText("共同的保证金付款账户");
                assertThat(page.locator("dl.evidence")).containsText("6222-0000-1111");
                assertThat(page.locator("dl.facts")).containsText("《中华人民共和国招标投标法实施条例》第四十条第（六）项");
                assertThat(page.locator("a[href='/tenders/" + id + "']")).isVisible();
                Browser.screenshot(page, "desk-alert");

                // The same evidence in English.
                page.locator("a.lang").click();
                assertThat(page.locator("h1")).containsText("bid bonds of different bidders paid from the same account");
                assertThat(page.locator("dl.evidence")).containsText("Shared bond payer account");
                page.locator("a.lang").click();

                page.navigate("/desk/alerts/" + id + "/collusion-same-machine/0");
                assertThat(page.locator("dl.evidence")).containsText("相同的主机标识");
                assertThat(page.locator("dl.evidence")).containsText("host-X");
                assertThat(page.locator("ul.bidders > li")).hasCount(2);
                // An alert that does not stand (different MAC addresses) is a plain 404 page, not an error.
                assertEquals(404, page.navigate("/desk/alerts/" + id + "/collusion-same-mac/0").status());
                assertThat(page.locator("h1")).hasText("该预警已不存在");
            } finally {
                clock.advance(past.negated());
            }
        }
    }

    @Test
    void timeTravelShowsTheEarlierStateOfATender() throws Exception {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS));
        String title = "时间回溯 " + System.nanoTime();
        body.put("title", title);
        long id = Api.draft(host, body);
        // The form takes whole seconds: the draft-only instant is the next whole second after the draft.
        Instant whileDraft = clock.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        while (!clock.now().isAfter(whileDraft.plusMillis(50))) {
            Thread.sleep(50);
        }
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party supervisor = Api.party("SUPERVISOR");
        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, supervisor.token());
            Page page = ctx.newPage();
            page.navigate("/desk");
            page.locator("table.trades tr[data-tender='" + id + "'] a[href^='/desk/time-travel']").click();
            assertThat(page.locator("#tender")).hasValue(String.valueOf(id));
            page.getByLabel("时刻（北京时间）").fill(beijingInput(whileDraft));
            page.locator("form[action='/desk/time-travel'] button[type=submit]").click();
            Locator status = page.locator("dl.state div[data-key='status'] dd");
            assertThat(status).containsText("DRAFT");
            assertThat(page.locator("dl.state div[data-key='title'] dd")).hasText(title);
            assertThat(page.locator("ol.events > li")).hasCount(1);
            assertThat(page.locator("ol.events")).containsText("tender.drafted");

            page.getByLabel("时刻（北京时间）").fill(beijingInput(clock.now().plusSeconds(1)));
            page.locator("form[action='/desk/time-travel'] button[type=submit]").click();
            assertThat(status).containsText("BIDDING");
            assertThat(page.locator("ol.events")).containsText("tender.published");

            page.getByLabel("时刻（北京时间）").fill("2020-01-01T08:00");
            page.locator("form[action='/desk/time-travel'] button[type=submit]").click();
            assertThat(page.locator("[data-not-yet]")).isVisible();
            assertThat(page.locator("[data-moment]")).hasCount(0);
        }
    }

    @Test
    void theLogPageShowsTheLatestCheckpointAndVerifiesAnEventsInclusion() throws Exception {
        Party supervisor = Api.party("SUPERVISOR");
        supervisor.call().get("/api/supervision/alerts").then().statusCode(200); // a read, itself logged
        // The sequencer appends an event once every older transaction has finished; then a checkpoint covers it.
        assertTrue(LogEntries.awaitRecent(log, list -> list.stream().anyMatch(e -> e.contains("\"action\":\"supervision.alerts-read\"")
                && e.contains("\"actor\":\"" + supervisor.username() + "\""))).stream()
                .anyMatch(e -> e.contains(supervisor.username())), "the read was sequenced");
        var checkpoint = log.checkpoint("desk-browser-test");
        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, supervisor.token());
            Page page = ctx.newPage();
            page.navigate("/desk/log");
            assertThat(page.locator("h1")).hasText("审计日志");
            long shownSize = Long.parseLong(page.locator("[data-cp-size]").textContent().trim());
            assertTrue(shownSize >= checkpoint.size(), shownSize + " < " + checkpoint.size());
            assertEquals(java.util.Base64.getEncoder().encodeToString(log.checkpointAt(shownSize).orElseThrow().root()),
                    page.locator("[data-cp-root]").textContent().trim());
            assertThat(page.locator("[data-cp-witness]")).hasText("已联署");
            assertThat(page.locator("table.checkpoints tbody tr").first()).containsText(String.valueOf(shownSize));
            // The supervisor's own read is an entry of the public log.
            Locator read = page.locator("table.entries tbody tr").filter(new Locator.FilterOptions()
                    .setHasText(supervisor.username())).filter(new Locator.FilterOptions().setHasText("supervision.alerts-read"));
            assertThat(read).hasCount(1);

            read.locator("button[data-verify-id]").click();
            Locator result = page.locator("[data-verify-result]");
            assertThat(result).hasAttribute("data-outcome", "ok");
            assertThat(result).containsText("已核验");
            assertThat(result.locator("ul.checks > li.ok")).hasCount(4);
            assertThat(result.locator("pre.entry")).containsText(supervisor.username());
            Browser.screenshot(page, "desk-log");

            // An event that does not exist (yet) is not covered by any checkpoint.
            page.getByLabel("事件编号").fill("987654321");
            page.locator("form[data-verify-event] button[type=submit]").click();
            assertThat(result).hasAttribute("data-outcome", "missing");

            assertThat(page.locator("pre.command")).containsText("java -jar sunlight-tools.jar verify-log export.json --log-key '"
                    + log.logKey() + "'");
            assertThat(page.locator("a[href='/api/log/export']")).isVisible();
        }
    }

    @Test
    void complaintsAreAcceptedAndDecidedWithTheirTimeLimitsShown() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("PROCUREMENT", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        Party bidder = Api.party("BIDDER");
        String subject = "评分标准倾向性 " + System.nanoTime();
        long complaint = ((Number) bidder.call().body(Map.of("subject", subject, "text", "评分标准明显倾向特定品牌，请求责令改正。"))
                .post("/api/tenders/" + id + "/complaints").then().statusCode(201).extract().path("id")).longValue();
        Party supervisor = Api.party("SUPERVISOR");
        try (BrowserContext ctx = Browser.context(base, 390, 844)) {
            Browser.signIn(ctx, base, supervisor.token());
            Page page = ctx.newPage();
            page.navigate("/desk/complaints");
            Locator card = page.locator("li[data-complaint='" + complaint + "']");
            assertThat(card.locator("h2")).containsText(subject);
            assertThat(card.locator("[data-state]")).hasText("已收到，待受理");
            assertThat(card).containsText("受理期限");
            assertThat(card.locator(".countdown")).isVisible();
            page.onceDialog(d -> d.accept());
            card.locator("form.accept button[type=submit]").click();
            assertThat(card.locator("[data-state]")).hasText("已受理，待处理");
            assertThat(card).containsText("处理期限");
            card.getByLabel("处理决定").fill("经查，评分标准未指向特定品牌，投诉不成立，予以驳回。");
            card.locator("form.decide button[type=submit]").click();
            assertThat(card.locator("[data-state]")).hasText("已处理");
            assertThat(card.locator(".notice")).containsText("投诉不成立");
        }
        supervisor.call().get("/api/supervision/complaints").then().statusCode(200)
                .body("find { it.id == " + complaint + " }.decision", org.hamcrest.Matchers.containsString("投诉不成立"));
    }

    @Test
    void theDeskFitsAPhone() {
        Party supervisor = Api.party("SUPERVISOR");
        try (BrowserContext ctx = Browser.context(base, 390, 844)) {
            Browser.signIn(ctx, base, supervisor.token());
            Page page = ctx.newPage();
            page.navigate("/desk");
            assertThat(page.locator("h1")).hasText("监督台");
            assertThat(page.locator("nav.tabs a[aria-current=page]")).hasText("总览");
            int width = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
            assertTrue(width <= 390, "the page is " + width + " px wide on a 390 px phone");
            Browser.screenshot(page, "desk-phone");
        }
    }

    @Test
    void anonymousReadersAreSentToSignInAndOtherRolesAreRefused() {
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/desk");
            assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Fdesk$"));
            assertThat(page.locator("h1")).hasText("登录");
            // The audit log is public (so is its API): anyone may read and verify it.
            assertEquals(200, page.navigate("/desk/log").status());
            assertThat(page.locator("nav.tabs")).hasCount(0);
        }
        Party bidder = Api.party("BIDDER");
        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, bidder.token());
            Page page = ctx.newPage();
            for (String path : new String[]{"/desk", "/desk/complaints", "/desk/time-travel", "/desk/alerts/1/collusion-bond-account/0"}) {
                assertEquals(403, page.navigate(path).status(), path);
                assertThat(page.locator("h1")).hasText("无权访问");
            }
        }
    }
}
