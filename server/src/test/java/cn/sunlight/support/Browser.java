package cn.sunlight.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium from Debian's package (/usr/bin/chromium, or -Dsunlight.chromium=…), driven by Playwright;
 * Playwright never downloads a browser of its own. One browser per test JVM; each test gets a fresh context (its
 * own cookies), so signing in as one role never leaks into another test.
 */
public final class Browser {

    private static Playwright playwright;
    private static com.microsoft.playwright.Browser chromium;

    private Browser() {
    }

    private static synchronized com.microsoft.playwright.Browser chromium() {
        if (chromium == null) {
            Path exe = Paths.get(System.getProperty("sunlight.chromium", "/usr/bin/chromium"));
            if (!Files.isExecutable(exe)) {
                throw new IllegalStateException(exe + " is missing: install Debian's chromium (.ci/sunlight test does)");
            }
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            // The flags keep Chromium from calling out of this closed network at start-up.
            chromium = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(exe)
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
                            "--no-first-run", "--disable-background-networking", "--disable-component-update",
                            "--disable-sync")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    chromium.close();
                    playwright.close();
                } catch (RuntimeException ignored) {
                    // the JVM is going away either way
                }
            }));
        }
        return chromium;
    }

    /** A fresh browser context on the platform under test, in a phone-or-desktop sized window. */
    public static BrowserContext context(URL base, int width, int height) {
        BrowserContext ctx = chromium().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setBaseURL(base.toString().replaceAll("/$", "")).setViewportSize(width, height)
                .setLocale("zh-CN").setTimezoneId("Europe/London"));
        ctx.setDefaultTimeout(15_000);
        return ctx;
    }

    public static BrowserContext desktop(URL base) {
        return context(base, 1280, 900);
    }

    /** Signs the context in as a user the way the portal does (the session cookie), without the login form. */
    public static void signIn(BrowserContext ctx, URL base, String token) {
        ctx.addCookies(List.of(new Cookie("sunlight_session", token).setUrl(base.toString())));
    }

    /** Signs in through the login form, as a person would. */
    public static void signInWithForm(Page page, String username, String password) {
        signInWithForm(page, username, password, null);
    }

    /** Signs in through the login form and comes back to {@code next} (a path), as a link to a page would. */
    public static void signInWithForm(Page page, String username, String password, String next) {
        page.navigate(next == null ? "/login" : "/login?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        page.getByLabel(java.util.regex.Pattern.compile("用户名|Username")).fill(username);
        page.getByLabel(java.util.regex.Pattern.compile("密码|Password")).fill(password);
        page.locator("form[action='/login'] button[type=submit]").click();
    }

    /** A screenshot under target/screenshots (docs/screenshots holds the copies the README shows). */
    public static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target/screenshots", name + ".png")).setFullPage(true));
    }
}
