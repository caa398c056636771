package io.migd;

import io.migd.support.Gateway;
import io.migd.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The console {@code /ui} (seed USER-GUIDE §8) in a real headless Chromium, against started gateways in open and in
 * JWT mode: the panels fill in, the HELLO / DISCOVER / INVOKE buttons work, and in JWT mode the calls fail visibly
 * until a token is typed in. Chromium and chromedriver come from Debian ({@code apt-get install chromium
 * chromium-driver}); without them the test is skipped, except in CI (env {@code CI} set), where it fails.
 */
class ConsoleUiIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static Gateway open = new Gateway();

    @RegisterExtension
    static Gateway jwt = new Gateway()
            .with("migd.auth.mode", "jwt")
            .with("migd.auth.jwt-hs256-secret", Tokens.SECRET);

    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            if (System.getenv("CI") != null) {
                fail("chromium and chromedriver are required in CI: apt-get install -y chromium chromium-driver");
            }
            Assumptions.abort("chromium / chromedriver not installed (apt-get install -y chromium chromium-driver)");
        }
        profile = Files.createTempDirectory("migd-ui-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    /** Waits for a condition on a page whose panels are re-rendered every few seconds. */
    private static WebDriverWait waiting(java.util.function.Supplier<String> describe) {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class).withMessage(describe);
        return wait;
    }

    private static String textOf(String id) {
        try {
            return byId(id).getText();
        } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return "";
        }
    }

    private static void awaitText(String id, String text) {
        waiting(() -> "#" + id + " never showed '" + text + "', it shows '" + textOf(id) + "'")
                .until(d -> byId(id).getText().contains(text));
    }

    private static void awaitAllLevelsPassing() {
        waiting(() -> textOf("conformance")).until(d -> d.findElements(
                By.cssSelector("#conformance .badge[data-passing='true']")).size() == 4);
    }

    @Test
    void inOpenModeThePanelsFillAndTheButtonsWork() throws Exception {
        browser.get(open.base().resolve("/ui").toString());
        assertEquals("migd console", browser.getTitle());
        awaitAllLevelsPassing();
        awaitText("capabilities", "observatory.models.infer");
        awaitText("connections", "open");

        byId("hello").click();
        awaitText("status", "HELLO → 200");
        assertTrue(byId("output").getText().contains("\"selected_version\": \"0.1\""), byId("output").getText());

        byId("discover").click();
        awaitText("status", "DISCOVER → 200");
        awaitText("output", "observatory.models.infer");
        List<String> options = new Select(byId("capability")).getOptions().stream().map(WebElement::getText).toList();
        assertTrue(options.contains("observatory.models.infer"), options.toString());

        byId("payload").clear();
        byId("payload").sendKeys("{\"input\": \"from the browser\"}");
        byId("invoke").click();
        awaitText("status", "INVOKE observatory.models.infer → 200");
        awaitText("output", "inferred: from the browser");
        byId("refresh").click();
        waiting(() -> textOf("usage")).until(d -> Integer.parseInt(byId("usage-total").getText()) >= 1);

        Path shot = Path.of(System.getProperty("basedir", "."), "target", "console-ui.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void inJwtModeCallsFailVisiblyUntilATokenIsGiven() {
        browser.get(jwt.base().resolve("/ui").toString());
        awaitText("conformance", "401 MIG_UNAUTHORIZED");
        byId("discover").click();
        awaitText("status", "DISCOVER → 401 MIG_UNAUTHORIZED");
        assertTrue(byId("output").getAttribute("class").contains("error"));
        byId("invoke").click();
        awaitText("status", "INVOKE observatory.models.infer → 401 MIG_UNAUTHORIZED");

        byId("token").sendKeys(Tokens.valid("ui-user", "acme", "mig:admin", "capability:infer"));
        byId("discover").click();
        awaitText("status", "DISCOVER → 200");
        awaitText("output", "observatory.models.infer");
        byId("invoke").click();
        awaitText("status", "INVOKE observatory.models.infer → 200");
        awaitText("output", "inferred:");
        byId("refresh").click();
        awaitText("capabilities", "capability:infer");
        awaitAllLevelsPassing();

        // a tenant that is not the token's is refused, visibly
        byId("tenant").clear();
        byId("tenant").sendKeys("globex");
        byId("hello").click();
        awaitText("status", "HELLO → 403 MIG_FORBIDDEN");
    }
}
