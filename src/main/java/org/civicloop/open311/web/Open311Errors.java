package org.civicloop.open311.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.civicloop.platform.web.RequestBodyLimitFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every failure of an Open311 resource as the spec's error document —
 * {@code [{"code":400,"description":"…"}]} or {@code <errors><error><code>400</code>…} — in the
 * format of the resource asked for. Input problems are 4xx, never 5xx.
 */
@ControllerAdvice(assignableTypes = Open311Api.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class Open311Errors {

	private static final Logger log = LoggerFactory.getLogger(Open311Errors.class);

	@ExceptionHandler(Open311Exception.class)
	ResponseEntity<byte[]> open311(Open311Exception e, HttpServletRequest request) {
		return error(request, e.status, e.getMessage());
	}

	@ExceptionHandler({ MissingRequestValueException.class, MethodArgumentTypeMismatchException.class,
			HttpMediaTypeException.class })
	ResponseEntity<byte[]> badInput(Exception e, HttpServletRequest request) {
		return error(request, HttpStatus.BAD_REQUEST, "Invalid request parameters");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<byte[]> method(HttpServletRequest request) {
		return error(request, HttpStatus.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is not supported here");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof RequestBodyLimitFilter.RequestBodyTooLargeException) {
				return error(request, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large");
			}
			if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
				// Tomcat could not parse the form: a chunked body over maxPostSize, or malformed encoding
				boolean tooBig = t.getMessage() != null && t.getMessage().contains("too big");
				return tooBig ? error(request, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large")
						: error(request, HttpStatus.BAD_REQUEST, "The form could not be read");
			}
			if (t instanceof IllegalArgumentException) {
				return error(request, HttpStatus.BAD_REQUEST, "Invalid request");
			}
		}
		log.error("Open311 {} {} failed", request.getMethod(), request.getRequestURI(), e);
		return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
	}

	static ResponseEntity<byte[]> error(HttpServletRequest request, HttpStatus status, String description) {
		Format format = Format.ofPath(request.getRequestURI());
		return ResponseEntity.status(status).contentType(format.mediaType).body(body(format, status, description));
	}

	static byte[] body(Format format, HttpStatus status, String description) {
		Doc.Obj error = new Doc.Obj().put("code", status.value()).put("description", description);
		return Doc.list("errors", "error", List.of(error)).render(format);
	}

	/** For filters, which answer before Spring MVC. */
	static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String description)
			throws java.io.IOException {
		Format format = Format.ofPath(request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(format.mediaType.toString());
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.getOutputStream().write(body(format, status, description));
	}
}
