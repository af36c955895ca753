package cn.sunlight.portal;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tendering unit's workspace in a real browser: the creation steps with the rules' limits, publication, hosting an opening. */
@QuarkusTest
class WorkspaceBrowserTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @TestHTTPResource("/")
    URL base;

    @Inject
    PlatformClock clock;

    @Inject
    BidClosing closing;

    @Test
    void aTendererCreatesATenderStepByStepSeesTheLimitsIsRefusedBesideTheFieldFixesItAndPublishes() {
        Api.ensureCustodians();
        Party host = Api.party("TENDERER");
        String title = "工作台建设工程 " + System.nanoTime();
        LocalDateTime issued = LocalDateTime.ofInstant(clock.now(), BEIJING).plusMinutes(30).truncatedTo(ChronoUnit.MINUTES);
        // Tendering Law art. 24: at least 20 days, counted from the day after the issue day.
        LocalDate earliestDay = issued.toLocalDate().plusDays(20);
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.onDialog(d -> d.accept());
            Browser.signInWithForm(page, host.username(), Api.PASSWORD);
            assertThat(page.locator("h1")).hasText("招标人工作台");
            assertThat(page.locator("#mine-h + p.empty")).isVisible();

            // A project first, through the form on the workspace page.
            page.getByLabel("项目名称").fill("阳光市第二中学改扩建");
            page.getByLabel("地区").fill("阳光市");
            page.locator("button", new Page.LocatorOptions().setHasText("建立项目")).click();
            assertThat(page.locator("ul.projects")).containsText("阳光市第二中学改扩建");

            page.locator("[data-new-tender]").click();
            assertThat(page.locator("h1")).hasText("新建招标项目");
            assertThat(page.locator("form[data-wizard][data-ready]")).hasCount(1); // its script is running
            // Step 1: the project.
            page.locator("#project").selectOption(new SelectOption().setIndex(1));
            page.locator("[data-next-step]").click();
            // Step 2: basics; engineering offers only open and invited tendering.
            page.getByLabel("招标项目名称").fill(title);
            page.locator("#tradeType").selectOption("ENGINEERING");
            assertTrue(page.locator("#method option[value=ONLINE_BIDDING]").isDisabled());
            assertTrue(page.locator("#method option[value=SINGLE_SOURCE]").isDisabled());
            page.locator("#method").selectOption("OPEN");
            page.locator("[data-next-step]").click();
            // Step 3: money. 2 % of 50 million is a million, so the RMB 800,000 cap of order no. 30 binds; shown as typed.
            page.locator("#budget").fill("50000000");
            page.locator("#ceilingPrice").fill("48000000");
            Locator bondLimit = page.locator("[data-limit=bondCap]");
            assertThat(bondLimit).containsText("¥800,000.00");
            assertThat(bondLimit).containsText("30号令");
            page.locator("#bidBond").fill("900000");
            assertThat(bondLimit).containsText("超过上限");
            page.locator("#lot-name-0").fill("施工总承包");
            page.locator("#lot-budget-0").fill("50000000");
            page.locator("[data-next-step]").click();
            // Step 4: schedule; the earliest legal deadline follows the issue time.
            Locator deadlineLimit = page.locator("[data-limit=earliestDeadline]");
            assertThat(deadlineLimit).containsText("填写招标文件发出时间后显示");
            page.locator("#documentsIssuedAt").fill(INPUT.format(issued));
            assertThat(deadlineLimit).containsText(SHOWN.format(earliestDay.atStartOfDay()));
            assertThat(deadlineLimit).containsText("《中华人民共和国招标投标法》第二十四条");
            page.locator("#bidDeadline").fill(INPUT.format(earliestDay.minusDays(1).atTime(9, 30)));
            assertThat(deadlineLimit).containsText("早于法定最早时间");
            page.locator("#bidDeadline").fill(INPUT.format(earliestDay.plusDays(1).atTime(9, 30)));
            assertThat(deadlineLimit).not().containsText("早于法定最早时间");
            page.locator("#documentsSaleEndsAt").fill(INPUT.format(earliestDay.minusDays(2).atTime(17, 0)));
            page.locator("#clarificationCutoff").fill(INPUT.format(earliestDay.minusDays(5).atTime(17, 0)));
            page.locator("[data-next-step]").click();
            // Step 5: evaluation.
            page.locator("#evaluationMethod").selectOption("LOWEST_EVALUATED_PRICE");
            page.getByLabel("投标人资格要求").fill("具备建筑工程施工总承包二级及以上资质");
            page.locator("[data-next-step]").click();
            // Step 6: review, save, and the publication check refuses the bond beside its field, with the citation.
            assertThat(page.locator("[data-summary]")).containsText(title);
            page.locator("[data-save]").click();
            page.waitForURL(Pattern.compile(".*/workspace/tenders/\\d+/edit\\?step=review"));
            long id = Long.parseLong(page.url().replaceAll(".*/tenders/(\\d+)/edit.*", "$1"));
            assertThat(page.locator("form[data-wizard][data-ready]")).hasCount(1);
            assertThat(page.locator("[data-check] .problem")).containsText("发布检查未通过");
            assertThat(page.locator("[data-check] [data-violation=bidBond]")).containsText("800000");
            assertThat(page.locator("[data-goto=money]")).hasClass(Pattern.compile("has-error"));
            page.locator("[data-check] [data-violation=bidBond] button").click();
            Locator bondError = page.locator("#bidBond-error");
            assertThat(bondError).isVisible();
            assertThat(bondError).containsText("30号令");
            assertThat(page.locator("#bidBond")).hasAttribute("aria-invalid", "true");
            // Publishing anyway is refused the same way.
            host.call().post("/api/tenders/" + id + "/publish").then().statusCode(422);

            // Fix it, save, re-check, publish.
            page.locator("#bidBond").fill("500000");
            assertThat(bondLimit).not().containsText("超过上限");
            page.locator("[data-goto=review]").click();
            page.locator("[data-save]").click();
            assertThat(page.locator("[data-check] .notice")).containsText("发布检查通过");
            assertThat(page.locator("#bidBond-error")).hasCount(0);
            page.locator("[data-publish]").click();
            page.waitForURL("**/workspace/tenders/" + id);
            assertThat(page.locator("[data-status]")).hasText("已发布");
            assertThat(page.locator(".next-box")).containsText("上传招标文件");

            // The workspace lists it with its next action; the public portal shows it.
            page.navigate("/workspace");
            assertThat(page.locator("[data-tender-row='" + id + "']")).containsText("上传招标文件");
            Browser.screenshot(page, "workspace-main");
            page.navigate("/?q=" + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.locator("ul.tenders > li")).hasCount(1);
            page.locator("ul.tenders a.title").click();
            assertThat(page.locator("h1")).containsText(title);
            assertThat(page.locator("main")).containsText("¥500,000.00");
        }
        given().get("/api/tenders?q=" + title).then().statusCode(200).body("[0].status", equalTo("PUBLISHED"));
    }

    @Test
    void theWorkspaceFitsAPhoneAndIsClosedToOtherRoles() {
        Party host = Api.party("TENDERER");
        Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now()));
        try (BrowserContext ctx = Browser.context(base, 390, 844)) {
            Browser.signIn(ctx, base, host.token());
            Page page = ctx.newPage();
            page.navigate("/workspace");
            assertThat(page.locator("h1")).hasText("招标人工作台");
            assertThat(page.locator("ul.ws-tenders > li")).hasCount(1);
            assertThat(page.locator("ul.ws-tenders")).containsText("完善草稿");
            assertThat(page.locator("[data-new-tender]")).isVisible();
            Number overflow = (Number) page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertTrue(overflow.intValue() <= 0, "no sideways scrolling at 390px: " + overflow);
            page.locator("[data-new-tender]").click();
            Number wizardOverflow = (Number) page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertTrue(wizardOverflow.intValue() <= 0, "the creation steps fit too: " + wizardOverflow);
            Browser.screenshot(page, "workspace-phone");
        }
        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, Api.party("BIDDER").token());
            Page page = ctx.newPage();
            var response = page.navigate("/workspace");
            assertTrue(response.status() == 403);
            page.navigate("/logout");
        }
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/workspace");
            assertTrue(page.url().contains("/login?next=%2Fworkspace"), page.url());
        }
    }

    @Test
    void theHostStartsReadsOutAnswersAnObjectionAndClosesTheOpeningFromTheHostView() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        List<Party> bidders = new ArrayList<>();
        List<byte[]> envelopes = new ArrayList<>();
        for (String price : new String[]{"9100000.00", "9200000.00", "9300000.00"}) {
            Party b = Api.party("BIDDER");
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
            envelopes.add(Bids.sealToOpeningAndSelf(id, code, b, Bids.zip(b.username(), price), false));
            bidders.add(b);
        }
        Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
        clock.advance(past);
        try (BrowserContext ctx = Browser.desktop(base)) {
            assertTrue(closing.closeIfDue(id));
            for (Party b : bidders) {
                b.call().post("/api/tenders/" + id + "/opening/sign-in").then().statusCode(200);
            }
            Browser.signIn(ctx, base, host.token());
            Page page = ctx.newPage();
            page.navigate("/workspace/tenders/" + id + "/opening");
            Locator stage = page.locator("[data-opening-hall] [data-stage]");
            assertThat(stage).hasText("签到");
            page.locator("button", new Page.LocatorOptions().setHasText("开始开标")).click();
            assertThat(stage).hasText("解密");
            for (int i = 0; i < bidders.size(); i++) {
                bidders.get(i).call().body(Map.of("contentKey", Bids.contentKey(envelopes.get(i), bidders.get(i))))
                        .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200);
            }
            assertThat(page.locator("[data-opening-hall] [data-opened]")).hasText("3");
            page.locator("button", new Page.LocatorOptions().setHasText("唱标")).click();
            assertThat(stage).hasText("唱标");
            assertThat(page.locator("[data-lines] tr")).hasCount(3);
            page.locator("button", new Page.LocatorOptions().setHasText("开始确认")).click();
            assertThat(stage).hasText("确认");
            bidders.get(0).call().body(Map.of("kind", "CONFIRMED")).post("/api/tenders/" + id + "/opening/lots/1/confirm")
                    .then().statusCode(200);
            bidders.get(2).call().body(Map.of("kind", "CONFIRMED")).post("/api/tenders/" + id + "/opening/lots/1/confirm")
                    .then().statusCode(200);
            bidders.get(1).call().body(Map.of("kind", "OBJECTED", "text", "唱标报价与投标文件不一致"))
                    .post("/api/tenders/" + id + "/opening/lots/1/confirm").then().statusCode(200);
            Locator objection = page.locator("[data-opening-objections] form");
            assertThat(objection).containsText("唱标报价与投标文件不一致");
            // Closing with an objection unanswered is refused, and the refusal is shown.
            page.locator("button", new Page.LocatorOptions().setHasText("结束开标")).click();
            assertThat(page.locator("form[data-stage-action=CONFIRMATION] [data-problem]")).containsText("异议");
            objection.locator("textarea").fill("经核对，唱标报价与投标文件一致。");
            objection.locator("button").click();
            assertThat(page.locator("[data-lines]")).containsText("经核对");
            assertThat(objection).hasCount(0);
            page.locator("button", new Page.LocatorOptions().setHasText("结束开标")).click();
            assertThat(stage).hasText("开标结束");
            assertThat(page.locator("[data-opening-hall] [data-record] a")).isVisible();
            assertThat(page.locator("[data-closed-links] a")).isVisible();
            given().get("/api/tenders/" + id).then().body("status", equalTo("EVALUATION"));

            // The evaluation and award page tells the next legal step: draw the committee.
            page.locator("[data-closed-links] a").click();
            assertThat(page.locator("[data-next-action]")).containsText("抽取评标委员会");
            assertThat(page.locator("form[data-api$='/committee'] #draw-specialty")).isVisible();
        } finally {
            clock.advance(past.negated());
        }
    }
}
