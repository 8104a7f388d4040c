package org.civicloop.platform.web;

import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * The shared kernel's exceptions as the shell's friendly error pages with the right status, for
 * page controllers ({@link ApiProblems} covers REST controllers): outside the jurisdiction → 403,
 * unknown record → 404, invalid input → 400. A module extends it in a {@code @ControllerAdvice}
 * that names its page controllers, and adds handlers of its own where it needs them.
 */
public abstract class FriendlyPageErrors {

	@ExceptionHandler(OutOfJurisdictionException.class)
	protected ModelAndView forbidden() {
		return page(HttpStatus.FORBIDDEN, "error/403");
	}

	@ExceptionHandler(NotFoundException.class)
	protected ModelAndView notFound() {
		return page(HttpStatus.NOT_FOUND, "error/404");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	protected ModelAndView badRequest() {
		return page(HttpStatus.BAD_REQUEST, "error/4xx");
	}

	protected static ModelAndView page(HttpStatus status, String view) {
		ModelAndView mav = new ModelAndView(view);
		mav.setStatus(status);
		mav.addObject("status", status.value());
		return mav;
	}
}
