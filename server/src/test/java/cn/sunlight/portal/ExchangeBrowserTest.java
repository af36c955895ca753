package cn.sunlight.portal;

import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 4, the operators' page of the data exchange in a real browser: an operator lands on the queue, finds
 * the item a tender's publication put there, sees it turn yellow and red as it waits, nudges the sender; supervisors
 * read it from their desk; other roles are refused. (The test configuration has no public service platform endpoint,
 * so the item stays pending; delivery itself is OutboxDeliveryTest's.)
 */
@QuarkusTest
class ExchangeBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PlatformClock clock;

    /** The queue is oldest first: follows the page's own "next" links until the tender's row shows. */
    private static Locator findRow(Page page, String ocid) {
        Locator row = page.locator("table.pending tr[data-ocid='" + ocid + "']").first();
        for (int i = 0; i < 200 && row.count() == 0; i++) {
            Locator next = page.locator("nav.pager a.next").first();
            if (next.count() == 0) {
                break;
            }
            next.click();
            page.waitForLoadState();
        }
        assertTrue(row.count() > 0, "the tender's release is in the queue");
        return row;
    }

    @Test
    void anOperatorLandsOnTheQueueAndSeesAPublishedTenderWaitAndTurnYellowThenRed() {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        String ocid = ConfigProvider.getConfig().getValue("sunlight.ocds.ocid-prefix", String.class) + "-" + code;

        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            Browser.signInWithForm(page, "operator", Api.PASSWORD);
            assertThat(page).hasURL(Pattern.compile(".*/exchange$"));
            assertThat(page.locator("h1")).hasText("数据交互");
            assertThat(page.locator("header nav.nav a[href='/exchange']")).hasText("数据交互");
            assertThat(page.locator("[data-endpoint]")).hasAttribute("data-endpoint", "missing");
            assertThat(page.locator("[data-endpoint]")).containsText("未配置");
            assertThat(page.locator("section.card").first()).containsText("黄色预警：超过 1 小时 未送达；红色预警：超过 1 天 未送达");
            long pending = Long.parseLong(page.locator("[data-pending-count]").textContent().trim());
            assertTrue(pending >= 1, "pending " + pending);

            page.navigate("/exchange?limit=200");
            Locator row = findRow(page, ocid);
            assertThat(row).hasAttribute("data-state", "ON_TIME");
            assertThat(row).containsText("招标（采购）公告");
            assertThat(row.locator("td[data-label='已尝试']")).hasText("0");
            assertThat(row.locator("td[data-label='最近错误']")).hasText("—");
            assertThat(row.locator(".badge")).hasText("及时");
            // Created at: Beijing time of today, to the second.
            assertThat(row.locator("td[data-label='产生时间'] time")).hasText(Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
            String here = page.url();

            // The operator's nudge goes to the outbox API; with no endpoint nothing leaves and the item stays queued.
            var sent = page.waitForResponse(r -> r.url().endsWith("/api/ocds/outbox/send"),
                    () -> page.locator("form.send-now button[type=submit]").click());
            assertEquals(200, sent.status());
            page.waitForLoadState();
            assertThat(page.locator("table.pending tr[data-ocid='" + ocid + "']").first()).isVisible();

            Duration moved = Duration.ofHours(1).plusMinutes(1);
            clock.advance(moved);
            try {
                page.navigate(here);
                assertThat(row).hasAttribute("data-state", "YELLOW");
                assertThat(row.locator(".badge")).hasText("黄色");
                assertThat(row.locator("td[data-label='已等待']")).containsText("1 小时");
                clock.advance(Duration.ofDays(1));
                moved = moved.plusDays(1);
                page.navigate(here);
                assertThat(row).hasAttribute("data-state", "RED");
                assertThat(row.locator(".badge")).hasText("红色");
                assertThat(row.locator("td[data-label='已等待']")).containsText("1 天 1 小时");
                Browser.screenshot(page, "exchange-queue");

                page.locator("a.lang").click();
                assertThat(page.locator("h1")).hasText("Data exchange");
                assertThat(page.locator("[data-endpoint]")).containsText("not configured");
                Locator en = page.locator("table.pending tr[data-ocid='" + ocid + "']").first();
                assertThat(en).containsText("announcement");
                assertThat(en.locator(".badge")).hasText("Red");
                assertThat(en.locator("td[data-label='Waiting for']")).containsText("1 d 1 h");
                assertThat(page.locator("form.send-now button")).hasText("Send now");
                page.locator("a.lang").click();
                assertThat(page.locator("h1")).hasText("数据交互");
            } finally {
                clock.advance(moved.negated());
            }
        }
    }

    @Test
    void supervisorsReadTheQueueFromTheirDeskWithoutTheSendButton() {
        Party supervisor = Api.party("SUPERVISOR");
        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, supervisor.token());
            Page page = ctx.newPage();
            page.navigate("/desk");
            page.locator("nav.tabs a[href='/exchange']").click();
            assertThat(page).hasURL(Pattern.compile(".*/exchange$"));
            assertThat(page.locator("h1")).hasText("数据交互");
            assertThat(page.locator("nav.tabs a[aria-current=page]")).hasText("数据交互");
            assertThat(page.locator("form.send-now")).hasCount(0);
        }
    }

    @Test
    void anonymousReadersAreSentToSignInAndOtherRolesAreRefused() {
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/exchange");
            assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Fexchange$"));
        }
        Party bidder = Api.party("BIDDER");
        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, bidder.token());
            Page page = ctx.newPage();
            assertEquals(403, page.navigate("/exchange").status());
            assertThat(page.locator("h1")).hasText("无权访问");
            assertThat(page.locator("header nav.nav a[href='/exchange']")).hasCount(0);
        }
    }
}
