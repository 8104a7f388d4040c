package org.civicloop.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.RequestOptions;
import org.civicloop.support.CivicLoopServerTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader dashboard on a phone (390×844): no sideways scrolling, the trend chart and the hotspot
 * circles are drawn, a child area opens the same dashboard one level down, a count opens its list.
 * Screenshots {@code dash-*.png} go to {@code target/screenshots/}.
 */
@CivicLoopServerTest
@Tag("browser")
class DashboardBrowserTests extends BrowserTestBase {

	@Test
	void leaderDashboardOnAPhone() {
		Page phone = open(390, 844, true);
		List<String> errors = new ArrayList<>();
		phone.onPageError(errors::add);
		// one order with a location in 四季青, filed through the API as sjq-staff
		APIResponse token = phone.request().post(url("/api/v1/auth/token"), RequestOptions.create()
			.setData(Map.of("username", "sjq-staff", "password", TestTokens.PASSWORD)));
		assertThat(token.ok()).isTrue();
		String bearer = token.text().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
		APIResponse created = phone.request().post(url("/api/v1/workorders"), RequestOptions.create()
			.setHeader("Authorization", "Bearer " + bearer)
			.setData(Map.of("categoryCode", "road-damage", "description", "dashboard browser", "territoryCode",
					"330102014001R001", "lat", 30.2471, "lng", 120.1995, "channel", "VISIT")));
		assertThat(created.status()).as(created.text()).isEqualTo(201);

		signIn(phone, "sjq-staff");
		phone.navigate(url("/dashboard?period=last-30"));
		PlaywrightAssertions.assertThat(phone.locator("#received")).isVisible();
		PlaywrightAssertions.assertThat(phone.locator("#hotspots path.leaflet-interactive").first()).isAttached();
		assertThat(((Number) phone.evaluate("document.querySelector('#trend').width")).intValue()).isGreaterThan(0);
		WorkOrderBrowserTests.assertNoHorizontalOverflow(phone);
		shot(phone, "dash-phone");

		phone.locator("#areas a.drill").first().click();
		phone.waitForURL(java.util.regex.Pattern.compile(".*territory=330102014\\d{3}.*"));
		PlaywrightAssertions.assertThat(phone.locator("#crumbs a")).hasCount(1);
		WorkOrderBrowserTests.assertNoHorizontalOverflow(phone);
		shot(phone, "dash-phone-child");

		phone.navigate(url("/dashboard?period=custom&from=2026-03-02&to=2026-03-01"));
		PlaywrightAssertions.assertThat(phone.locator("#form-error")).isVisible();

		phone.navigate(url("/dashboard?period=last-30"));
		phone.locator("#received a").click();
		PlaywrightAssertions.assertThat(phone.locator("#drill-table")).isVisible();
		WorkOrderBrowserTests.assertNoHorizontalOverflow(phone);
		shot(phone, "dash-phone-orders");
		assertThat(errors).isEmpty();
	}
}
