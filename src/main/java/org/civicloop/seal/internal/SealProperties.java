package org.civicloop.seal.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code civicloop.seal.*}.
 *
 * @param hours when a seal may be used without an OUT_OF_HOURS anomaly (Beijing time, default 08:00-18:00)
 * @param days the days those hours apply (default MON-FRI)
 * @param authorisationTtl how long a one-time authorisation stays valid after the final approval (default 24 h)
 * @param photoGrace how long a stamped page's photo may lag behind its impression (default 5 min)
 * @param silentAfter how long a bound sleeve may stay silent before DEVICE_SILENT (default 26 h: a
 * sleeve sends a heartbeat at least daily)
 * @param feedBatch events read from the device feed per transaction (default 500)
 */
@ConfigurationProperties("civicloop.seal")
public record SealProperties(String hours, String days, Duration authorisationTtl, Duration photoGrace,
		Duration silentAfter, Integer feedBatch) {

	public SealProperties {
		hours = hours == null || hours.isBlank() ? "08:00-18:00" : hours;
		days = days == null || days.isBlank() ? "MON-FRI" : days;
		authorisationTtl = authorisationTtl == null ? Duration.ofHours(24) : authorisationTtl;
		photoGrace = photoGrace == null ? Duration.ofMinutes(5) : photoGrace;
		silentAfter = silentAfter == null ? Duration.ofHours(26) : silentAfter;
		feedBatch = feedBatch == null || feedBatch < 1 ? 500 : feedBatch;
		ServiceHours.parse(hours, days); // a bad value fails the start-up
	}

	ServiceHours serviceHours() {
		return ServiceHours.parse(hours, days);
	}
}
