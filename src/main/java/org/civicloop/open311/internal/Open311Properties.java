package org.civicloop.open311.internal;

import java.util.Set;

import org.civicloop.workorder.Channel;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code civicloop.open311.*}. {@code publicChannels}: the orders that Open311 lists and shows —
 * by default those a resident or a patrol filed to be seen (Open311 itself, resident pages, public
 * reports, grid patrols); hotline calls, visits, enterprise demands and supervision items are
 * not published by default.
 */
@ConfigurationProperties("civicloop.open311")
public record Open311Properties(Set<Channel> publicChannels, String contact) {

	public Open311Properties {
		if (publicChannels == null) {
			publicChannels = Set.of(Channel.OPEN311, Channel.RESIDENT_WEB, Channel.PUBLIC_REPORT, Channel.GRID_PATROL,
					Channel.API);
		}
	}
}
