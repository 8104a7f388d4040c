package org.civicloop.simulator.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/** The simulator's pages: acting on a sleeve that is not connected is a conflict, not an error of ours. */
@ControllerAdvice(assignableTypes = SimulatorPages.class)
class SimulatorPageErrors extends FriendlyPageErrors {

	@ExceptionHandler(IllegalStateException.class)
	ModelAndView conflict() {
		return page(HttpStatus.CONFLICT, "error/4xx");
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class })
	ModelAndView badParameter() {
		return page(HttpStatus.BAD_REQUEST, "error/4xx");
	}
}
