package org.civicloop.territory.web;

import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * The territory pages' domain exceptions as the shell's friendly error pages with the right
 * status ({@code ApiProblems} only covers REST controllers): outside the jurisdiction → 403,
 * unknown node → 404, a malformed code → 400.
 */
@ControllerAdvice(assignableTypes = { TerritoryPages.class, TerritoryImportPages.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class TerritoryPageErrors {

	@ExceptionHandler(OutOfJurisdictionException.class)
	ModelAndView forbidden() {
		return page(HttpStatus.FORBIDDEN, "error/403");
	}

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound() {
		return page(HttpStatus.NOT_FOUND, "error/404");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ModelAndView badRequest() {
		return page(HttpStatus.BAD_REQUEST, "error/4xx");
	}

	private static ModelAndView page(HttpStatus status, String view) {
		ModelAndView mav = new ModelAndView(view);
		mav.setStatus(status);
		mav.addObject("status", status.value());
		return mav;
	}
}
