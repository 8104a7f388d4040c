package org.civicloop.notification.internal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mail only with an SMTP sender (Boot makes one when spring.mail.host is set) and an address; text in both languages. */
class NoticeMailerTests {

	/** A JavaMailSender that keeps what it is given instead of talking SMTP. */
	static class FakeSender extends JavaMailSenderImpl {
		final List<SimpleMailMessage> sent = new ArrayList<>();
		boolean fail;

		@Override
		public void send(SimpleMailMessage... messages) {
			if (fail) {
				throw new MailSendException("smtp down");
			}
			sent.addAll(List.of(messages));
		}
	}

	static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource m = new ResourceBundleMessageSource();
		m.setBasenames("i18n/notification", "i18n/workorder");
		m.setDefaultEncoding("UTF-8");
		m.setFallbackToSystemLocale(false);
		return m;
	}

	static NoticeMailer mailer(FakeSender sender) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		if (sender != null) {
			beans.registerSingleton("mailSender", sender);
		}
		return new NoticeMailer(beans.getBeanProvider(JavaMailSender.class), messages(), "noreply@example.org");
	}

	@Test
	void sendsInBothLanguagesWhenConfiguredAndAddressed() {
		FakeSender sender = new FakeSender();
		assertThat(mailer(sender).send(" li@example.org ", "wo.notify.rejected", List.of("HZ20260306-000001", "不属于受理范围")))
			.isTrue();
		assertThat(sender.sent).hasSize(1);
		SimpleMailMessage m = sender.sent.get(0);
		assertThat(m.getTo()).containsExactly("li@example.org");
		assertThat(m.getFrom()).isEqualTo("noreply@example.org");
		assertThat(m.getSubject()).contains("HZ20260306-000001").contains("CivicLoop 通知").contains("CivicLoop notice");
		assertThat(m.getText()).contains("不予受理，理由：不属于受理范围").contains("was not accepted. Reason: 不属于受理范围");
	}

	@Test
	void anUnknownKeyIsSentAsItselfRatherThanFailing() {
		FakeSender sender = new FakeSender();
		assertThat(mailer(sender).send("li@example.org", "seal.notice.unknown", List.of("x"))).isTrue();
		assertThat(sender.sent.get(0).getText()).contains("seal.notice.unknown");
	}

	@Test
	void sendsNothingWithoutAnAddressOrWithoutSmtp() {
		FakeSender sender = new FakeSender();
		NoticeMailer mailer = mailer(sender);
		assertThat(mailer.send(null, "wo.notify.closed", List.of("HZ1"))).isFalse();
		assertThat(mailer.send("13800001111", "wo.notify.closed", List.of("HZ1"))).isFalse();
		assertThat(mailer.send("a@b", "wo.notify.closed", List.of("HZ1"))).isFalse();
		assertThat(mailer.send("x <a@example.org>", "wo.notify.closed", List.of("HZ1"))).isFalse();
		assertThat(sender.sent).isEmpty();
		assertThat(mailer(null).send("li@example.org", "wo.notify.closed", List.of("HZ1"))).isFalse();
		assertThat(mailer(null).configured()).isFalse();
	}

	@Test
	void aFailingServerIsNotAnError() {
		FakeSender sender = new FakeSender();
		sender.fail = true;
		assertThat(mailer(sender).send("li@example.org", "wo.notify.closed", List.of("HZ1"))).isFalse();
	}
}
