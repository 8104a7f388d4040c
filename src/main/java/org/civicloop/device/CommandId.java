package org.civicloop.device;

import java.util.UUID;

public record CommandId(UUID value) {

	public CommandId {
		if (value == null) {
			throw new IllegalArgumentException("command id required");
		}
	}
}
