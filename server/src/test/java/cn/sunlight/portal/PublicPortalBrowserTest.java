package cn.sunlight.portal;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public portal in a real browser: search, a tender's page, language switch, sign-in and page access. */
@QuarkusTest
class PublicPortalBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PlatformClock clock;

    private long publishedTender(String tradeType, String method, String title) {
        Party host = Api.party("TENDERER");
        var body = Api.tenderBody(tradeType, method, clock.now());
        body.put("title", title);
        long id = Api.draft(host, body);
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        host.call().body(Map.of("kind", "CLARIFICATION", "text", "澄清：工期以合同为准。", "affectsPreparation", false))
                .post("/api/tenders/" + id + "/clarifications").then().statusCode(201);
        return id;
    }

    @Test
    void searchFindsATenderAndItsPageShowsTimelineClarificationsAndDocuments() {
        String unique = "浏览器检索 " + System.nanoTime();
        long id = publishedTender("GOODS", "OPEN", unique + " 办公设备");
        publishedTender("ENGINEERING", "OPEN", "另一个项目 " + System.nanoTime());
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/");
            assertEquals("zh-CN", page.locator("html").getAttribute("lang"));
            assertThat(page.locator("h1")).hasText("交易公告");
            page.getByLabel("关键词（名称、编号、招标人或地区）").fill(unique);
            page.getByLabel("交易类型").selectOption("GOODS");
            page.locator("form[role=search] button[type=submit]").click();
            assertThat(page.locator("ul.tenders > li")).hasCount(1);
            assertThat(page.locator("ul.tenders")).containsText(unique);
            // A goods filter must not find the engineering tender, an engineering filter not this one.
            page.getByLabel("交易类型").selectOption("ENGINEERING");
            page.locator("form[role=search] button[type=submit]").click();
            assertThat(page.locator("p.empty")).isVisible();

            page.navigate("/tenders/" + id);
            assertThat(page.locator("h1")).containsText(unique);
            assertThat(page.locator("ol.timeline")).containsText("发布招标公告");
            assertThat(page.locator("ol.timeline")).containsText("投标截止暨开标");
            assertThat(page.locator("article.clarification")).containsText("工期以合同为准");
            // The announcement PDF link works for anyone.
            String href = page.locator("a[href$='announcement.pdf']").getAttribute("href");
            given().get(href).then().statusCode(200).contentType("application/pdf");
            Browser.screenshot(page, "public-tender");
        }
    }

    /** Issue 20: the results come a page at a time; next/previous keep the search in the URL; none is lost or repeated. */
    @Test
    void resultsArePagedWithLinksThatKeepTheSearch() {
        String unique = "分页浏览 " + System.nanoTime();
        Party host = Api.party("TENDERER");
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var body = Api.tenderBody("GOODS", "OPEN", clock.now());
            body.put("title", unique + " 第" + i + "包");
            long id = Api.draft(host, body);
            host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
            ids.add(id);
        }
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/?limit=2&tradeType=GOODS&q=" + java.net.URLEncoder.encode(unique, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(page.locator("ul.tenders > li")).hasCount(2);
            assertThat(page.locator("nav.pager").first()).containsText("共 5 项");
            assertEquals(0, page.locator("nav.pager a.prev").count(), "no previous page on the first");
            java.util.List<String> seen = new java.util.ArrayList<>(page.locator("ul.tenders a.title").allTextContents());
            page.locator("nav.pager a.next").first().click();
            assertTrue(page.url().contains("q=") && page.url().contains("tradeType=GOODS") && page.url().contains("limit=2")
                    && page.url().contains("cursor="), page.url());
            assertThat(page.getByLabel("交易类型")).hasValue("GOODS");
            seen.addAll(page.locator("ul.tenders a.title").allTextContents());
            page.locator("nav.pager a.next").first().click();
            assertThat(page.locator("ul.tenders > li")).hasCount(1);
            seen.addAll(page.locator("ul.tenders a.title").allTextContents());
            assertEquals(0, page.locator("nav.pager a.next").count(), "no next page on the last");
            assertEquals(5, new java.util.HashSet<>(seen).size(), "five different tenders: " + seen);
            assertEquals(unique + " 第4包", seen.getFirst(), "newest first");
            page.locator("nav.pager a.prev").first().click();
            assertEquals(seen.subList(2, 4), page.locator("ul.tenders a.title").allTextContents());
        }
    }

    @Test
    void languageSwitchesToEnglishAndBackAndStays() {
        long id = publishedTender("ENGINEERING", "OPEN", "英文页面 " + System.nanoTime());
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/");
            page.locator("a.lang").click();
            assertEquals("en", page.locator("html").getAttribute("lang"));
            assertThat(page.locator("h1")).hasText("Tenders");
            // The choice stays for the next page: a tender's page speaks English (its data stay as entered).
            page.navigate("/tenders/" + id);
            assertThat(page.locator("#timeline-h")).hasText("Timeline");
            assertThat(page.locator("ol.timeline")).containsText("Announcement published");
            assertThat(page.locator("#clar-h")).hasText("Clarifications and amendments");
            assertThat(page.locator("main")).containsText("engineering construction · open tender");
            assertThat(page.locator("footer")).containsText("Server time (Beijing)");
            page.navigate("/login");
            assertThat(page.locator("h1")).hasText("Sign in");
            page.locator("a.lang").click();
            assertThat(page.locator("h1")).hasText("登录");
        }
    }

    @Test
    void signInLandsOnTheRolesPageAndPagesRefuseOtherRoles() {
        Party bidder = Api.party("BIDDER");
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            Browser.signInWithForm(page, bidder.username(), "wrong-password", "/");
            assertThat(page.locator("[role=alert]")).containsText("用户名或密码错误");
            page.getByLabel("密码").fill(Api.PASSWORD);
            page.locator("form[action='/login'] button[type=submit]").click();
            // From the front page, signing in leads to the role's own workspace.
            page.waitForURL("**/bidder");
            assertThat(page.locator(".session .who")).hasText(bidder.organisationName());
            // The session cookie is HttpOnly: page scripts cannot read the token.
            assertTrue(((String) page.evaluate("document.cookie")).indexOf("sunlight_session") < 0);
            var cookie = ctx.cookies().stream().filter(c -> c.name.equals("sunlight_session")).findFirst().orElseThrow();
            assertTrue(cookie.httpOnly);
            page.locator("form[action='/logout'] button").click();
            assertThat(page.locator(".session a[href^='/login']")).isVisible();
        }
        // The API keeps answering as an API.
        given().get("/api/supervision/alerts").then().statusCode(401);
    }

    @Test
    void theApiAcceptsTheSessionCookieAsWellAsTheBearerHeader() {
        Party bidder = Api.party("BIDDER");
        given().cookie("sunlight_session", bidder.token()).get("/api/me").then().statusCode(200)
                .body("username", org.hamcrest.Matchers.equalTo(bidder.username()));
        given().header("Authorization", "Bearer " + bidder.token()).get("/api/me").then().statusCode(200);
    }

    @Test
    void onAPhoneTheHomePageFitsTheScreenAndTheKeyboardReachesEverything() {
        publishedTender("PROCUREMENT", "OPEN", "手机检索 " + System.nanoTime());
        try (BrowserContext ctx = Browser.context(base, 390, 844)) {
            Page page = ctx.newPage();
            page.navigate("/");
            // Nothing wider than the screen: no sideways scrolling on a phone.
            Number overflow = (Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow.intValue() <= 0, "page is wider than a 390px screen by " + overflow);
            // The first Tab reaches the skip link, which moves focus to the content.
            page.keyboard().press("Tab");
            assertEquals("skip", page.evaluate("document.activeElement.className"));
            page.keyboard().press("Enter");
            assertEquals("main", page.evaluate("document.activeElement.id"));
            // Every form control has a label a screen reader can announce.
            Number unlabeled = (Number) page.evaluate("""
                    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length""");
            assertEquals(0, unlabeled.intValue());
            Browser.screenshot(page, "public-main-phone");
        }
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/");
            Browser.screenshot(page, "public-main");
        }
    }

    @Test
    void aMissingTenderIsAPageNotJson() {
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            var response = page.navigate("/tenders/987654321");
            assertEquals(404, response.status());
            assertThat(page.locator("h1")).isVisible();
            assertThat(page.locator("main")).containsText("987654321");
        }
        given().get("/api/tenders/987654321").then().statusCode(404).contentType("application/problem+json");
    }
}
