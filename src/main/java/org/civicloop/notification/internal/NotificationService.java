package org.civicloop.notification.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.civicloop.identity.Accounts;
import org.civicloop.notification.Notice;
import org.civicloop.notification.Notifications;
import org.civicloop.shared.EmailAddress;
import org.civicloop.shared.TerritoryCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The facade: the in-app row in the caller's transaction, then e-mail after the commit to whoever
 * has an address: the user, or the staff covering a territory queue (nearest binding first, capped
 * so that a city-level queue cannot mail the whole city). E-mail goes out only when the row is new,
 * so a redelivered event sends nothing twice.
 */
@Service
class NotificationService implements Notifications {

	private final NoticeStore store;
	private final NoticeMailer mailer;
	private final Accounts accounts;
	private final int territoryMailCap;

	NotificationService(NoticeStore store, NoticeMailer mailer, Accounts accounts,
			@Value("${civicloop.notification.territory-mail-cap:20}") int territoryMailCap) {
		this.store = store;
		this.mailer = mailer;
		this.accounts = accounts;
		this.territoryMailCap = territoryMailCap;
	}

	@Override
	@Transactional
	public boolean send(Notice n) {
		return sendAll(List.of(n)).get(0);
	}

	@Override
	@Transactional
	public List<Boolean> sendAll(List<Notice> notices) {
		for (Notice n : notices) {
			if (n.link() != null && !isLocalPath(n.link())) {
				throw new IllegalArgumentException("a notice links to a path inside the platform");
			}
			if (n.recipientTerritory() != null && !TerritoryCode.isValid(n.recipientTerritory())) {
				throw new IllegalArgumentException("territory code");
			}
		}
		List<Boolean> fresh = store.insertAll(notices.stream()
			.map(n -> n.recipientUser() != null
					? new NoticeStore.Row(n.eventKey(), "user:" + n.recipientUser(), n.recipientUser(), null, n.source(),
							n.messageKey(), n.args(), n.link())
					: new NoticeStore.Row(n.eventKey(), "territory:" + n.recipientTerritory(), null,
							n.recipientTerritory(), n.source(), n.messageKey(), n.args(), n.link()))
			.toList());
		if (mailer.configured()) {
			for (int i = 0; i < notices.size(); i++) {
				Notice n = notices.get(i);
				if (fresh.get(i)) {
					List<String> to = n.recipientUser() != null ? accounts.email(n.recipientUser()).stream().toList()
							: accounts.addressesCovering(n.recipientTerritory(), NoticeStore.STAFF, territoryMailCap);
					afterCommit(to, n.messageKey(), n.args());
				}
			}
		}
		return fresh;
	}

	@Override
	@Transactional
	public boolean email(String eventKey, String address, String source, String messageKey, List<String> args) {
		if (!EmailAddress.isValid(address)) {
			return false;
		}
		List<String> a = args == null ? List.of() : List.copyOf(args);
		boolean fresh = store.insertAll(List.of(new NoticeStore.Row(eventKey, NoticeStore.MAIL_ONLY, null, null, source,
				messageKey, a, null))).get(0);
		if (fresh) {
			afterCommit(List.of(address), messageKey, a);
		}
		return fresh;
	}

	private void afterCommit(List<String> to, String messageKey, List<String> args) {
		Set<String> addresses = new LinkedHashSet<>(to);
		if (addresses.isEmpty()) {
			return;
		}
		Runnable mail = () -> addresses.forEach(a -> mailer.send(a, messageKey, new ArrayList<>(args)));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					mail.run();
				}
			});
		}
		else {
			mail.run();
		}
	}

	static boolean isLocalPath(String link) {
		return link.startsWith("/") && !link.startsWith("//") && !link.contains("\\") && link.length() <= 300
				&& link.chars().noneMatch(Character::isWhitespace);
	}
}
