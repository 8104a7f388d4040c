package org.civicloop.seal.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Friendly error pages for the seal pages, plus 409 for a decision on a closed application. */
@ControllerAdvice(assignableTypes = SealPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SealPageErrors extends FriendlyPageErrors {

	@ExceptionHandler(IllegalStateException.class)
	ModelAndView conflict() {
		return page(HttpStatus.CONFLICT, "error/4xx");
	}
}
