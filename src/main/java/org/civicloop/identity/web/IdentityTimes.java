package org.civicloop.identity.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Times on the administration pages, in Hangzhou's zone: {@code ${@identityTimes.format(t)}}. */
@Component("identityTimes")
class IdentityTimes {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneId.of("Asia/Shanghai"));

	public String format(Instant t) {
		return t == null ? "" : FORMAT.format(t);
	}
}
