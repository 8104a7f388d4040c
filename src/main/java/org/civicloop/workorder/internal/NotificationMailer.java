package org.civicloop.workorder.internal;

import java.util.Locale;
import java.util.regex.Pattern;

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
 * Notification e-mails. Spring Boot creates a {@link JavaMailSender} only when {@code spring.mail.host}
 * is set, so without SMTP settings nothing is sent; nor to a recipient without an address (the demo
 * accounts have none). The text is in Chinese and English: we do not know the requester's language.
 * A failing SMTP server is logged, not retried: the in-app notification is already there.
 */
@Component
public class NotificationMailer {

	private static final Logger log = LoggerFactory.getLogger(NotificationMailer.class);
	private static final Pattern ADDRESS = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]+\\.[^@\\s<>\"]{2,}$");

	private final ObjectProvider<JavaMailSender> sender;
	private final MessageSource messages;
	private final String from;

	NotificationMailer(ObjectProvider<JavaMailSender> sender, MessageSource messages,
			@Value("${civicloop.workorder.mail-from:noreply@civicloop.local}") String from) {
		this.sender = sender;
		this.messages = messages;
		this.from = from;
	}

	static boolean isAddress(String contact) {
		return contact != null && contact.length() <= 100 && ADDRESS.matcher(contact.strip()).matches();
	}

	/** Returns whether a message was handed to the SMTP server. */
	public boolean send(String to, String kind, String number, String detail) {
		JavaMailSender mail = sender.getIfAvailable();
		if (mail == null || !isAddress(to)) {
			return false;
		}
		SimpleMailMessage m = new SimpleMailMessage();
		m.setFrom(from);
		m.setTo(to.strip());
		m.setSubject(text("wo.mail.subject", number, null, Locale.SIMPLIFIED_CHINESE) + " / "
				+ text("wo.mail.subject", number, null, Locale.ENGLISH));
		m.setText(text("wo.notify." + kind, number, detail, Locale.SIMPLIFIED_CHINESE) + "\n\n"
				+ text("wo.notify." + kind, number, detail, Locale.ENGLISH) + "\n");
		try {
			mail.send(m);
			return true;
		}
		catch (MailException e) {
			log.warn("Notification e-mail for {} not sent: {}", number, e.getMessage());
			return false;
		}
	}

	private String text(String key, String number, String detail, Locale locale) {
		return messages.getMessage(key, new Object[] { number, detail == null ? "" : detail }, key, locale);
	}
}
