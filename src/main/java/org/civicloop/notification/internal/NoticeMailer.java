package org.civicloop.notification.internal;

import java.util.List;
import java.util.Locale;

import org.civicloop.shared.EmailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Notice e-mails. Spring Boot creates a {@link JavaMailSender} only when {@code spring.mail.host} is
 * set, so without SMTP settings nothing is sent; nor to a recipient without a valid address. The text
 * is the notice's message in Chinese and then English: we may not know the reader's language. A
 * failing SMTP server is logged, not retried: the in-app notice is already there.
 */
@Component
public class NoticeMailer {

	private static final Logger log = LoggerFactory.getLogger(NoticeMailer.class);

	private final ObjectProvider<JavaMailSender> sender;
	private final MessageSource messages;
	private final String from;

	NoticeMailer(ObjectProvider<JavaMailSender> sender, MessageSource messages,
			@Value("${civicloop.notification.mail-from:${civicloop.workorder.mail-from:noreply@civicloop.local}}") String from) {
		this.sender = sender;
		this.messages = messages;
		this.from = from;
	}

	/** The mail sender, looked up once: a bean lookup on every notice cost more than the notice's row. */
	private volatile java.util.Optional<JavaMailSender> resolved;

	private JavaMailSender mail() {
		java.util.Optional<JavaMailSender> m = resolved;
		if (m == null) {
			m = java.util.Optional.ofNullable(sender.getIfAvailable());
			resolved = m;
		}
		return m.orElse(null);
	}

	public boolean configured() {
		return mail() != null;
	}

	/** Returns whether a message was handed to the SMTP server. */
	public boolean send(String to, String messageKey, List<String> args) {
		JavaMailSender mail = mail();
		if (mail == null || !EmailAddress.isValid(to)) {
			return false;
		}
		SimpleMailMessage m = new SimpleMailMessage();
		m.setFrom(from);
		m.setTo(to.strip());
		String zh = text(messageKey, args, Locale.SIMPLIFIED_CHINESE);
		String en = text(messageKey, args, Locale.ENGLISH);
		m.setSubject(text("notification.mail.subject", List.of(firstLine(zh)), Locale.SIMPLIFIED_CHINESE) + " / "
				+ text("notification.mail.subject", List.of(firstLine(en)), Locale.ENGLISH));
		m.setText(zh + "\n\n" + en + "\n");
		try {
			mail.send(m);
			return true;
		}
		catch (MailException e) {
			log.warn("Notice e-mail ({}) not sent: {}", messageKey, e.getMessage());
			return false;
		}
	}

	private static String firstLine(String s) {
		String line = s.lines().findFirst().orElse("");
		return line.length() > 60 ? line.substring(0, 59) + "…" : line;
	}

	private String text(String key, List<String> args, Locale locale) {
		return messages.getMessage(key, args.toArray(), key, locale);
	}
}
