package org.civicloop.territory.internal;

import java.time.Instant;
import java.util.UUID;

/** Progress of one import as shown on the import page and by the API. */
public record ImportStatus(UUID id, String startedBy, String fileName, String status, int totalRows, int processedRows,
		int createdRows, int updatedRows, String errors, Instant startedAt, Instant finishedAt) {

	public int percent() {
		return totalRows == 0 ? 100 : (int) Math.min(100, processedRows * 100L / totalRows);
	}

	public boolean finished() {
		return !"APPLYING".equals(status);
	}
}
