package org.civicloop.browser;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import org.civicloop.support.CivicLoopServerTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed loop in the browser: resident1 files a request with a photo on a phone-sized
 * screen (390×844), sjq-staff accepts it on a desktop (found on the workbench) and replies,
 * resident1 rates it 5 on the phone, and the 三率 dashboard counts it. Screenshots
 * {@code wo-*.png} go to {@code target/screenshots/}.
 */
@CivicLoopServerTest
@Tag("browser")
class WorkOrderBrowserTests extends BrowserTestBase {

	static final Pattern ORDER_URL = Pattern.compile(".*/requests/([0-9a-f-]{36})\\?created.*");

	@Test
	void residentFilesWithAPhotoStaffAcceptsAndRepliesResidentRatesDashboardCounts() throws IOException {
		String description = "路灯不亮，晚上很黑（浏览器测试 " + UUID.randomUUID().toString().substring(0, 8) + "）";

		// 1. resident1 on a phone files a request with a photo
		Page phone = open(390, 844, true);
		signIn(phone, "resident1");
		phone.navigate(url("/requests/new"));
		phone.locator(WoUi.CATEGORY).selectOption("street-light");
		phone.locator(WoUi.DESCRIPTION).fill(description);
		phone.locator(WoUi.PHOTO).setInputFiles(new FilePayload("lamp.png", "image/png", png()));
		phone.locator(WoUi.ADDRESS).fill("四季青街道 3 号楼前");
		assertNoHorizontalOverflow(phone);
		shot(phone, "wo-phone-new");
		phone.locator(WoUi.SUBMIT).click();
		phone.waitForURL(ORDER_URL);
		Matcher m = ORDER_URL.matcher(phone.url());
		assertThat(m.matches()).isTrue();
		String id = m.group(1);
		PlaywrightAssertions.assertThat(phone.locator(WoUi.CREATED)).isVisible();
		PlaywrightAssertions.assertThat(phone.locator(WoUi.STATE)).hasText("待签收");
		PlaywrightAssertions.assertThat(phone.locator(WoUi.DESCRIPTION_SHOWN)).hasText(description);
		PlaywrightAssertions.assertThat(phone.locator(WoUi.PHOTOS)).hasCount(1);
		String number = phone.locator(WoUi.NUMBER).textContent().strip();
		assertThat(number).matches("HZ\\d{8}-\\d{6}");
		assertNoHorizontalOverflow(phone);
		shot(phone, "wo-phone-submitted");

		// 2. sjq-staff on a desktop finds it on the workbench, accepts and replies
		BrowserContext staffContext = newContext(1280, 860, false);
		try {
			Page desk = staffContext.newPage();
			signIn(desk, "sjq-staff");
			desk.navigate(url("/workbench?queue=to-accept&size=200"));
			PlaywrightAssertions.assertThat(desk.locator(WoUi.QUEUE_TABLE)).containsText(number);
			shot(desk, "wo-desktop-workbench");
			desk.locator(WoUi.QUEUE_TABLE + " a:text-is('" + number + "')").click();
			desk.waitForURL(Pattern.compile(".*/requests/" + id + ".*"));
			desk.locator(WoUi.ACCEPT).click();
			PlaywrightAssertions.assertThat(desk.locator(WoUi.STATE)).hasText("已签收");
			String reply = "已安排维修人员更换灯泡，今晚恢复照明。";
			desk.locator(WoUi.REPLY_TEXT).fill(reply);
			desk.locator(WoUi.REPLY_SUBMIT).click();
			PlaywrightAssertions.assertThat(desk.locator(WoUi.STATE)).hasText("已答复");
			PlaywrightAssertions.assertThat(desk.locator(WoUi.REPLY_SHOWN)).hasText(reply);
			shot(desk, "wo-desktop-replied");

			// 3. resident1 sees the reply on the phone and rates it 5
			phone.navigate(url("/requests/" + id));
			PlaywrightAssertions.assertThat(phone.locator(WoUi.REPLY_SHOWN)).hasText(reply);
			phone.locator(WoUi.RATING_5).check();
			phone.locator(WoUi.RATE_SUBMIT).click();
			PlaywrightAssertions.assertThat(phone.locator(WoUi.STATE)).hasText(Pattern.compile("已评价|已办结"));
			PlaywrightAssertions.assertThat(phone.locator(WoUi.RATE_FORM)).hasCount(0);
			assertNoHorizontalOverflow(phone);
			shot(phone, "wo-phone-rated");

			// 4. the dashboard counts at least this order as received
			desk.navigate(url("/dashboard"));
			PlaywrightAssertions.assertThat(desk.locator(WoUi.RECEIVED)).isVisible();
			int received = Integer.parseInt(desk.locator(WoUi.RECEIVED).textContent().replaceAll("[^0-9]", ""));
			assertThat(received).as("received on the dashboard").isGreaterThanOrEqualTo(1);
			PlaywrightAssertions.assertThat(desk.locator(WoUi.RESOLUTION_RATE)).not().hasText(Pattern.compile("^\\s*0(\\.0)?%\\s*$"));
			shot(desk, "wo-desktop-dashboard");
		}
		finally {
			staffContext.close();
		}
	}

	static void assertNoHorizontalOverflow(Page page) {
		Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(((Number) overflow).intValue()).as("horizontal overflow in px on " + page.url()).isLessThanOrEqualTo(0);
	}

	/** A small, valid 16×16 PNG (a yellow lamp on grey), made here so that the test needs no file. */
	static byte[] png() throws IOException {
		BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < 16; x++) {
			for (int y = 0; y < 16; y++) {
				boolean lamp = (x - 8) * (x - 8) + (y - 6) * (y - 6) < 12;
				image.setRGB(x, y, (lamp ? Color.YELLOW : Color.GRAY).getRGB());
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	/** The work-order pages' selectors (ids and names already in the templates). */
	static final class WoUi {

		static final String CATEGORY = "#categoryCode";
		static final String DESCRIPTION = "#description";
		static final String PHOTO = "#photo";
		static final String ADDRESS = "#address";
		static final String SUBMIT = "#submit-request";
		static final String CREATED = "#created";
		static final String NUMBER = "#order-number";
		static final String STATE = "#order-state";
		static final String DESCRIPTION_SHOWN = "#order-description";
		static final String PHOTOS = "img.thumb";
		static final String QUEUE_TABLE = "#queue-table";
		static final String ACCEPT = "#accept";
		static final String REPLY_TEXT = "#reply-form textarea[name=text]";
		static final String REPLY_SUBMIT = "#reply-form button[type=submit]";
		static final String REPLY_SHOWN = "#order-reply";
		static final String RATE_FORM = "#rate-form";
		static final String RATING_5 = "#rate-form input[name=rating][value='5']";
		static final String RATE_SUBMIT = "#rate-form button[type=submit]";
		static final String RECEIVED = "#received";
		static final String RESOLUTION_RATE = "#resolution-rate";

		private WoUi() {
		}
	}
}
