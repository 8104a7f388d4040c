package org.civicloop.territory;

import java.util.UUID;

/** Someone answerable for a node: a grid worker, a community secretary, a river chief. */
public record ResponsiblePerson(UUID id, String nodeCode, String name, String duty, String phone, String username,
		boolean demo) {
}
