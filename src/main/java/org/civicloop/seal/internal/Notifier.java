package org.civicloop.seal.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.civicloop.identity.Accounts;
import org.civicloop.notification.Notice;
import org.civicloop.notification.Notifications;
import org.civicloop.shared.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Tells the people concerned, one notice per person and event key (resent keys are no-ops). */
@Component
class Notifier {

	static final String SOURCE = "seal";
	private static final Logger log = LoggerFactory.getLogger(Notifier.class);

	private final ObjectProvider<Notifications> notifications;
	private final Accounts people;

	Notifier(ObjectProvider<Notifications> notifications, Accounts people) {
		this.notifications = notifications;
		this.people = people;
	}

	Set<UUID> holders(Role role, String villageCode) {
		Set<UUID> out = new LinkedHashSet<>();
		people.withRoleCovering(role, villageCode).forEach(p -> out.add(p.id()));
		return out;
	}

	void tell(Set<UUID> users, String eventKey, String kind, String link, String... args) {
		Notifications n = notifications.getIfAvailable();
		if (n == null) {
			log.debug("No notification service: {} not sent", eventKey);
			return;
		}
		for (UUID u : users) {
			if (u != null) {
				n.send(Notice.toUser(eventKey, u, SOURCE, "seal.notice." + kind, link, args));
			}
		}
	}
}
