package org.civicloop.shared;

import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one place modules ask "who is calling and what may they reach". Reads go through
 * {@link #sqlFilter}/{@link #sqlFilterOrOwner} so that the scope is part of the query (and of its
 * paging), writes and single-record reads through {@link #require}. Controllers never compare
 * codes themselves.
 */
@Component
public class JurisdictionScope {

	public Jurisdiction current() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (auth != null && auth.getPrincipal() instanceof CivicPrincipal p) {
			return p.jurisdiction();
		}
		return Jurisdiction.NONE;
	}

	/** Throws {@link OutOfJurisdictionException} unless the caller covers {@code code}. */
	public void require(TerritoryCode code) {
		if (!current().covers(code)) {
			throw new OutOfJurisdictionException(code.value());
		}
	}

	/** Throws unless the caller covers {@code code} or owns the record. */
	public void requireVisible(String code, UUID ownerId) {
		if (!current().canSee(code, ownerId)) {
			throw new OutOfJurisdictionException(code == null ? "record" : code);
		}
	}

	/** A SQL condition on {@code column} with its parameters, for {@code JdbcClient} queries. */
	public SqlFilter sqlFilter(String column) {
		return new SqlFilter(column + " LIKE ANY (:scopePatterns)",
				Map.of("scopePatterns", current().likePatterns().toArray(String[]::new)));
	}

	/** As {@link #sqlFilter} but also admitting rows whose {@code ownerColumn} is the caller. */
	public SqlFilter sqlFilterOrOwner(String column, String ownerColumn) {
		Jurisdiction j = current();
		return new SqlFilter("(" + column + " LIKE ANY (:scopePatterns) OR " + ownerColumn + " = :scopeOwner)",
				Map.of("scopePatterns", j.likePatterns().toArray(String[]::new), "scopeOwner",
						j.userId() == null ? new UUID(0, 0) : j.userId()));
	}

	public record SqlFilter(String condition, Map<String, Object> params) {
	}
}
