package io.parley.system;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One person using the web client a gateway serves at {@code /}, in Debian's headless Chromium driven through its own
 * chromedriver (never a downloaded one). Methods act and read the way a person would: through the page.
 */
final class ChatBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);

    final String username;
    private final Path profile;
    private final ChromeDriver driver;
    /** A set: the driver may hand an entry out more than once. */
    private final Set<String> consoleSeen = new LinkedHashSet<>();

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test class where there is no headless browser. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "skipped: no headless browser here; install Debian's chromium and "
                + "chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
    }

    static ChatBrowser open(int gatewayPort, String username) throws IOException {
        return new ChatBrowser(gatewayPort, username);
    }

    private ChatBrowser(int gatewayPort, String username) throws IOException {
        this.username = username;
        this.profile = Files.createTempDirectory("parley-chromium-");
        // an explicit driver path keeps Selenium Manager from looking anything up on the network
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.get("http://127.0.0.1:" + gatewayPort + "/");
    }

    void register(String password, String displayName) {
        await("the sign-in form", () -> present(By.id("login-toggle")));
        click(By.id("login-toggle"));
        type(By.id("login-username"), username);
        type(By.id("login-display-name"), displayName);
        type(By.id("login-password"), password);
        click(By.id("login-submit"));
        await("the chat screen after registering", () -> present(By.id("sign-out")));
    }

    void createChannel(String name, String topic, boolean isPrivate) {
        click(By.id("create-channel"));
        type(By.id("new-channel-name"), name);
        type(By.id("new-channel-topic"), topic);
        if (isPrivate) {
            click(By.id("new-channel-private"));
        }
        click(By.id("new-channel-create"));
        await("channel " + name + " open", () -> text(By.id("channel-title")).contains(name));
    }

    /** Adds a person to the open channel through the directory search. */
    void invite(String person) {
        click(By.id("invite"));
        pickPerson(person);
        await("the invite dialog to close", () -> !dialogOpen());
    }

    /** Starts a DM with a person found in the directory. */
    void startDm(String person) {
        click(By.id("new-dm"));
        pickPerson(person);
        await("the DM to open", () -> !dialogOpen() && present(By.id("composer-input")));
    }

    private void pickPerson(String person) {
        type(By.id("person-query"), person);
        By pick = By.cssSelector("button[data-pick='" + person + "']");
        await(person + " in the directory", () -> present(pick));
        click(pick);
    }

    void openChannel(String name) {
        click(channelButton(name));
        await("channel " + name + " open", () -> text(By.id("channel-title")).contains(name));
    }

    void awaitChannel(String name) {
        await("channel " + name + " in the sidebar", () -> present(channelButton(name)));
    }

    void awaitUnread(String name, int count) {
        await(count + " unread in " + name, () -> unread(name) == count);
    }

    int unread(String name) {
        List<WebElement> badge = driver.findElements(By.cssSelector(
                "button[data-channel-name='" + name + "'] .unread"));
        return badge.isEmpty() ? 0 : Integer.parseInt(badge.get(0).getAttribute("data-unread"));
    }

    /** Types without sending (the others see "… is typing"). */
    void typeDraft(String text) {
        driver.findElement(By.id("composer-input")).sendKeys(text);
    }

    void send(String text) {
        driver.findElement(By.id("composer-input")).sendKeys(text, Keys.ENTER);
    }

    void attach(Path file) {
        driver.findElement(By.id("composer-file")).sendKeys(file.toAbsolutePath().toString());
        await("the upload of " + file.getFileName(), () -> present(By.cssSelector(".upload[data-done='true']")));
    }

    void awaitMessage(String text) {
        await("message '" + text + "'", () -> messageTexts().contains(text));
    }

    void awaitTyping(String text) {
        await("typing indicator '" + text + "'", () -> present(By.id("typing-text"))
                && text(By.id("typing-text")).contains(text));
    }

    /** Confirmed messages only: pending ones (no seq yet) are not counted. */
    List<String> messageTexts() {
        return script("return [...document.querySelectorAll('#message-list .msg')]"
                + ".filter(m => m.dataset.seq).map(m => m.querySelector('.text')?.textContent || '')");
    }

    List<Long> messageSeqs() {
        List<Object> seqs = script("return [...document.querySelectorAll('#message-list .msg')]"
                + ".filter(m => m.dataset.seq).map(m => Number(m.dataset.seq))");
        return seqs.stream().map(s -> ((Number) s).longValue()).toList();
    }

    void awaitThumbnail() {
        await("an image thumbnail", () -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#message-list img.thumb')]"
                        + ".some(i => i.complete && i.naturalWidth > 0)")));
    }

    /** Reacts with an emoji from the hover bar of the message with this text. */
    void react(String messageText, String emoji) {
        WebElement message = driver.findElements(By.cssSelector("#message-list .msg")).stream()
                .filter(m -> m.getText().contains(messageText)).findFirst().orElseThrow();
        new Actions(driver).moveToElement(message).perform();
        WebElement button = message.findElements(By.cssSelector(".react-quick")).stream()
                .filter(b -> emoji.equals(b.getAttribute("textContent"))).findFirst().orElseThrow();
        // the hover bar shows on :hover, which headless pointer moves do not always leave in place
        ((JavascriptExecutor) driver).executeScript("arguments[0].click()", button);
    }

    void awaitReaction(String emoji, int count) {
        await(emoji + " × " + count, () -> driver.findElements(By.cssSelector("#message-list .reaction")).stream()
                .anyMatch(r -> r.getText().replace("\n", "").equals(emoji + count)));
    }

    /** Edits one's own message with this text through its hover bar (✎, then Enter). */
    void edit(String messageText, String newText) {
        clickAction(messageText, ".edit");
        By editor = By.cssSelector("#message-list .edit-input");
        await("the message editor", () -> present(editor));
        WebElement input = driver.findElement(editor);
        input.clear();
        input.sendKeys(newText, Keys.ENTER);
    }

    /** Deletes one's own message with this text through its hover bar (🗑, then OK in the confirmation). */
    void delete(String messageText) {
        clickAction(messageText, ".delete");
        await("the confirmation", () -> {
            driver.switchTo().alert().accept();
            return true;
        });
    }

    /** Clicks one of the hover actions of a message, found and clicked in one step (the list re-renders often). */
    private void clickAction(String messageText, String action) {
        await("the " + action + " action of '" + messageText + "'", () -> Boolean.TRUE.equals(
                ((JavascriptExecutor) driver).executeScript(MESSAGE_ROW + """
                        const button = row?.querySelector('.msg-actions ' + arguments[1]);
                        // after this script returns: a click that opens confirm() would block it
                        if (button) setTimeout(() => button.click(), 0);
                        return !!button;
                        """, messageText, action)));
    }

    private static final String MESSAGE_ROW = "const row = [...document.querySelectorAll('#message-list .msg')]"
            + ".find(m => m.querySelector('.text')?.textContent === arguments[0]);";

    /** Whether the message with this text shows as edited. */
    boolean shownEdited(String text) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                MESSAGE_ROW + "return !!row?.querySelector('.edited');", text));
    }

    /** Searches with the header's box; the texts of the hits in the side panel, once they are in. */
    List<String> search(String query) {
        type(By.id("search-input"), query);
        driver.findElement(By.id("search-input")).sendKeys(Keys.ENTER);
        By heading = By.cssSelector("#side-panel q");
        await("search results for " + query, () -> present(heading) && text(heading).contains(query)
                && !text(By.id("side-panel")).contains("Searching…"));
        return script("return [...document.querySelectorAll('#side-panel .result .text')].map(t => t.textContent)");
    }

    /** Opens the channel of the search hit with this text. */
    void openSearchHit(String text) {
        WebElement hit = driver.findElements(By.cssSelector("#side-panel .result")).stream()
                .filter(r -> r.getText().contains(text)).findFirst().orElseThrow();
        hit.click();
    }

    String openChannelTitle() {
        return text(By.id("channel-title"));
    }

    /** Scrolls the message list up, page after page, until the beginning of the conversation shows. */
    void scrollToBeginning() {
        await("the beginning of the conversation", () -> {
            ((JavascriptExecutor) driver).executeScript("document.getElementById('message-list').scrollTop = 0");
            return present(By.cssSelector("#message-list .history-start"));
        });
    }

    boolean showsBeginning() {
        return present(By.cssSelector("#message-list .history-start"));
    }

    /** The screen shown after the server ended the session: its close code and its heading. */
    String awaitEnded(int code) {
        By ended = By.cssSelector("#ended[data-code='" + code + "']");
        await("the session-ended screen for close " + code, () -> present(ended));
        return driver.findElement(ended).findElement(By.tagName("h1")).getText();
    }

    /** The sign-in form is back after "Sign in" on the ended screen. */
    void signInAgainFromEnded() {
        click(By.cssSelector("#ended button"));
        await("the sign-in form", () -> present(By.id("login-submit")));
    }

    /**
     * From now on, remembers every notice the page shows and every time the reconnecting banner appears (notices go
     * away after a few seconds, so a test reads them from this record).
     */
    void recordNoticesAndBanner() {
        ((JavascriptExecutor) driver).executeScript("""
                window.__notices = []; window.__bannerShown = 0;
                new MutationObserver(() => document.querySelectorAll('#notices .notice').forEach(n => {
                  if (!window.__notices.includes(n.textContent)) window.__notices.push(n.textContent);
                })).observe(document.getElementById('notices'), {childList: true, subtree: true});
                const banner = document.getElementById('connection-banner');
                new MutationObserver(() => { if (!banner.hidden) window.__bannerShown++; })
                  .observe(banner, {attributes: true, attributeFilter: ['hidden']});
                """);
    }

    List<String> recordedNotices() {
        return script("return window.__notices");
    }

    long bannerShownCount() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return window.__bannerShown")).longValue();
    }

    /**
     * Writes and sends these messages, channel after channel, as fast as the page takes them: a click on the channel in
     * the sidebar, then Enter in the composer for each text, all in one go.
     */
    void sendAllAtOnce(Map<String, List<String>> textsByChannel) {
        ((JavascriptExecutor) driver).executeScript("""
                const input = document.getElementById('composer-input');
                for (const [channel, texts] of Object.entries(arguments[0])) {
                  document.querySelector(`button[data-channel-name='${channel}']`).click();
                  for (const text of texts) {
                    input.value = text;
                    input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
                  }
                }
                """, textsByChannel);
    }

    /** What the page shows as errors, and its console: for a failure message. */
    String diagnostics() {
        return shownErrors() + "; browser console:\n" + console();
    }

    /** Every message row, confirmed or not. */
    int messageRowCount() {
        return driver.findElements(By.cssSelector("#message-list .msg")).size();
    }

    boolean reconnecting() {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return !document.getElementById('connection-banner').hidden"));
    }

    void awaitReconnecting() {
        await("the reconnecting banner", this::reconnecting);
    }

    void awaitConnected() {
        await("the reconnecting banner to go", () -> !reconnecting());
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Waits for a condition the page should reach; the failure names it and shows the page's console. */
    void await(String what, BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, WAIT).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s for " + username
                    + "; the page says: " + shownErrors() + "; " + failureScreenshot() + "; browser console:\n"
                    + console());
        }
    }

    /** What the page shows a person when something went wrong: the form's error line and the notices. */
    private String shownErrors() {
        try {
            return String.valueOf(((JavascriptExecutor) driver).executeScript(
                    "return [...document.querySelectorAll('.form-error, .notice, #connection-banner, #ended')]"
                            + ".map(e => e.textContent.trim()).filter(Boolean).join(' | ')"));
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private String failureScreenshot() {
        try {
            Path file = Path.of("target", "web-client", "failure-" + username + ".png");
            screenshot(file);
            return "screenshot " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "no screenshot (" + e.getMessage() + ")";
        }
    }

    private String console() {
        try {
            return String.join("\n", consoleLines());
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }

    /** Everything the page logged so far (the driver hands out only what is new, so entries are kept here). */
    List<String> consoleLines() {
        driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).forEach(consoleSeen::add);
        return List.copyOf(consoleSeen);
    }

    private By channelButton(String name) {
        return By.cssSelector("button[data-channel-name='" + name + "']");
    }

    private boolean dialogOpen() {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('dialog').open"));
    }

    private boolean present(By by) {
        return driver.findElements(by).stream().anyMatch(WebElement::isDisplayed);
    }

    private String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** Finds and clicks in one step, again if the page re-rendered the element in between (a stale reference). */
    private void click(By by) {
        await(by + " to click", () -> {
            driver.findElement(by).click();
            return true;
        });
    }

    private void type(By by, String text) {
        await(by + " to type into", () -> {
            WebElement field = driver.findElement(by);
            field.clear();
            field.sendKeys(text);
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> script(String js) {
        return (List<T>) ((JavascriptExecutor) driver).executeScript(js);
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
