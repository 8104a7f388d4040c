package org.civicloop.seal;

import java.time.Instant;
import java.util.UUID;

/** An application as its readers see it; {@code nextRole} is who decides next while PENDING. */
public record SealApplicationView(UUID id, String number, String villageCode, String itemCode, UUID sealId,
		String sealName, String applicantName, String submittedBy, String purpose, int impressions, int used,
		ApplicationStatus status, int step, String nextRole, boolean hasDocument, Instant submittedAt,
		Instant approvedAt, Instant closedAt, UUID authorisationId, String authorisationState) {
}
