package cn.sunlight.portal;

import cn.sunlight.auction.AuctionClient;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The host runs an online-bidding (网上竞价) tender from the workspace: sets the auction up in the browser, follows
 * it live by alias only, closes it once ended and gets the signed result; its award page explains that no committee
 * is drawn (it used to fail with a 500).
 */
@QuarkusTest
class HostAuctionBrowserTest {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @TestHTTPResource("/")
    URL base;

    @Inject
    PlatformClock clock;

    @Inject
    io.agroal.api.AgroalDataSource db;

    @Test
    void theHostSetsUpFollowsAndClosesAnOnlineBidding() throws Exception {
        Party host = Api.party("TENDERER");
        Party bidder = Api.party("BIDDER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        bidder.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);

        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, host.token());
            Page page = ctx.newPage();
            page.onDialog(d -> d.accept());

            // No committee for an online bidding: the award page says so and leads to the auction.
            page.navigate("/workspace/tenders/" + id + "/award");
            assertThat(page.locator("main")).containsText("网上竞价不组建评标委员会");
            page.locator("main a[href$='/auction']").first().click();

            // Set up: starts now (to the minute), ends in three minutes, every late quote extends by a minute.
            Instant now = clock.now();
            page.getByLabel("开始时间").fill(INPUT.format(now.atZone(ZoneId.of("Asia/Shanghai"))));
            page.getByLabel("结束时间").fill(INPUT.format(now.plus(Duration.ofMinutes(3)).atZone(ZoneId.of("Asia/Shanghai"))));
            page.getByLabel("结束前多少分钟内有报价即延时").fill("5");
            page.getByLabel("每次延时（分钟）").fill("1");
            page.locator("form[data-method=PUT] button[type=submit]").click();
            assertThat(page.locator("[data-host-auction] [data-phase]")).hasText("竞价中");
            assertThat(page.locator("[data-live-status]")).containsText("实时");

            // A bidder quotes: the host sees it live, by alias, without the bidder's name.
            long auctionId = auctionIdOf(id);
            var reply = AuctionClient.bid(RestAssured.port, bidder, id, code, auctionId, 1, "9400000.00");
            assertEquals(201, reply.status(), reply.body());
            assertThat(page.locator("[data-ranking] tr")).hasCount(1);
            assertThat(page.locator("[data-ranking]")).containsText("9400000.00");
            assertThat(page.locator("[data-ranking]")).not().containsText(bidder.organisationName());
            assertThat(page.locator("[data-extensions]")).hasText("1 / 3");
            assertThat(page.locator("[data-close-form]")).isHidden();

            // The (extended) end passes: the close button appears live; closing signs the result.
            Duration past = Duration.ofMinutes(10);
            clock.advance(past);
            try {
                assertThat(page.locator("[data-host-auction] [data-phase]")).hasText("已到时（待关闭）");
                assertThat(page.locator("[data-close-form]")).isVisible();
                page.locator("[data-close-form] button").click();
                assertThat(page.locator("[data-host-auction] [data-phase]")).hasText("已结束");
                assertThat(page.locator("[data-closed-links]")).isVisible();
                // After the close the buyer learns who is behind the alias.
                assertThat(page.locator("[data-ranking]")).containsText(bidder.organisationName());
                host.call().get("/api/tenders/" + id + "/auction/result.pdf").then().statusCode(200)
                        .contentType("application/pdf");
                Browser.screenshot(page, "workspace-auction");
            } finally {
                clock.advance(past.negated());
            }
        }
    }

    /** The id a quote's signed statement names (the bidder's page reads it on the server; the test asks the database). */
    private long auctionIdOf(long tenderId) throws java.sql.SQLException {
        try (var c = db.getConnection(); var ps = c.prepareStatement("select id from auction where tender_id = ?")) {
            ps.setLong(1, tenderId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
