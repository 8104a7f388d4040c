package org.civicloop.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.civicloop.support.CivicLoopServerTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real pages in Debian's chromium (headless, driven by Playwright): sign in, the territory
 * page, switching the language, on a desktop and on a phone-sized screen. Screenshots go to
 * {@code target/screenshots/}; with {@code -Dscreenshot.docs=true} the desktop home page is also
 * copied to {@code docs/screenshot.png} for the README.
 * <p>
 * Chromium comes from {@code apt-get install chromium fonts-noto-cjk} (scripts/test installs it);
 * Playwright's own browser download is switched off (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, set for
 * Surefire in pom.xml). Without chromium the test is skipped locally and fails on CI.
 */
@CivicLoopServerTest
@Tag("browser")
class BrowserTests {

	static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
	static final Path SHOTS = Paths.get("target/screenshots");
	private static final Logger log = LoggerFactory.getLogger(BrowserTests.class);

	static Playwright playwright;
	static Browser browser;

	@LocalServerPort
	int port;

	BrowserContext context;

	@BeforeAll
	static void launch() throws IOException {
		if (!Files.isExecutable(CHROMIUM)) {
			throw new IllegalStateException(CHROMIUM + " is missing: scripts/test installs it (apt-get install chromium fonts-noto-cjk)");
		}
		Files.createDirectories(SHOTS);
		playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		browser = playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
	}

	@AfterAll
	static void close() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	@AfterEach
	void closeContext() {
		if (context != null) {
			context.close();
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	/** A fresh browser profile whose preferred language is zh-CN, as in Hangzhou. */
	Page open(int width, int height, boolean phone) {
		context = browser.newContext(new Browser.NewContextOptions().setLocale("zh-CN")
			.setViewportSize(width, height)
			.setIsMobile(phone)
			.setHasTouch(phone)
			.setDeviceScaleFactor(phone ? 2 : 1));
		context.setDefaultTimeout(15_000);
		return context.newPage();
	}

	void signIn(Page page, String username) {
		page.navigate(url("/login"));
		page.locator(Ui.USERNAME).fill(username);
		page.locator(Ui.PASSWORD).fill(TestTokens.PASSWORD);
		page.locator(Ui.LOGIN_SUBMIT).click();
		page.waitForURL(Pattern.compile(".*:" + port + "/(\\?.*)?$"));
		PlaywrightAssertions.assertThat(page.locator(Ui.WHOAMI)).hasText(username);
	}

	void shot(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
	}

	@Test
	void desktopSignInTerritoryAndLanguage() throws IOException {
		Page page = open(1280, 860, false);
		signIn(page, "sjq-staff");
		PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).containsText("区划网格");
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("基层治理一体化平台");
		shot(page, "desktop-home-zh");
		if (Boolean.getBoolean("screenshot.docs")) {
			Files.copy(SHOTS.resolve("desktop-home-zh.png"), Paths.get("docs/screenshot.png"),
					StandardCopyOption.REPLACE_EXISTING);
		}

		territoryPage(page, "desktop");

		page.locator(Ui.LANG_EN).click();
		page.waitForLoadState();
		PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).containsText("Territory");
		PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).not().containsText("区划网格");
		PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", "en");
		shot(page, "desktop-territory-en");

		// remembered: a new page load without the parameter stays English
		page.navigate(url("/"));
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("One platform for grassroots governance");
		shot(page, "desktop-home-en");

		page.locator(Ui.LANG_ZH).click();
		page.waitForLoadState();
		PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).containsText("区划网格");
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("基层治理一体化平台");
	}

	@Test
	void phoneSignInTerritoryAndLanguage() {
		Page page = open(390, 844, true);
		signIn(page, "sjq-staff");
		PlaywrightAssertions.assertThat(page.locator("h1")).hasText("基层治理一体化平台");
		// no horizontal scrolling on a phone
		Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
		shot(page, "phone-home-zh");

		territoryPage(page, "phone");

		page.locator(Ui.LANG_EN).click();
		page.waitForLoadState();
		openNavIfCollapsed(page);
		PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).containsText("Territory");
		shot(page, "phone-territory-en");
		page.locator(Ui.LANG_ZH).click();
		page.waitForLoadState();
		openNavIfCollapsed(page);
		PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).containsText("区划网格");
		shot(page, "phone-nav-zh");
	}

	/**
	 * The territory tree page is being built on its own branch. Until it is there, /territory is
	 * the friendly 404 page inside the layout; once it lands, this checks the tree and opens a node.
	 */
	void territoryPage(Page page, String device) {
		Response response = page.navigate(url("/territory"));
		assertThat(response).isNotNull();
		if (page.locator(Ui.TERRITORY_TREE).count() > 0) {
			assertThat(response.status()).isEqualTo(200);
			Locator nodes = page.locator(Ui.TREE_NODE);
			PlaywrightAssertions.assertThat(nodes.first()).isVisible();
			shot(page, device + "-territory-zh");
			String code = nodes.first().getAttribute("data-code");
			assertThat(code).matches("\\d{6,}.*");
			nodes.first().click();
			page.waitForLoadState();
			PlaywrightAssertions.assertThat(page.locator("body")).not().containsText("Whitelabel");
		}
		else {
			log.warn("/territory has no {} yet (status {}): checking the shell only", Ui.TERRITORY_TREE, response.status());
			assertThat(response.status()).isIn(200, 404);
			PlaywrightAssertions.assertThat(page.locator(Ui.MAIN_NAV)).hasCount(1);
			PlaywrightAssertions.assertThat(page.locator("body")).not().containsText("Whitelabel");
			shot(page, device + "-territory-zh");
		}
	}

	static void openNavIfCollapsed(Page page) {
		if (!page.locator(Ui.MAIN_NAV).isVisible() && page.locator(Ui.NAV_BURGER).isVisible()) {
			page.locator(Ui.NAV_BURGER).click();
		}
	}

	/** Every selector the browser tests rely on, in one place. */
	static final class Ui {

		static final String USERNAME = "#username";
		static final String PASSWORD = "#password";
		static final String LOGIN_SUBMIT = "#login-submit";
		static final String WHOAMI = ".whoami";
		static final String MAIN_NAV = "nav.mainnav";
		static final String NAV_BURGER = "label.nav-burger";
		static final String LANG_EN = "#lang-en";
		static final String LANG_ZH = "#lang-zh";
		static final String TERRITORY_TREE = "#territory-tree";
		static final String TREE_NODE = "a.tree-node[data-code]";

		private Ui() {
		}
	}
}
