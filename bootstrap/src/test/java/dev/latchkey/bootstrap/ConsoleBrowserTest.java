package dev.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; {@code .ci/run}
 * installs them when missing), against the whole application on MySQL: sign in, create a user, issue a key and copy
 * it, use it, rotate it, revoke the old one, find both events in the audit trail and the calls in the usage chart,
 * verify a key, sign out. Each page is photographed into {@code target/console-screenshots}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends ApplicationOnFreshDatabase {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;
    private final HttpClient http = HttpClient.newHttpClient();

    ConsoleBrowserTest() {
        super("console", "console-browser-test-pepper-0123456789abcdef",
                // the chart and the trail show the calls within a fraction of a second, not the default 5 s
                Map.of("latchkey.usage.flush-interval", "200ms", "latchkey.audit.flush-interval", "100ms"));
    }

    @BeforeAll
    void startChromium() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the console's browser test needs Debian's Chromium and its driver at " + CHROMIUM + " and "
                        + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (.ci/run installs them)")
                .isTrue();
        profile = Files.createTempDirectory("latchkey-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path png : old.filter(f -> f.toString().endsWith(".png")).toList()) {
                Files.delete(png); // only this run's pictures
            }
        }
    }

    @AfterAll
    void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void anOperatorManagesAKeyFromSignInToSignOut() throws Exception {
        // sign in, with the keyboard only: the key field has the focus, Enter submits
        open("/console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
        screenshot("01-sign-in");
        browser.switchTo().activeElement().sendKeys(adminKey + Keys.ENTER);
        waitFor(ExpectedConditions.urlContains("/console/users"));
        assertThat(browser.getCurrentUrl()).doesNotContain(adminKey);

        // create a user
        browser.findElement(By.id("name")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("email")).sendKeys("ada@example.com");
        browser.findElement(By.id("externalId")).sendKeys("crm-42");
        browser.findElement(By.xpath("//button[text()='Create user']")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"), "created"));
        String userPage = browser.getCurrentUrl();
        screenshot("03-user");

        // the users page finds her by a part of her email, in another case
        open("/console/users");
        WebElement search = browser.findElement(By.id("q"));
        search.sendKeys("ADA@EXAMPLE" + Keys.ENTER);
        waitFor(ExpectedConditions.urlContains("q="));
        assertThat(browser.findElement(By.cssSelector("table.list tbody")).getText()).contains("Ada Lovelace")
                .contains("crm-42");
        screenshot("02-users");
        open(userPage);

        // issue a key and copy it
        browser.findElement(By.id("key-name")).sendKeys("billing");
        browser.findElement(By.id("scopes")).sendKeys("orders:read");
        browser.findElement(By.xpath("//button[text()='Issue key']")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("new-key")));
        assertThat(browser.findElement(By.cssSelector(".flash.warning")).getText()).contains("shown only this once");
        String firstKey = browser.findElement(By.id("new-key")).getAttribute("value");
        grantClipboard();
        browser.findElement(By.id("copy-key")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("copy-status"), "Copied"));
        assertThat(clipboard()).isEqualTo(firstKey);
        screenshot("04-new-key");

        // the copied key works against the API
        for (int i = 0; i < 3; i++) {
            assertThat(me(firstKey).statusCode()).isEqualTo(200);
        }

        // to the key's page, and rotate it with an hour of grace
        browser.findElement(By.id("to-key")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("usage-chart")));
        String firstKeyPage = browser.getCurrentUrl();
        WebElement grace = browser.findElement(By.id("graceSeconds"));
        grace.clear();
        grace.sendKeys("3600");
        browser.findElement(By.xpath("//button[text()='Rotate key']")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("new-key")));
        String secondKey = browser.findElement(By.id("new-key")).getAttribute("value");
        assertThat(secondKey).isNotEqualTo(firstKey);
        assertThat(me(firstKey).statusCode()).as("the old key, in its grace period").isEqualTo(200);
        assertThat(me(secondKey).statusCode()).isEqualTo(200);
        screenshot("05-rotated");

        // revoke the old one, after the confirmation
        open(firstKeyPage);
        browser.findElement(By.partialLinkText("Revoke key")).click();
        waitFor(ExpectedConditions.urlContains("/revoke"));
        screenshot("06-confirm-revoke");
        browser.findElement(By.xpath("//button[text()='Revoke key']")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("key-status"), "revoked"));
        HttpResponse<String> refused = me(firstKey);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("revoked_key");
        assertThat(me(secondKey).statusCode()).isEqualTo(200);

        // the audit trail of the old key holds the rotation and the revocation
        open("/console/audit");
        browser.findElement(By.id("f-key")).sendKeys(keyIdOf(firstKey) + Keys.ENTER);
        reloadUntil(() -> browser.findElements(By.cssSelector("tr[data-type='key.revoked']")).size() == 1
                && browser.findElements(By.cssSelector("tr[data-type='key.rotated']")).size() == 1);
        screenshot("07-audit");

        // the usage chart of the old key counts its calls: 4 valid (3, then 1 in its grace), 1 rejected (revoked)
        open(firstKeyPage);
        reloadUntil(() -> text("total-valid").equals("4") && text("total-rejected").equals("1"));
        assertThat(browser.findElements(By.cssSelector("#usage-chart rect.valid"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#usage-chart rect.rejected"))).isNotEmpty();
        screenshot("08-key-usage");

        // the verify box gives the verdict and why
        open("/console/verify");
        browser.findElement(By.id("verify-key")).sendKeys(firstKey + Keys.ENTER);
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("verdict-box")));
        assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("Refused: REVOKED");
        assertThat(browser.getPageSource()).doesNotContain(firstKey);
        screenshot("09-verify");

        // readable on a phone
        browser.manage().window().setSize(new Dimension(390, 844));
        open(userPage);
        assertThat((Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
        screenshot("10-user-on-a-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // sign out: the console is closed to this browser
        browser.findElement(By.xpath("//button[text()='Sign out']")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"), "signed out"));
        screenshot("11-signed-out");
        open("/console/users");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
        assertThat(browser.manage().getCookieNamed("latchkey_console")).isNull();
        copyToDocs();
    }

    /** Waits for {@code condition}, showing the page when it does not come. */
    private void waitFor(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        try {
            wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("failed");
            throw new AssertionError(e.getMessage() + "\nthe page: " + browser.getPageSource(), e);
        }
    }

    private void open(String pathOrUrl) {
        browser.get(pathOrUrl.startsWith("http") ? pathOrUrl : server.getURI().resolve(pathOrUrl).toString());
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    /** The usage and the trail are written behind: reload for up to 30 s until {@code shown} holds. */
    private void reloadUntil(java.util.function.BooleanSupplier shown) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!shown.getAsBoolean()) {
            assertThat(System.nanoTime()).as("not shown within 30 s: " + browser.getPageSource()).isLessThan(deadline);
            Thread.sleep(300);
            browser.navigate().refresh();
        }
    }

    private void grantClipboard() {
        browser.executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", server.getURI().toString().replaceAll("/$", ""),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    private String clipboard() {
        return (String) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.readText().then(done, e => done('clipboard refused: ' + e));");
    }

    private HttpResponse<String> me(String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/me")).header("X-API-Key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String keyIdOf(String key) {
        String[] parts = key.split("_");
        return parts[parts.length - 1].substring(0, 12);
    }

    private void screenshot(String name) {
        try {
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With -Dlatchkey.console.docs=DIR, the two pictures of docs/console.md are refreshed from this run. */
    private static void copyToDocs() throws IOException {
        String docs = System.getProperty("latchkey.console.docs");
        if (docs != null) {
            Files.copy(SCREENSHOTS.resolve("03-user.png"), Path.of(docs, "console-user.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(SCREENSHOTS.resolve("08-key-usage.png"), Path.of(docs, "console-key.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
