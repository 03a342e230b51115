package io.parley.system;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One person in a call through the web client: Debian's headless Chromium (ChatBrowser's binary and driver) with a
 * fake microphone and camera that need no permission prompt, reading the call's RTCPeerConnections through the page's
 * {@code window.parleyCalls}.
 */
final class CallBrowser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    final String username;
    private final Path profile;
    private final ChromeDriver driver;

    CallBrowser(int gatewayPort, String username) throws IOException {
        this.username = username;
        this.profile = Files.createTempDirectory("parley-chromium-call-");
        System.setProperty("webdriver.chrome.driver", ChatBrowser.CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChatBrowser.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,800",
                // a generated tone and test picture instead of devices, granted without a prompt
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                // remote audio plays without a click on the page; host candidates on loopback count too
                "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(ChatBrowser.CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        driver.get("http://127.0.0.1:" + gatewayPort + "/");
    }

    void signIn(String password) {
        await("the sign-in form", () -> present(By.id("login-submit")));
        driver.findElement(By.id("login-username")).sendKeys(username);
        driver.findElement(By.id("login-password")).sendKeys(password);
        click(By.id("login-submit"));
        await("the chat screen", () -> present(By.id("sign-out")));
    }

    void openChannel(String title) {
        click(By.cssSelector("button[data-channel-name='" + title + "']"));
        await("channel " + title + " open", () -> text(By.id("channel-title")).contains(title));
    }

    /** The header's call button: "📞 Call", or "📞 Join call · n" when one is going on. */
    String callButton() {
        return text(By.id("call-start"));
    }

    /** The participants the call bar shows, as their data-state (me, connected, connecting, …) by user id. */
    List<String> callTiles() {
        return script("return [...document.querySelectorAll('#call-participants .call-tile')]"
                + ".map(t => t.dataset.userId + ':' + t.dataset.state)");
    }

    /** Whether our own tile shows the muted mark. */
    boolean mutedShown() {
        return present(By.cssSelector("#call-participants .call-tile.me .call-muted"));
    }

    String openChannelTitle() {
        return text(By.id("channel-title"));
    }

    boolean callBarShown() {
        return present(By.id("call-bar"));
    }

    /** connectionState of each RTCPeerConnection of the page's call. */
    List<String> connectionStates() {
        return script("return window.parleyCalls.peerConnections().map(p => p.pc.connectionState)");
    }

    /** Audio bytes received so far on each peer connection (inbound-rtp of kind audio, from getStats()). */
    List<Long> audioBytesReceived() {
        List<Object> bytes = asyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all(window.parleyCalls.peerConnections().map(async ({pc}) => {
                  let received = 0;
                  (await pc.getStats()).forEach(r => {
                    if (r.type === 'inbound-rtp' && r.kind === 'audio') received += r.bytesReceived;
                  });
                  return received;
                })).then(done, e => done(['error: ' + e]));
                """);
        return bytes.stream().map(b -> ((Number) b).longValue()).toList();
    }

    /** Whether the tile of this user shows a playing video (its camera is on and frames arrive). */
    boolean showsVideoOf(String userId) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "const v = document.querySelector(`#call-participants .call-tile[data-user-id='${arguments[0]}'] video`);"
                        + "return !!v && v.videoWidth > 0 && !v.paused;", userId));
    }

    /** The incoming-call notice of this DM, its caller's name as shown, or null while there is none. */
    String incomingCallFrom(String channelId) {
        List<WebElement> notice = driver.findElements(By.cssSelector(".incoming-call[data-channel-id='" + channelId + "'] strong"));
        return notice.isEmpty() ? null : notice.get(0).getText();
    }

    void click(By by) {
        await(by + " to click", () -> {
            driver.findElement(by).click();
            return true;
        });
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Waits for a condition the page should reach; the failure names it, with the page's notices and console. */
    void await(String what, BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, WAIT).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s for " + username
                    + "; the page says: " + text(By.id("notices")) + "; browser console:\n" + console());
        }
    }

    private String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    private boolean present(By by) {
        return driver.findElements(by).stream().anyMatch(WebElement::isDisplayed);
    }

    private String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> script(String js) {
        return (List<T>) ((JavascriptExecutor) driver).executeScript(js);
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> asyncScript(String js) {
        return (List<T>) ((JavascriptExecutor) driver).executeAsyncScript(js);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
