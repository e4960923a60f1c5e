package io.leaderboard.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in real headless Chromium (Debian's chromium and chromedriver) against
 * the running services: it shows the board, and a score posted through the API moves the
 * rows and is announced. Leaves a screenshot in {@code target/}.
 */
class LivePageBrowserIntegrationTests {

	private static Stack stack;

	private static ChromeDriver browser;

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Live page");

	@BeforeAll
	static void startTheStackAndABrowser() {
		stack = Stack.start();
		ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=420,900");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void closeTheBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void thePageShowsTheBoardAndAnnouncesAPostedScore() throws Exception {
		String admin = stack.adminToken();
		assertThat(stack.put("/admin/leaderboards/page-cup", "{\"sortOrder\":\"desc\",\"operator\":\"best\"}", admin))
			.isIn(200, 201);
		stack.post("/leaderboards/page-cup/scores", "{\"score\": 300}", stack.token("page-ann", "Ann"));
		stack.post("/leaderboards/page-cup/scores", "{\"score\": 200}", stack.token("page-ben", "Ben"));
		// a status text may be rewritten between finding it and reading it: look again
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
		wait.ignoring(StaleElementReferenceException.class);

		browser.get("http://localhost:" + stack.broadcaster + "/?board=page-cup");

		wait.until((driver) -> names().equals(List.of("Ann", "Ben")));
		wait.until((driver) -> driver.findElement(By.id("connection")).getText().equals("Live"));
		assertThat(browser.findElement(By.cssSelector("#top caption")).getText()).contains("page-cup");
		assertThat(browser.findElement(By.id("board")).getAttribute("value")).isEqualTo("page-cup");

		stack.post("/leaderboards/page-cup/scores", "{\"score\": 250}", stack.token("page-cat", "Cat"));
		stack.post("/leaderboards/page-cup/scores", "{\"score\": 400}", stack.token("page-ben", "Ben"));

		wait.until((driver) -> names().equals(List.of("Ben", "Ann", "Cat")));
		wait.until((driver) -> announcements().stream().anyMatch((text) -> text.equals("Ben moved up to #1")));
		assertThat(texts("#top tbody tr td:first-child")).containsExactly("#1", "#2", "#3");
		assertThat(browser.findElement(By.id("announcements")).getAttribute("aria-live")).isEqualTo("polite");

		// signing in opens the personal stream, through the api-service on its own origin
		browser.findElement(By.id("player")).sendKeys("page-cat");
		browser.findElement(By.cssSelector("#sign-in button")).click();
		wait.until((driver) -> driver.findElement(By.id("my-rank")).getText().equals("#3 on page-cup"));
		stack.post("/leaderboards/page-cup/scores", "{\"score\": 500}", stack.token("page-cat", "Cat"));
		wait.until((driver) -> driver.findElement(By.id("my-rank")).getText().equals("#1 on page-cup"));
		wait.until((driver) -> texts("#my-events li").contains("Your rank on page-cup is now #1"));
		Path screenshot = Path.of("target", "live-page.png");
		Files.createDirectories(screenshot.getParent());
		Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(screenshot)).isPositive();
	}

	private static List<String> names() {
		return texts("#top tbody tr td:nth-child(2)");
	}

	private static List<String> announcements() {
		return texts("#announcements li");
	}

	/**
	 * The visible texts of the matching elements, read in one script run: the page
	 * re-renders rows as updates arrive, so an element found a moment earlier may be gone
	 * by the time its text is asked for.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> texts(String selector) {
		return (List<String>) browser.executeScript(
				"return Array.from(document.querySelectorAll(arguments[0]), (element) => element.innerText.trim());",
				selector);
	}

}
