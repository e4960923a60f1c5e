package io.leaderboard.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.leaderboard.events.EventCodec;
import io.leaderboard.events.PeriodClosed;
import io.leaderboard.events.PeriodResult;
import io.leaderboard.events.Topics;
import io.leaderboard.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live page in real headless Chromium (Debian's chromium and chromedriver) against
 * the running services, read as a spectator reads it: the podium and the table, movers
 * with arrows and the places gained, a followed player with their sparkline and rank
 * changes, the period with its countdown and the banner when it closes, reconnecting when
 * the stream drops, reduced motion, and the table's semantics. Leaves screenshots at
 * desktop and phone width in {@code target/screenshots/} (the README shows copies).
 */
class LivePageBrowserIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final EventCodec codec = new EventCodec();

	private static Stack stack;

	private static ChromeDriver browser;

	/** Every request the browser sent to a board's stream, in order. */
	private static final List<String> streamRequests = new ArrayList<>();

	@RegisterExtension
	static final TestWatcher logsOnFailure = Stack.logsOnFailure("Live page");

	@BeforeAll
	static void startTheStackAndABrowser() {
		stack = Stack.start();
		LoggingPreferences logs = new LoggingPreferences();
		// the network log shows how the page asks for its stream
		logs.enable(LogType.PERFORMANCE, Level.ALL);
		ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,800", "--hide-scrollbars");
		options.setCapability("goog:loggingPrefs", logs);
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

	@BeforeEach
	void motionAsTheSystemSays() {
		emulateReducedMotion("");
	}

	@Test
	void thePodiumHoldsTheTopThreeAndMoversShowAnArrowAndThePlacesGained() throws Exception {
		board("page-cup", "none");
		scores("page-cup", "Ann", 300, "Ben", 200, "Cat", 250, "Dan", 100, "Eve", 50, "Fay", 40);
		WebDriverWait wait = open("page-cup");

		wait.until((driver) -> podium().equals(List.of("Ann", "Cat", "Ben")));
		wait.until((driver) -> names().equals(List.of("Ann", "Cat", "Ben", "Dan", "Eve", "Fay")));
		wait.until((driver) -> text("connection").equals("Live"));
		assertThat(texts(".podium .step .place")).containsExactly("1st", "2nd", "3rd");
		assertThat(text("board-heading")).isEqualTo("Top 10 of page-cup");
		// the stream is asked for delta frames
		assertThat(streamRequestsTo("page-cup")).first().asString().contains("frames=delta");

		score("page-cup", "Fay", 150);
		score("page-cup", "Ben", 400);

		wait.until((driver) -> podium().equals(List.of("Ben", "Ann", "Cat")));
		wait.until((driver) -> names().equals(List.of("Ben", "Ann", "Cat", "Fay", "Dan", "Eve")));
		// Fay went from #6 to #4: an arrow and "+2" in the table, said in words too
		assertThat(moveOf("Fay")).contains("▲ +2").contains("up 2 places");
		assertThat(rowClassesOf("Fay")).contains("up");
		assertThat(moveOf("Dan")).contains("▼ −1").contains("down 1 place");
		assertThat(texts(".podium .step.place-1 .move")).containsExactly("▲ +2");
		wait.until((driver) -> announcements().containsAll(List.of("Ben moved up to #1", "Fay moved up to #4")));

		// a semantic table, information in text and not in colour alone
		assertThat(attributes("#top thead th", "scope")).containsOnly("col").hasSize(4);
		assertThat(attributes("#rows tr > th", "scope")).containsOnly("row").hasSize(6);
		assertThat(texts("#rows tr td:first-child")).containsExactly("#1", "#2", "#3", "#4", "#5", "#6");
		assertThat(browser.findElement(By.id("announcements")).getDomAttribute("aria-live")).isEqualTo("polite");
		assertThat(browser.findElement(By.id("podium")).getDomAttribute("aria-hidden")).isEqualTo("true");
	}

	@Test
	void aFollowedPlayerIsHighlightedWhereverTheyAreWithTheirSparklineAndRankChanges() throws Exception {
		board("page-arena", "weekly");
		String[] players = { "Ann", "Ben", "Cat", "Dan", "Eve", "Finn", "Gus", "Hana", "Ivan", "Jo", "Kim", "Lea" };
		for (int index = 0; index < players.length; index++) {
			score("page-arena", players[index], 1100 - index * 90L);
		}
		WebDriverWait wait = open("page-arena");
		wait.until((driver) -> names().size() == 10);

		// Lea is 12th, outside the streamed top: found by the search, shown under the top
		type("search-name", "lea");
		click("#search button");
		wait.until((driver) -> texts("#beyond tr.followed").stream().anyMatch((row) -> row.contains("Lea")));
		assertThat(texts("#beyond tr.followed td:first-child")).containsExactly("#12");
		wait.until((driver) -> text("followed-summary").equals("Following Lea: #12 on page-arena"));
		wait.until((driver) -> sparklinePoints() == 1);

		score("page-arena", "Lea", 500);
		wait.until((driver) -> texts("#rows tr.followed th").equals(List.of("Lea ★ (followed)")));
		assertThat(texts("#beyond tr")).isEmpty();
		// not her best: no move, yet a point of her sparkline
		score("page-arena", "Lea", 320);
		score("page-arena", "Lea", 1050);

		// on the podium now, second: highlighted there, its row still in the table
		wait.until((driver) -> texts(".podium .step.followed .name").equals(List.of("Lea ★")));
		wait.until((driver) -> sparklinePoints() == 4);
		wait.until((driver) -> text("rank-since").equals("Since the page opened: #12 → #2 (▲ up 10)"));
		assertThat(texts("#rank-changes li")).hasSize(2)
			.satisfiesExactly((latest) -> assertThat(latest).endsWith("#8 → #2"),
					(first) -> assertThat(first).endsWith("#12 → #8"));
		assertThat(attribute("#sparkline title", "textContent")).isEqualTo("Lea's last 4 scores: 110, 500, 320, 1050");
		assertThat(rowClassesOf("Lea")).contains("followed", "on-podium");

		screenshot("live-page-desktop.png", 1280, 800, 1, false);
		screenshot("live-page-phone.png", 390, 844, 2, true);
	}

	@Test
	void signingInOpensThePersonalStreamAndFollowsThePlayer() throws Exception {
		board("page-solo", "none");
		scores("page-solo", "Ann", 300, "Cat", 250);
		WebDriverWait wait = open("page-solo");
		wait.until((driver) -> names().equals(List.of("Ann", "Cat")));

		// through the api-service, on its own origin
		type("player", "page-solo-Cat");
		click("#sign-in button");
		wait.until((driver) -> text("my-rank").equals("#2 on page-solo"));
		wait.until((driver) -> text("followed-summary").equals("Following Cat: #2 on page-solo"));
		score("page-solo", "Cat", 500);
		wait.until((driver) -> text("my-rank").equals("#1 on page-solo"));
		wait.until((driver) -> texts("#my-events li").contains("Your rank on page-solo is now #1"));
		wait.until((driver) -> text("rank-since").equals("Since the page opened: #2 → #1 (▲ up 1)"));
	}

	@Test
	void theBoardShowsItsPeriodWithACountdownAndABannerWhenThePeriodCloses() throws Exception {
		board("page-week", "weekly");
		score("page-week", "Ann", 10);
		WebDriverWait wait = open("page-week");
		wait.until((driver) -> text("period").matches("Week \\d{1,2}"));
		wait.until((driver) -> text("countdown").matches("· resets in (\\d+d )?\\d\\d:\\d\\d:\\d\\d"));
		String before = text("countdown");
		wait.until((driver) -> !text("countdown").equals(before));
		// a week's close as api-service announces it on leaderboard-periods (a week
		// cannot
		// pass in a test; the round below closes for real); until the broadcaster reads
		// it
		PeriodClosed week47 = new PeriodClosed(PeriodClosed.SCHEMA_VERSION, "page-week", "2026-W47", "2026-W48",
				Instant.parse("2026-11-16T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"), Instant.now(), 1, 2,
				List.of(new PeriodResult(1, 1, "Alice", 900, null), new PeriodResult(2, 2, "Bob", 800, null)));
		wait.until((driver) -> isShown("banner") || publish(week47));
		assertThat(text("banner-text")).isEqualTo("Week 47 is over: Alice won");

		// a round of 15 s, set by the admin API: it ends, closes, and the page says who
		// won
		board("page-round", "*/15 * * * * *");
		// start early in a round, so that the page opens on the round scored in
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Duration
				.between(Instant.now(),
						Instant.parse(stack.get("/leaderboards/page-round").get("nextResetAt").asString()))
				.toSeconds() >= 9);
		String period = scoreInOnePeriod("page-round");
		wait = open("page-round");
		wait.until((driver) -> names().equals(List.of("Alice", "Bob")));
		wait.until((driver) -> text("countdown").matches("· resets in 00:00:\\d\\d"));
		String round = text("period");
		assertThat(round).matches("Round of \\d\\d:\\d\\d:\\d\\d UTC");
		assertThat(period).endsWith(round.substring(9, 17) + "Z");

		new WebDriverWait(browser, Duration.ofSeconds(60)).until((driver) -> isShown("banner"));
		assertThat(text("banner-text")).isEqualTo(round + " is over: Alice won");
		assertThat(browser.findElement(By.id("banner")).getDomAttribute("role")).isEqualTo("status");
		// the next round's snapshot follows: empty, with its own period
		wait.until((driver) -> names().isEmpty() && !text("period").equals(round));
		assertThat(announcements()).contains(round + " is over: Alice won");
	}

	@Test
	void whenTheStreamDropsThePageReconnectsAndResumes() throws Exception {
		board("page-drop", "none");
		scores("page-drop", "Ann", 300, "Ben", 200);
		WebDriverWait wait = open("page-drop");
		wait.until((driver) -> names().equals(List.of("Ann", "Ben")));
		wait.until((driver) -> text("connection").equals("Live"));
		int asked = streamRequestsTo("page-drop").size();

		stack.services.restart("sse-broadcaster");
		wait.until((driver) -> text("connection").equals("Reconnecting…"));
		WebDriverWait patient = new WebDriverWait(browser, Duration.ofSeconds(180));
		patient.ignoring(StaleElementReferenceException.class);
		patient.until((driver) -> stack.services.ready("sse-broadcaster"));
		patient.until((driver) -> text("connection").equals("Live"));
		// the board is kept meanwhile, and the page resumes from the last frame it holds
		assertThat(names()).containsExactly("Ann", "Ben");
		List<String> again = streamRequestsTo("page-drop");
		assertThat(again.subList(asked, again.size())).anyMatch((request) -> request.contains("lastEventId="));

		score("page-drop", "Cat", 400);
		wait.until((driver) -> names().equals(List.of("Cat", "Ann", "Ben")));
	}

	@Test
	void reducedMotionStopsTheAnimations() throws Exception {
		board("page-calm", "none");
		scores("page-calm", "Ann", 300, "Ben", 200, "Cat", 100, "Dan", 50);
		emulateReducedMotion("reduce");
		WebDriverWait wait = open("page-calm");
		wait.until((driver) -> names().equals(List.of("Ann", "Ben", "Cat", "Dan")));
		assertThat(script("return matchMedia('(prefers-reduced-motion: reduce)').matches")).isEqualTo(true);
		assertThat(script("return getComputedStyle(document.querySelector('#rows tr')).transitionDuration"))
			.isEqualTo("0s");
		assertThat(script("return getComputedStyle(document.querySelector('.podium .step')).transitionDuration"))
			.isEqualTo("0s");
		assertThat(script("return getComputedStyle(document.querySelector('.live-dot')).animationName"))
			.isEqualTo("none");

		score("page-calm", "Dan", 250);
		wait.until((driver) -> names().equals(List.of("Ann", "Dan", "Ben", "Cat")));
		// the move is still told, without sliding rows
		assertThat(moveOf("Dan")).contains("▲ +2");
		assertThat(texts("#rows tr[style*='transform'], .podium .step[style*='transform']")).isEmpty();
	}

	private static void board(String board, String resetSchedule) throws Exception {
		assertThat(stack.put("/admin/leaderboards/" + board,
				"{\"sortOrder\":\"desc\",\"operator\":\"best\",\"resetSchedule\":\"" + resetSchedule + "\"}",
				stack.adminToken()))
			.isIn(200, 201);
	}

	/** A score for each player: a name, then its score, and so on. */
	private static void scores(String board, Object... namesAndScores) throws Exception {
		for (int index = 0; index < namesAndScores.length; index += 2) {
			score(board, (String) namesAndScores[index], ((Number) namesAndScores[index + 1]).longValue());
		}
	}

	private static JsonNode score(String board, String name, long score) throws Exception {
		return stack.post("/leaderboards/" + board + "/scores", "{\"score\": " + score + "}",
				stack.token(board + "-" + name, name));
	}

	/**
	 * Alice's and Bob's scores in one period of a short round, though a reset may fall
	 * between.
	 */
	private static String scoreInOnePeriod(String board) throws Exception {
		for (int attempt = 0;; attempt++) {
			String first = score(board, "Alice", 300).get("period").asString();
			String second = score(board, "Bob", 200).get("period").asString();
			if (first.equals(second) || attempt == 3) {
				assertThat(second).isEqualTo(first);
				return first;
			}
		}
	}

	/**
	 * Publishes a closed period as api-service does; false, so that a wait asks again.
	 */
	private static boolean publish(PeriodClosed closed) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
			producer.send(new ProducerRecord<>(Topics.LEADERBOARD_PERIODS, closed.key(), codec.toBytes(closed))).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return false;
	}

	private static WebDriverWait open(String board) {
		browser.get("http://localhost:" + stack.broadcaster + "/?board=" + board);
		// a text may be rewritten between finding it and reading it: look again
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	private static void emulateReducedMotion(String value) {
		browser.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-reduced-motion", "value", value))));
	}

	private static void screenshot(String name, int width, int height, int scale, boolean mobile) throws Exception {
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", scale, "mobile", mobile));
		try {
			// let the page lay itself out at that width first
			new WebDriverWait(browser, Duration.ofSeconds(10))
				.until((driver) -> script("return document.documentElement.clientWidth").equals((long) width));
			script("window.scrollTo(0, 0)");
			Path screenshot = Path.of("target", "screenshots", name);
			Files.createDirectories(screenshot.getParent());
			Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
			assertThat(Files.size(screenshot)).isPositive();
		}
		finally {
			browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

	/**
	 * The URLs (and resume headers) of the requests the browser sent to the board's
	 * stream so far, from Chromium's network log.
	 */
	private static List<String> streamRequestsTo(String board) {
		for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
			JsonNode message = json.readTree(entry.getMessage()).get("message");
			if (message.get("method").asString().equals("Network.requestWillBeSent")) {
				JsonNode request = message.get("params").get("request");
				streamRequests.add(request.get("url").asString() + " " + request.get("headers"));
			}
		}
		return streamRequests.stream()
			.filter((request) -> request.contains("/leaderboards/" + board + "/events"))
			.toList();
	}

	private static List<String> names() {
		return texts("#rows tr th .cell").stream().map((name) -> name.replace(" ★ (followed)", "")).toList();
	}

	private static List<String> podium() {
		return texts(".podium .step .name");
	}

	private static List<String> announcements() {
		return texts("#announcements li");
	}

	private static int sparklinePoints() {
		String points = attribute("#sparkline polyline", "points").trim();
		return points.isEmpty() ? 0 : points.split("\\s+").length;
	}

	private static String moveOf(String name) {
		return (String) script("return Array.from(document.querySelectorAll('#rows tr'))"
				+ ".find((row) => row.querySelector('th').textContent.startsWith(arguments[0]))"
				+ ".querySelector('td.move').textContent", name);
	}

	private static String rowClassesOf(String name) {
		return (String) script(
				"return Array.from(document.querySelectorAll('#rows tr'))"
						+ ".find((row) => row.querySelector('th').textContent.startsWith(arguments[0])).className",
				name);
	}

	private static boolean isShown(String id) {
		return Boolean.TRUE.equals(script("return !document.getElementById(arguments[0]).hidden", id));
	}

	private static void type(String id, String text) {
		browser.findElement(By.id(id)).sendKeys(text);
	}

	private static void click(String selector) {
		browser.findElement(By.cssSelector(selector)).click();
	}

	private static String text(String id) {
		return (String) script("return document.getElementById(arguments[0]).textContent.trim()", id);
	}

	private static String attribute(String selector, String property) {
		return String.valueOf(script("const element = document.querySelector(arguments[0]);"
				+ "return arguments[1] === 'textContent' ? element.textContent : element.getAttribute(arguments[1])",
				selector, property));
	}

	@SuppressWarnings("unchecked")
	private static List<String> attributes(String selector, String name) {
		return (List<String>) script(
				"return Array.from(document.querySelectorAll(arguments[0]), (element) => element.getAttribute(arguments[1]))",
				selector, name);
	}

	/**
	 * The visible texts of the matching elements, read in one script run: the page
	 * re-renders rows as updates arrive, so an element found a moment earlier may be gone
	 * by the time its text is asked for.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> texts(String selector) {
		return (List<String>) script(
				"return Array.from(document.querySelectorAll(arguments[0]), (element) => element.textContent.trim())",
				selector);
	}

	private static Object script(String script, Object... arguments) {
		return browser.executeScript(script, arguments);
	}

}
