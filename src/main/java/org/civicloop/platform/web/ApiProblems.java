package org.civicloop.platform.web;

import java.net.URI;

import org.civicloop.shared.NotFoundException;
import org.civicloop.shared.OutOfJurisdictionException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every REST controller: Spring MVC's own errors (malformed JSON,
 * wrong media type, missing parameters) via {@link ResponseEntityExceptionHandler}, and the
 * platform's exceptions mapped to the status a client can act on. Page controllers are left to
 * the friendly error pages.
 */
@RestControllerAdvice(annotations = RestController.class)
public class ApiProblems extends ResponseEntityExceptionHandler {

	public static final URI TYPE_BASE = URI.create("https://civicloop.example/problems/");

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException e) {
		return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
	}

	@ExceptionHandler(OutOfJurisdictionException.class)
	ProblemDetail forbidden(OutOfJurisdictionException e) {
		return problem(HttpStatus.FORBIDDEN, "out-of-jurisdiction", e.getMessage());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException e) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-input",
				"Parameter '" + e.getName() + "' has an invalid value");
	}

	@ExceptionHandler(IllegalStateException.class)
	ProblemDetail conflict(IllegalStateException e) {
		return problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
	}

	@ExceptionHandler({ OptimisticLockingFailureException.class, DataIntegrityViolationException.class })
	ProblemDetail concurrent(RuntimeException e) {
		if (isDataException(e)) {
			// PostgreSQL refused a value itself (SQLSTATE class 22: a NUL character, a number out of
			// range…): the input was bad, nothing conflicted
			return problem(HttpStatus.BAD_REQUEST, "invalid-input", "A value in the request is not acceptable");
		}
		return problem(HttpStatus.CONFLICT, "conflict", "The record was changed or conflicts with another; reload and retry");
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "The upload is larger than allowed"));
	}

	/** A chunked body that went over the limit surfaces here, wrapped by the message converter. */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestBodyLimitFilter.RequestBodyTooLargeException) {
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.header(HttpHeaders.CONNECTION, "close")
					.body(problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", t.getMessage()));
			}
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	private static boolean isDataException(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
				return true;
			}
		}
		return false;
	}

	public static ProblemDetail problem(HttpStatus status, String type, String detail) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
		pd.setType(TYPE_BASE.resolve(type));
		return pd;
	}
}
