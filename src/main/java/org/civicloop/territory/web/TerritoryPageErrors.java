package org.civicloop.territory.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;

/** Friendly error pages for the territory pages (a malformed code is a 400). */
@ControllerAdvice(assignableTypes = { TerritoryPages.class, TerritoryImportPages.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class TerritoryPageErrors extends FriendlyPageErrors {
}
