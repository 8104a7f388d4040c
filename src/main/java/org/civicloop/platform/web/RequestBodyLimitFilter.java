package org.civicloop.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of API requests before anything parses it, so that a client cannot make the
 * server buffer or deserialise an arbitrarily large document. Requests that announce a larger
 * {@code Content-Length} are answered 413 at once (before authentication: an anonymous client
 * must not be able to make us read 100 MB either); chunked bodies, which announce nothing, are
 * counted while they are read and fail with {@link RequestBodyTooLargeException}, which
 * {@link ApiProblems} turns into the same 413.
 * <p>
 * Multipart uploads are left to the multipart limits ({@code spring.servlet.multipart.*}),
 * which are meant for files and are larger; only their announced length is checked here, so that
 * an oversized upload is refused before Tomcat starts parsing it.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** Marks a request whose chunked body went over the limit. */
	static final String EXCEEDED = RequestBodyLimitFilter.class.getName() + ".exceeded";

	private final List<String> prefixes;
	private final long maxBody;
	private final long maxMultipart;

	/**
	 * @param prefixes request paths (after the context path) to guard, e.g. {@code /api/}
	 * @param maxBody the limit for JSON and other non-multipart bodies
	 * @param maxMultipart the limit for a whole multipart request; negative means none
	 */
	public RequestBodyLimitFilter(List<String> prefixes, DataSize maxBody, DataSize maxMultipart) {
		this.prefixes = List.copyOf(prefixes);
		this.maxBody = maxBody.toBytes();
		this.maxMultipart = maxMultipart == null ? -1 : maxMultipart.toBytes();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return prefixes.stream().noneMatch(path::startsWith);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean multipart = isMultipart(request);
		long limit = multipart ? maxMultipart : maxBody;
		if (limit < 0) {
			chain.doFilter(request, response);
			return;
		}
		long announced = request.getContentLengthLong();
		if (announced > limit) {
			reject(request, response, limit);
			return;
		}
		if (multipart || announced >= 0) {
			// a declared length is enforced by the container: it never hands out more bytes than that
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(new CountingRequest(request, limit), response);
			if (request.getAttribute(EXCEEDED) != null && response.getStatus() != HttpStatus.CONTENT_TOO_LARGE.value()
					&& !response.isCommitted()) {
				// someone caught the overflow and answered something else (typically a 400)
				response.reset();
				reject(request, response, limit);
			}
		}
		catch (ServletException | RuntimeException e) {
			// a handler outside ApiProblems' reach (or a filter) read the body and gave up
			if (request.getAttribute(EXCEEDED) != null && !response.isCommitted()) {
				response.reset();
				reject(request, response, limit);
				return;
			}
			throw e;
		}
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	static void reject(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		// the client may still be sending: tell it not to reuse the connection for the rest
		response.setHeader("Connection", "close");
		response.getWriter()
			.write("{\"type\":\"" + ApiProblems.TYPE_BASE.resolve("too-large") + "\",\"title\":\"Content Too Large\","
					+ "\"status\":413,\"detail\":\"The request body is larger than " + limit + " bytes\",\"instance\":\""
					+ jsonEscape(request.getRequestURI()) + "\"}");
	}

	private static String jsonEscape(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				sb.append('\\').append(c);
			}
			else if (c < 0x20) {
				sb.append(String.format("\\u%04x", (int) c));
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

	/** Thrown while reading a body that has gone over the limit. */
	public static class RequestBodyTooLargeException extends IOException {

		RequestBodyTooLargeException(long limit) {
			super("The request body is larger than " + limit + " bytes");
		}
	}

	private static final class CountingRequest extends HttpServletRequestWrapper {

		private final long limit;
		private ServletInputStream stream;

		CountingRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new CountingStream(super.getInputStream(), limit, (HttpServletRequest) getRequest());
			}
			return stream;
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
		}
	}

	private static final class CountingStream extends ServletInputStream {

		private final ServletInputStream in;
		private final long limit;
		private final HttpServletRequest request;
		private long count;

		CountingStream(ServletInputStream in, long limit, HttpServletRequest request) {
			this.in = in;
			this.limit = limit;
			this.request = request;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				add(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buf, int off, int len) throws IOException {
			int n = in.read(buf, off, len);
			if (n > 0) {
				add(n);
			}
			return n;
		}

		private void add(int n) throws IOException {
			count += n;
			if (count > limit) {
				request.setAttribute(EXCEEDED, Boolean.TRUE);
				throw new RequestBodyTooLargeException(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}
	}
}
