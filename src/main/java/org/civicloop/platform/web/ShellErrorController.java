package org.civicloop.platform.web;

import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that never reached a controller (unknown path, oversized request, filter failures):
 * problem details under {@code /api}, otherwise Boot's friendly error pages.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ShellErrorController extends BasicErrorController {

	ShellErrorController(ErrorAttributes errorAttributes, List<ErrorViewResolver> resolvers, WebProperties web) {
		super(errorAttributes, new org.springframework.boot.autoconfigure.web.ErrorProperties(), resolvers);
	}

	@RequestMapping(produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
	ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
		return toProblem(request);
	}

	@Override
	@RequestMapping
	public ResponseEntity<java.util.Map<String, Object>> error(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri != null && uri.toString().startsWith("/api/") || uri != null && uri.toString().startsWith("/open311/")) {
			ResponseEntity<ProblemDetail> p = toProblem(request);
			@SuppressWarnings({ "unchecked", "rawtypes" })
			ResponseEntity<java.util.Map<String, Object>> cast = (ResponseEntity) p;
			return cast;
		}
		return super.error(request);
	}

	private ResponseEntity<ProblemDetail> toProblem(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		String detail = switch (status) {
			case NOT_FOUND -> "No such resource";
			case CONTENT_TOO_LARGE -> "The request body is larger than allowed";
			case METHOD_NOT_ALLOWED -> "Method not allowed here";
			default -> status.is5xxServerError() ? "The server could not complete the request" : status.getReasonPhrase();
		};
		ProblemDetail pd = ApiProblems.problem(status, status.is4xxClientError() ? "client-error" : "server-error", detail);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri != null) {
			pd.setInstance(java.net.URI.create(uri.toString()));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}
}
