package io.log2.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: nothing is downloaded at run time, and a machine
 * without them fails the console's tests (install with {@code apt-get install chromium chromium-driver}).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    final WebDriver driver;
    private final String base;

    Browser(URL base) {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium chromium-driver");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /**
     * Signs in through the login form and waits for the console (or the login page's error); the browser keeps the
     * session cookie until logout or {@link #forget()}.
     */
    void signIn(String user, String password) {
        try {
            submitLogin(user, password);
        } catch (org.openqa.selenium.TimeoutException e) {
            // back on the bare login page, neither signed in nor refused: the submit did not reach the service
            // (the browser dropped it while it was busy); a user would press the button again, and so does the test
            if (!url().endsWith("/login.html")) {
                throw e;
            }
            submitLogin(user, password);
        }
    }

    private void submitLogin(String user, String password) {
        open("/login.html");
        find(By.id("username")).sendKeys(user);
        find(By.id("password")).sendKeys(password);
        find(By.id("sign-in")).click();
        waitFor().until(d -> !d.findElements(By.cssSelector("#login-error:not([hidden]), #login-throttled:not([hidden])")).isEmpty()
                || !d.findElements(By.cssSelector("#user")).stream().allMatch(e -> e.getText().isEmpty()));
    }

    void forget() {
        open("/login.html");
        driver.manage().deleteAllCookies();
    }

    /** Waits (polling the page, at most 20 s) until the element is there and shown. */
    WebElement find(By by) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // a list the page re-renders between finding an element and reading it: look again rather than fail
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        // a failed wait says where the browser was and what it showed
        wait.withMessage(() -> "at " + driver.getCurrentUrl() + ", the page showing: "
                + driver.findElement(org.openqa.selenium.By.tagName("body")).getText());
        return wait;
    }

    /** Saves what the browser shows as target/console-screenshots/{name}.png. */
    void screenshot(String name) throws IOException {
        // the whole page (up to 2400 pixels), not only the window: the window is made as tall as the page for the picture
        Object height = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.width,
                Math.min(2400, Math.max(size.height, ((Number) height).intValue() + 120))));
        File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
