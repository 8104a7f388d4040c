package org.civicloop.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.civicloop.support.CivicLoopServerTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real pages in Debian's chromium (headless, driven by Playwright): sign in, the territory
 * page, switching the language, on a desktop and on a phone-sized screen. Screenshots go to
 * {@code target/screenshots/}; with {@code -Dscreenshot.docs=true} the desktop home page is also
 * copied to {@code docs/screenshot.png} for the README.
 * <p>
 * Chromium comes from {@code apt-get install chromium fonts-noto-cjk} (./mvnw verify installs it);
 * Playwright's own browser download is switched off (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, set for
 * Surefire in pom.xml). Without chromium the test is skipped locally and fails on CI.
 */
@CivicLoopServerTest
@Tag("browser")
class BrowserTests extends BrowserTestBase {

	private static final Logger log = LoggerFactory.getLogger(BrowserTests.class);

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
}
