package org.civicloop.workorder.web;

import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** The pages' domain exceptions as the shell's error pages with the right status. */
@ControllerAdvice(assignableTypes = { WorkOrderPages.class, NotificationPages.class, StaffEntryPages.class, DashboardPages.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class WorkOrderPageErrors {

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

	/** An illegal step or a concurrent change (someone else accepted first). */
	@ExceptionHandler({ IllegalStateException.class, OptimisticLockingFailureException.class })
	ModelAndView conflict() {
		return page(HttpStatus.CONFLICT, "error/4xx");
	}

	private static ModelAndView page(HttpStatus status, String view) {
		ModelAndView mav = new ModelAndView(view);
		mav.setStatus(status);
		mav.addObject("status", status.value());
		return mav;
	}
}
