package cn.sunlight.portal;

import cn.sunlight.support.Api;
import cn.sunlight.support.Api.Party;
import cn.sunlight.support.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenderer manages its entrustments on its workspace, in a real browser under the platform's Content Security
 * Policy: it entrusts an agent, the agent sees the entrustment and may act, the tenderer revokes it and the agent is
 * stopped. The browser reports no CSP violation on the way (the pages' scripts are all static files).
 */
@QuarkusTest
class EntrustmentBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aTendererEntrustsAnAgentAndRevokesItInTheWorkspace() {
        Party tenderer = Api.party("TENDERER");
        Party agent = Api.party("AGENT");
        String agentCode = Api.creditCodeOf(agent.organisationId());
        List<String> cspViolations = new ArrayList<>();
        try (BrowserContext ctx = Browser.desktop(base); BrowserContext agentCtx = Browser.desktop(base)) {
            Page page = ctx.newPage();
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy")) {
                    cspViolations.add(m.text());
                }
            });
            page.onDialog(d -> d.accept());
            Browser.signInWithForm(page, tenderer.username(), Api.PASSWORD);
            assertThat(page.locator("#entrust-h")).hasText("委托代理");
            assertThat(page.locator("[data-entrustments] p.empty")).isVisible();

            page.getByLabel("代理机构统一社会信用代码").fill(agentCode);
            page.locator("#entrust-until").fill(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusDays(60)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
            page.locator("[data-new-entrustment] input[name=tradeTypes][value=GOODS]").check();
            page.locator("button", new Page.LocatorOptions().setHasText("登记委托")).click();
            assertThat(page.locator("tr[data-entrustment]")).hasCount(1);
            assertThat(page.locator("tr[data-entrustment]")).containsText(agent.organisationName());
            assertThat(page.locator("tr[data-entrustment] [data-state=in-force]")).isVisible();

            // The agent sees it and may now open a project in the unit's name.
            Page agentPage = agentCtx.newPage();
            Browser.signInWithForm(agentPage, agent.username(), Api.PASSWORD);
            assertThat(agentPage.locator("tr[data-entrustment]")).containsText(tenderer.organisationName());
            assertThat(agentPage.locator("tr[data-entrustment] button")).hasCount(0); // only the unit revokes
            agent.call().body(Map.of("name", "受托项目", "region", "阳光市", "tenderingUnitId", tenderer.organisationId()))
                    .post("/api/projects").then().statusCode(201);

            // Revoked from the page: the agent is refused at once.
            page.locator("tr[data-entrustment] button", new Page.LocatorOptions().setHasText("撤销委托")).click();
            assertThat(page.locator("tr[data-entrustment] [data-state=revoked]")).isVisible();
            agent.call().body(Map.of("name", "撤销后", "region", "阳光市", "tenderingUnitId", tenderer.organisationId()))
                    .post("/api/projects").then().statusCode(403);

            // The creation steps' script still runs under the CSP.
            page.navigate("/workspace/tenders/new");
            assertThat(page.locator("form[data-wizard][data-ready]")).hasCount(1);
        }
        assertEquals(List.of(), cspViolations);
    }

    /** CSP without 'unsafe-inline': no template may carry an inline script, event handler or javascript: URL. */
    @Test
    void noTemplateCarriesInlineScript() throws Exception {
        Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+\\s*=|javascript:|\\sstyle\\s*=",
                Pattern.CASE_INSENSITIVE);
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates/portal"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher m = inline.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(f + ": " + m.group());
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }
}
