package cn.sunlight.portal;

import cn.sunlight.auction.AuctionClient;
import cn.sunlight.common.PlatformClock;
import cn.sunlight.crypto.Pem;
import cn.sunlight.opening.service.BidClosing;
import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Bids;
import cn.sunlight.support.Browser;
import cn.sunlight.tools.BidderTool;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bidder's workspace in a real browser: registering, a sealed bid submitted with the bidder tool and its receipt
 * checked, the opening followed live up to confirming the read-out, and a blind auction followed live.
 */
@QuarkusTest
class BidderPortalBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PlatformClock clock;
    @Inject
    BidClosing closing;

    record Run(int exit, String out) {
    }

    static Run tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = BidderTool.run(args, print, print, Map.of());
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    static String server() {
        return "http://localhost:" + RestAssured.port;
    }

    /** The keys folder the bidder tool reads, as the workspace page describes it. */
    static Path keysDir(Party p) throws Exception {
        Path dir = Files.createTempDirectory("sunlight-keys");
        String ca = given().get("/api/pki/ca.pem").then().statusCode(200).extract().asString();
        Files.writeString(dir.resolve("signing-key.pem"), Pem.write(p.signing().getPrivate()));
        Files.writeString(dir.resolve("signing-cert.pem"), Pem.write(p.signingCertificate()) + ca);
        Files.writeString(dir.resolve("encryption-key.pem"), Pem.write(p.encryption().getPrivate()));
        Files.writeString(dir.resolve("encryption-cert.pem"), Pem.write(p.encryptionCertificate()) + ca);
        return dir;
    }

    @Test
    void aBidderRegistersSubmitsWithTheToolChecksTheReceiptAndFollowsTheOpeningLive() throws Exception {
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("ENGINEERING", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        given().header("Authorization", "Bearer " + host.token()).contentType("text/plain").queryParam("fileName", "招标文件.txt")
                .body("招标文件正文".getBytes(StandardCharsets.UTF_8)).post("/api/tenders/" + id + "/documents").then().statusCode(201);
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        Instant deadline = Instant.parse(given().get("/api/tenders/" + id).then().extract().path("schedule.bidDeadline"));
        Party me = Api.party("BIDDER");

        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, me.token());
            Page page = ctx.newPage();

            // Register from the workspace's list of open tenders.
            page.navigate("/bidder");
            assertThat(page.locator("h1")).hasText("投标人工作台");
            // The bidder's tools: a link to the jar and the SHA-256 of the bytes the platform serves.
            String served = given().get("/api/tools/sunlight-tools.jar.sha256").then().statusCode(200).extract().asString();
            assertThat(page.locator("[data-tools] [data-tools-sha256]")).hasText(served.substring(0, 64));
            assertEquals("/api/tools/sunlight-tools.jar", page.locator("[data-tools] a[data-tools-jar]").getAttribute("href"));
            page.locator("[data-open-tenders] li[data-tender-id='" + id + "'] button[type=submit]").click();
            page.waitForURL("**/bidder/tenders/" + id);
            assertThat(page.locator("[data-registration]")).containsText("已报名");
            assertThat(page.locator("[data-deadline-countdown]")).hasText(Pattern.compile("\\d+天 \\d\\d:\\d\\d:\\d\\d"));
            // The documents download (recorded by the API).
            Download download = page.waitForDownload(() -> page.locator("a[download]", new Page.LocatorOptions().setHasText("招标文件.txt")).click());
            assertEquals("招标文件正文", Files.readString(download.path()));
            // How to submit: the exact command for this tender and lot, in the bidder's own name.
            String command = page.locator("[data-submit-command='1']").textContent();
            assertThat(page.locator("[data-tools-download] a[data-tools-jar]")).hasAttribute("href", "/api/tools/sunlight-tools.jar");
            assertTrue(command.contains("sunlight-tools.jar submit --server " + base.toString().replaceAll("/$", "") + " --user " + me.username()
                    + " --keys sunlight-keys --tender " + id + " --lot 1 --folder bid-lot-1"), command);
            assertThat(page.locator("[data-folder-layout]")).containsText("opening-form.json");
            assertThat(page.locator("[data-keys-command]")).containsText("sunlight-tools.jar keys --server");
            assertThat(page.locator("[data-no-bids]")).isVisible();

            // The bid is sealed and sent by the bidder tool on the bidder's machine, with the command the page shows.
            Path keys = keysDir(me);
            Path folder = Files.createTempDirectory("bid-lot-1");
            Files.writeString(folder.resolve("opening-form.json"), "{\"price\":\"9200000.00\",\"duration\":\"90 日历天\"}");
            Files.writeString(folder.resolve("technical.txt"), "技术方案");
            Run submitted = tool("submit", "--server", server(), "--user", me.username(), "--password", Api.PASSWORD,
                    "--keys", keys.toString(), "--tender", "" + id, "--lot", "1", "--folder", folder.toString());
            assertEquals(0, submitted.exit(), submitted.out());
            // Two other bidders, so that the lot can be opened.
            List<Party> others = new ArrayList<>();
            List<byte[]> envelopes = new ArrayList<>();
            for (String price : new String[]{"9300000.00", "9400000.00"}) {
                Party b = Api.party("BIDDER");
                b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
                envelopes.add(Bids.sealToOpeningAndSelf(id, code, b, Bids.zip(b.username(), price), false));
                others.add(b);
            }

            // The bid and its receipt show in the workspace; the verify view checks it against the public log.
            page.reload();
            Locator row = page.locator("[data-receipts] tbody tr");
            assertThat(row).hasCount(1);
            String sha = given().cookie("sunlight_session", me.token()).get("/api/tenders/" + id + "/bids/mine").then()
                    .extract().path("[0].content.envelopeSha256");
            assertThat(row).containsText(sha);
            assertThat(row).containsText("有效");
            Browser.screenshot(page, "bidder-tender");
            row.locator("a", new Locator.LocatorOptions().setHasText("核验")).click();
            assertThat(page.locator("[data-envelope-sha]")).hasText(sha);
            assertThat(page.locator("[data-stamp]")).containsText("Sunlight");
            long until = System.currentTimeMillis() + 20_000;
            while (!"VERIFIED".equals(page.locator("[data-outcome]").getAttribute("data-outcome")) && System.currentTimeMillis() < until) {
                page.waitForTimeout(1000); // log checkpoints are issued every few seconds
                page.reload();
            }
            assertThat(page.locator("[data-outcome]")).hasAttribute("data-outcome", "VERIFIED");
            assertThat(page.locator("[data-checks] li.VERIFIED")).hasCount(6);
            assertThat(page.locator("[data-verify-command]")).containsText("sunlight-tools.jar verify-receipt receipt-" + id + "-1-v1.json");
            // The receipt file the page offers verifies offline with the bidder tool.
            Download receipt = page.waitForDownload(() -> page.locator("[data-receipt-file]").click());
            Path receiptFile = Files.createTempDirectory("receipt").resolve("receipt.json");
            Files.copy(receipt.path(), receiptFile);
            Run verified = tool("verify-receipt", receiptFile.toString(), "--server", server());
            assertEquals(0, verified.exit(), verified.out());
            assertTrue(verified.out().contains(sha), verified.out());
            // So does its time stamp with OpenSSL alone, running the page's own commands as shown, on the file the
            // bidder tool saved into the bid folder (pretty-printed, unlike the page's download).
            Path dir = folder;
            assertTrue(Files.exists(dir.resolve("receipt-" + id + "-1-v1.json")), "the tool saved the receipt");
            Files.writeString(dir.resolve("ca.pem"), given().get("/api/pki/ca.pem").asString());
            Files.writeString(dir.resolve("tsa.pem"), given().get("/api/pki/tsa.pem").asString());
            String openssl = page.locator("[data-openssl-command]").textContent();
            var ts = cn.sunlight.support.Shell.run(dir, "bash", "-c", "set -e\n" + openssl);
            assertEquals(0, ts.exit(), ts.output());
            assertTrue(ts.output().contains("Verification: OK"), ts.output());
            Browser.screenshot(page, "bidder-receipt");

            page.navigate("/bidder");
            assertThat(page.locator("[data-my-tenders] li[data-tender-id='" + id + "']")).containsText("v1 · 已递交");
            Browser.screenshot(page, "bidder-main");

            // The deadline passes; the opening hall opens.
            Duration past = Duration.between(clock.now(), deadline).plusSeconds(1);
            clock.advance(past);
            try {
                assertTrue(closing.closeIfDue(id));
                page.navigate("/bidder/tenders/" + id + "/opening");
                Locator mine = page.locator("[data-my-opening]");
                assertThat(mine).hasAttribute("data-stage", "SIGN_IN");
                assertThat(page.locator("[data-panel=wait]")).isVisible();
                page.locator("[data-sign-in-form] button").click();
                assertThat(page.locator("[data-sign-in-form] [data-success]")).isVisible();
                assertThat(page.locator("[data-sign-in-form] button")).isHidden();
                for (Party b : others) {
                    b.call().post("/api/tenders/" + id + "/opening/sign-in").then().statusCode(200);
                }
                page.evaluate("window.__sameDocument = true");

                // The host starts the opening: the page moves to the decryption stage by itself.
                host.call().post("/api/tenders/" + id + "/opening/start").then().statusCode(200).body("stage", equalTo("DECRYPTION"));
                assertThat(mine).hasAttribute("data-stage", "DECRYPTION");
                assertThat(page.locator("[data-panel=decrypt]")).isVisible();
                assertThat(page.locator("[data-panel=wait]")).isHidden();
                assertThat(page.locator("[data-my-decryption-countdown]")).hasText(Pattern.compile("\\d\\d:\\d\\d:\\d\\d"));
                assertThat(page.locator("[data-decrypt-command='1']")).containsText("sunlight-tools.jar decrypt --server "
                        + base.toString().replaceAll("/$", "") + " --user " + me.username() + " --keys sunlight-keys --tender " + id + " --lot 1");

                // Path 1: the tool hands over only the content key; the others do the same by hand.
                Run decrypted = tool("decrypt", "--server", server(), "--user", me.username(), "--password", Api.PASSWORD,
                        "--keys", keys.toString(), "--tender", "" + id, "--lot", "1");
                assertEquals(0, decrypted.exit(), decrypted.out());
                for (int i = 0; i < others.size(); i++) {
                    others.get(i).call().body(Map.of("contentKey", Bids.contentKey(envelopes.get(i), others.get(i))))
                            .post("/api/tenders/" + id + "/opening/lots/1/key").then().statusCode(200).body("status", equalTo("DECRYPTED"));
                }
                host.call().post("/api/tenders/" + id + "/opening/read-out").then().statusCode(200);
                assertThat(mine).hasAttribute("data-stage", "READING");
                host.call().post("/api/tenders/" + id + "/opening/confirmation").then().statusCode(200);
                assertThat(mine).hasAttribute("data-stage", "CONFIRMATION");
                Locator line = page.locator("[data-my-line]");
                assertThat(line).hasCount(1);
                assertThat(line.locator("[data-line-price]")).hasText("¥9,200,000.00");
                assertThat(page.locator("[data-opening-hall] tr.mine")).hasCount(1);
                assertThat(page.locator("[data-opening-hall] tr.mine")).containsText(me.organisationName());
                assertThat(page.locator("[data-my-confirmation-countdown]")).hasText(Pattern.compile("\\d\\d:\\d\\d:\\d\\d"));
                line.locator("[data-confirm-form] button").click();
                assertThat(line.locator("[data-line-confirmation]")).hasText("已确认");
                assertThat(line.locator("[data-line-actions]")).isHidden();
                assertEquals(Boolean.TRUE, page.evaluate("window.__sameDocument === true"), "followed live, never reloaded");
                given().get("/api/tenders/" + id + "/opening").then()
                        .body("lines.find { it.bidder == '" + me.organisationName() + "' }.confirmation", equalTo("CONFIRMED"));
                Browser.screenshot(page, "bidder-opening");
            } finally {
                clock.advance(past.negated());
            }
        }
    }

    @Test
    void aBidderFollowsABlindAuctionLiveAndSignsQuotesInTheBrowser() throws Exception {
        Party host = Api.party("TENDERER");
        Party me = Api.party("BIDDER");
        Party rival = Api.party("BIDDER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "ONLINE_BIDDING", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        String code = host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200).extract().path("code");
        for (Party b : List.of(me, rival)) {
            b.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        }
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        // Ends inside the extension window (5 min, +1 min each): every quote that takes the lead extends it.
        long auctionId = ((Number) host.call().body(Map.of("startsAt", now.minusSeconds(1).toString(),
                        "endsAt", now.plus(Duration.ofMinutes(3)).toString(), "visibility", "RANK_ONLY",
                        "extensionWindowMinutes", 5, "extensionMinutes", 1))
                .put("/api/tenders/" + id + "/auction").then().statusCode(200).extract().path("auctionId")).longValue();

        try (BrowserContext ctx = Browser.desktop(base)) {
            Browser.signIn(ctx, base, me.token());
            Page page = ctx.newPage();
            page.navigate("/bidder/tenders/" + id + "/auction");
            assertThat(page.locator("[data-live-status]")).containsText("实时"); // the socket took the session cookie
            assertThat(page.locator("[data-phase]")).hasText("竞价中");
            assertThat(page.locator("[data-rank]")).hasText("—");
            assertThat(page.locator("[data-ends]")).hasText(Pattern.compile("00:0[23]:\\d\\d"));
            String endsBefore = page.locator("[data-ends]").getAttribute("data-countdown");

            // A quote signed in this browser with the bidder's key file (never uploaded).
            page.getByLabel("本单位签名私钥文件（signing-key.pem）").setInputFiles(new FilePayload("signing-key.pem", "application/x-pem-file",
                    Pem.write(me.signing().getPrivate()).getBytes(StandardCharsets.UTF_8)));
            page.getByLabel("报价（元）").fill("9452500");
            page.locator("[data-auction-bid] button[type=submit]").click();
            assertThat(page.locator("[data-auction-bid] [data-success]")).isVisible();
            assertThat(page.locator("[data-rank]")).hasText("1");
            assertThat(page.locator("[data-my-price]")).hasText("9452500.00");
            assertThat(page.locator("[data-extensions]")).hasText("1 / 3");
            String endsAfterMine = page.locator("[data-ends]").getAttribute("data-countdown");
            assertNotEquals(endsBefore, endsAfterMine, "the quote in the last minutes extended the auction");

            // A refusal is shown with its reason: the same price again is not below the last quote.
            page.getByLabel("报价（元）").fill("9452500.00");
            page.locator("[data-auction-bid] button[type=submit]").click();
            assertThat(page.locator("[data-auction-bid] [data-problem]")).isVisible();
            assertThat(page.locator("[data-auction-bid] [data-problem]")).not().isEmpty();

            // Another bidder quotes lower through the API: rank and remaining time change without a reload.
            page.evaluate("window.__sameDocument = true");
            var reply = AuctionClient.bid(RestAssured.port, rival, id, code, auctionId, 1, "9405000.00");
            assertEquals(201, reply.status(), reply.body());
            assertThat(page.locator("[data-rank]")).hasText("2");
            assertThat(page.locator("[data-bidders]")).hasText("2");
            assertThat(page.locator("[data-extensions]")).hasText("2 / 3");
            assertThat(page.locator("[data-ends]")).not().hasAttribute("data-countdown", endsAfterMine);
            assertEquals(Boolean.TRUE, page.evaluate("window.__sameDocument === true"));
            // Blind: neither the rival's price nor its name reaches this bidder.
            assertThat(page.locator("[data-best-wrap]")).isHidden();
            assertThat(page.locator("main")).not().containsText("9405000");
            assertThat(page.locator("main")).not().containsText("9,405,000");
            assertThat(page.locator("main")).not().containsText(rival.organisationName());
            Browser.screenshot(page, "bidder-auction");
        }
    }

    @Test
    void theWorkspaceFitsAPhoneAndOnlyBiddersGetIt() {
        Party me = Api.party("BIDDER");
        Party host = Api.party("TENDERER");
        long id = Api.draft(host, Api.tenderBody("GOODS", "OPEN", clock.now().truncatedTo(ChronoUnit.SECONDS)));
        host.call().post("/api/tenders/" + id + "/publish").then().statusCode(200);
        me.call().post("/api/tenders/" + id + "/registrations").then().statusCode(201);
        try (BrowserContext ctx = Browser.context(base, 390, 844)) {
            Browser.signIn(ctx, base, me.token());
            Page page = ctx.newPage();
            page.navigate("/bidder");
            assertThat(page.locator("[data-my-tenders] li[data-tender-id='" + id + "']")).isVisible();
            assertTrue((Boolean) page.evaluate("document.documentElement.scrollWidth <= 390"), "no sideways scrolling on /bidder");
            page.navigate("/bidder/tenders/" + id);
            assertThat(page.locator("[data-how-to-submit]")).isVisible();
            assertTrue((Boolean) page.evaluate("document.documentElement.scrollWidth <= 390"), "no sideways scrolling on the tender");
            Browser.screenshot(page, "bidder-phone");
            // The public page leads a bidder to its workspace.
            page.navigate("/tenders/" + id);
            page.locator("[data-bidder-workspace]").click();
            page.waitForURL("**/bidder/tenders/" + id);
        }
        try (BrowserContext ctx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.navigate("/bidder");
            assertTrue(page.url().contains("/login?next=%2Fbidder"), page.url());
            Browser.signIn(ctx, base, host.token());
            assertEquals(403, page.navigate("/bidder").status());
        }
    }
}
