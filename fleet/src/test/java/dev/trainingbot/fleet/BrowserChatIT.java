package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person chats with the bot in a real headless browser (Debian's chromium through its chromedriver) on the
 * emulator's page: sends /start, sees the formatted greeting, presses a button and sees the message edited in place,
 * then switches to another user, whose own chat is shown, and back. Leaves a screenshot in {@code target/browser-chat.png} (and in {@code -Dscreenshot=<file>} when given).
 */
class BrowserChatIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FleetUnderTest fleet;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver (.ci/run installs them)")
                .isTrue();
        fleet = FleetUnderTest.builder().start();
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1200,900",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aPersonSendsStartPressesAButtonSeesTheMessageEditedInPlaceAndSwitchesUsers() throws IOException {
        browser.get(fleet.telegram.baseUrl() + "/");
        click(By.cssSelector("#users .user[data-name='Ben']"), "the user Ben");

        browser.findElement(By.id("input")).sendKeys("/start");
        browser.findElement(By.id("send")).click();

        Shown greeting = botMessage("Hello, Ben");
        assertThat(greeting.bold()).containsExactly("Ben");
        assertThat(greeting.buttons()).containsExactly("📚 Sections", "📈 My progress", "❓ Help");

        click(By.xpath("//div[@class='keyboard']//button[text()='📚 Sections']"), "the Sections button");

        Shown edited = botMessage("Choose a section");
        assertThat(edited.id()).isEqualTo(greeting.id());
        assertThat(edited.text()).contains("edited");
        assertThat(edited.botMessages()).isEqualTo(1);
        assertThat(edited.buttons()).contains("General info", "Information security");
        screenshot();

        click(By.cssSelector("#users .user[data-name='Anna']"), "the user Anna");
        awaitShown("Anna's empty chat", "chatting as Anna (ru)", "No messages yet");
        assertThat(botMessages()).isEmpty();
        browser.findElement(By.id("input")).sendKeys("/start");
        browser.findElement(By.id("send")).click();
        Shown russian = botMessage("Здравствуйте, Anna");
        assertThat(russian.bold()).containsExactly("Anna");
        assertThat(russian.botMessages()).isEqualTo(1);

        click(By.cssSelector("#users .user[data-name='Ben']"), "the user Ben");
        awaitShown("Ben's chat again", "chatting as Ben (en)", "Choose a section");
        Shown again = botMessage("Choose a section");
        assertThat(again.id()).isEqualTo(greeting.id());
        assertThat(again.text()).doesNotContain("Здравствуйте");
    }

    @Test
    void aPhotoLessonShowsThePhotoInTheChat() {
        // A user of its own: the other test counts Ben's messages.
        fleet.telegram.newUser("Pia", "en");
        browser.get(fleet.telegram.baseUrl() + "/");
        click(By.cssSelector("#users .user[data-name='Pia']"), "the user Pia");
        browser.findElement(By.id("input")).sendKeys("/security");
        browser.findElement(By.id("send")).click();

        click(
                By.xpath("(//div[@class='keyboard']//button[text()='Recognising phishing'])[last()]"),
                "the phishing lesson");
        click(
                By.xpath("(//div[@class='keyboard']//button[starts-with(text(), '📎 A phishing email')])[last()]"),
                "the lesson's photo button");

        Long width = new WebDriverWait(browser, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .withMessage("the phishing photo, loaded")
                .until(d -> {
                    List<WebElement> photos = d.findElements(By.cssSelector("#messages .message.bot img.photo"));
                    if (photos.isEmpty()) {
                        return null;
                    }
                    Object loaded = browser.executeScript(
                            "const i = arguments[0]; return i.complete ? i.naturalWidth : 0;", photos.getLast());
                    return loaded instanceof Long pixels && pixels > 0 ? pixels : null;
                });
        assertThat(width).isEqualTo(480L);
        assertThat(botMessage("A phishing email").text()).contains("Check the sender before you click");
    }

    /** Waits until the header names {@code header} and the messages pane shows {@code fragment}. */
    private static void awaitShown(String what, String header, String fragment) {
        new WebDriverWait(browser, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .withMessage(what)
                .until(d -> d.findElement(By.id("chat-with")).getText().equals(header)
                        && d.findElement(By.id("messages")).getText().contains(fragment));
    }

    /** What the page shows of one bot message, read in one go (the page re-renders as the chat changes). */
    private record Shown(String id, String text, List<String> bold, List<String> buttons, int botMessages) {}

    private static Shown botMessage(String containing) {
        return new WebDriverWait(browser, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .withMessage("a bot message containing '" + containing + "'")
                .until(d -> {
                    List<WebElement> messages = botMessages();
                    for (WebElement message : messages) {
                        if (message.getText().contains(containing)) {
                            return new Shown(
                                    message.getAttribute("data-id"),
                                    message.getText(),
                                    message.findElements(By.tagName("b")).stream()
                                            .map(WebElement::getText)
                                            .toList(),
                                    d.findElements(By.cssSelector(".keyboard button")).stream()
                                            .map(WebElement::getText)
                                            .toList(),
                                    messages.size());
                        }
                    }
                    return null;
                });
    }

    private static void click(By locator, String what) {
        new WebDriverWait(browser, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .withMessage(what)
                .until(d -> {
                    d.findElement(locator).click();
                    return true;
                });
    }

    private static List<WebElement> botMessages() {
        return browser.findElements(By.cssSelector("#messages .message.bot"));
    }

    private static void screenshot() throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "browser-chat.png"), png);
        String requested = System.getProperty("screenshot");
        if (requested != null && !requested.isBlank()) {
            Files.write(Path.of(requested), png);
        }
    }
}
