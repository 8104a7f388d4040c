package org.civicloop.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every browser test needs: Debian's chromium (headless, driven by Playwright) launched once
 * per class, a fresh browser context per test (or per user, see {@link #newContext}), signing in,
 * screenshots into {@code target/screenshots/}, and the selectors the tests rely on ({@link Ui}).
 * <p>
 * Chromium comes from {@code apt-get install chromium fonts-noto-cjk} (./mvnw verify installs it);
 * Playwright's own browser download is switched off (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, set for
 * Surefire in pom.xml).
 */
abstract class BrowserTestBase {

	static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
	static final Path SHOTS = Paths.get("target/screenshots");

	static Playwright playwright;
	static Browser browser;

	@LocalServerPort
	int port;

	BrowserContext context;

	@BeforeAll
	static void launch() throws IOException {
		if (!Files.isExecutable(CHROMIUM)) {
			throw new IllegalStateException(CHROMIUM + " is missing: ./mvnw verify installs it (apt-get install chromium fonts-noto-cjk)");
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
		context = newContext(width, height, phone);
		return context.newPage();
	}

	/**
	 * Another browser profile (zh-CN), for a second user in the same test; the caller closes it.
	 */
	BrowserContext newContext(int width, int height, boolean phone) {
		BrowserContext c = browser.newContext(new Browser.NewContextOptions().setLocale("zh-CN")
			.setViewportSize(width, height)
			.setIsMobile(phone)
			.setHasTouch(phone)
			.setDeviceScaleFactor(phone ? 2 : 1));
		c.setDefaultTimeout(15_000);
		return c;
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
