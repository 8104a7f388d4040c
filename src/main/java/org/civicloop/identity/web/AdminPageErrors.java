package org.civicloop.identity.web;

import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/** The friendly error pages for the administration pages, with the right status. */
@ControllerAdvice(assignableTypes = UserAdminPages.class)
class AdminPageErrors {

	@ExceptionHandler(OutOfJurisdictionException.class)
	ModelAndView forbidden(HttpServletResponse response) {
		return page(response, HttpStatus.FORBIDDEN, "error/403");
	}

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound(HttpServletResponse response) {
		return page(response, HttpStatus.NOT_FOUND, "error/404");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ModelAndView badId(HttpServletResponse response) {
		return page(response, HttpStatus.NOT_FOUND, "error/404");
	}

	private static ModelAndView page(HttpServletResponse response, HttpStatus status, String view) {
		response.setStatus(status.value());
		ModelAndView mv = new ModelAndView(view);
		mv.addObject("status", status.value());
		mv.setStatus(status);
		return mv;
	}
}
