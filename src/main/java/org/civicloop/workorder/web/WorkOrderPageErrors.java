package org.civicloop.workorder.web;

import org.civicloop.platform.web.FriendlyPageErrors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Friendly error pages for the work-order pages, plus 409 for an illegal step. */
@ControllerAdvice(assignableTypes = { WorkOrderPages.class, StaffEntryPages.class, DashboardPages.class, GeneratorPages.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class WorkOrderPageErrors extends FriendlyPageErrors {

	/** An illegal step or a concurrent change (someone else accepted first). */
	@ExceptionHandler({ IllegalStateException.class, OptimisticLockingFailureException.class })
	ModelAndView conflict() {
		return page(HttpStatus.CONFLICT, "error/4xx");
	}
}
