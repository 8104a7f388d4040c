package org.civicloop.browser;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import org.civicloop.seal.SealTestDevices;
import org.civicloop.support.CivicLoopServerTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * A villager of 仙岩村 applies to use the village committee seal on a phone-sized screen with a
 * PDF, and the village party secretary approves it on a desktop; the application is then
 * authorised. Screenshots {@code seal-*.png} go to {@code target/screenshots/}.
 */
@CivicLoopServerTest
@Import(SealTestDevices.class)
@Tag("browser")
class SealBrowserTests extends BrowserTestBase {

	static final Pattern DETAIL_URL = Pattern.compile(".*/seal/applications/[0-9a-f-]{36}$");

	/** The seal pages' selectors. */
	static final class SealUi {
		static final String ITEM = "#itemCode";
		static final String SEAL = "#sealId";
		static final String PURPOSE = "#purpose";
		static final String IMPRESSIONS = "#impressions";
		static final String FILE = "#file";
		static final String SUBMIT = "#seal-submit";
		static final String STATUS = "#seal-status";
		static final String APPROVE = "#seal-approve";
		static final String TIMELINE = "#seal-timeline li";

		private SealUi() {
		}
	}

	@Test
	void aVillagerAppliesOnAPhoneAndTheSecretaryApproves() {
		String purpose = "办理入学证明（浏览器测试 " + UUID.randomUUID().toString().substring(0, 8) + "）";
		Page phone = open(390, 844, true);
		signIn(phone, "xy-villager");
		openNavIfCollapsed(phone);
		phone.locator("nav.mainnav a[href='/seal']").click();
		phone.locator("#seal-apply").click();
		phone.locator(SealUi.ITEM).selectOption("certificate");
		phone.locator(SealUi.SEAL).selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("仙岩村村民委员会"));
		phone.locator(SealUi.PURPOSE).fill(purpose);
		phone.locator(SealUi.IMPRESSIONS).fill("2");
		phone.locator(SealUi.FILE).setInputFiles(new FilePayload("证明.pdf", "application/pdf",
				"%PDF-1.4\n<</Type /Page>>\n<</Type /Page>>\n%%EOF".getBytes(StandardCharsets.ISO_8859_1)));
		WorkOrderBrowserTests.assertNoHorizontalOverflow(phone);
		shot(phone, "seal-phone-apply");
		phone.locator(SealUi.SUBMIT).click();
		phone.waitForURL(DETAIL_URL);
		PlaywrightAssertions.assertThat(phone.locator(SealUi.STATUS)).hasText("审批中");
		PlaywrightAssertions.assertThat(phone.locator("body")).containsText(purpose);
		PlaywrightAssertions.assertThat(phone.locator("body")).containsText("证明.pdf · 2p");
		PlaywrightAssertions.assertThat(phone.locator(SealUi.APPROVE)).hasCount(0);
		WorkOrderBrowserTests.assertNoHorizontalOverflow(phone);
		shot(phone, "seal-phone-detail");
		String detail = phone.url();

		BrowserContext desk = newContext(1280, 900, false);
		try {
			Page secretary = desk.newPage();
			signIn(secretary, "xy-secretary");
			secretary.navigate(detail);
			secretary.locator("input[name=comment]").first().fill("同意");
			secretary.locator(SealUi.APPROVE).click();
			secretary.waitForURL(DETAIL_URL);
			PlaywrightAssertions.assertThat(secretary.locator(SealUi.STATUS)).hasText("已授权待盖章");
			PlaywrightAssertions.assertThat(secretary.locator(SealUi.TIMELINE)).hasCount(2);
			shot(secretary, "seal-desk-approved");
		}
		finally {
			desk.close();
		}
		phone.reload();
		PlaywrightAssertions.assertThat(phone.locator(SealUi.STATUS)).hasText("已授权待盖章");
	}
}
