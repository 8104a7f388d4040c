package org.civicloop.territory;

import java.util.UUID;

/** A CSV import was applied: {@code created} new nodes, {@code updated} existing ones. */
public record TerritoryImported(UUID importId, String importedBy, String fileName, int created, int updated) {
}
