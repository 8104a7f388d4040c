package org.civicloop.territory;

import java.util.List;
import java.util.Optional;

import org.civicloop.shared.TerritoryCode;

/**
 * What other modules may ask of the territory tree. Results are not scoped to the caller:
 * modules apply {@link org.civicloop.shared.JurisdictionScope} to their own records.
 */
public interface Territories {

	Optional<TerritoryNode> find(TerritoryCode code);

	default TerritoryNode get(TerritoryCode code) {
		return find(code).orElseThrow(() -> new org.civicloop.shared.NotFoundException("No territory node " + code));
	}

	boolean exists(TerritoryCode code);

	List<TerritoryNode> children(TerritoryCode code);

	/** From the city down to the node's parent. */
	List<TerritoryNode> ancestors(TerritoryCode code);

	List<ResponsiblePerson> people(TerritoryCode code);
}
