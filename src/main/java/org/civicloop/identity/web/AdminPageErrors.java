package org.civicloop.identity.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/** Friendly error pages for the administration pages; a malformed user id is a user that does not exist. */
@ControllerAdvice(assignableTypes = { UserAdminPages.class, OwnAccountPage.class })
class AdminPageErrors extends FriendlyPageErrors {

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ModelAndView badId() {
		return page(HttpStatus.NOT_FOUND, "error/404");
	}
}
