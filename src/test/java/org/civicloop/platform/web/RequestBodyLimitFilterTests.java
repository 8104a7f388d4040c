package org.civicloop.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The size guard alone, with limits small enough to see the boundaries. */
class RequestBodyLimitFilterTests {

	final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(List.of("/api/"), DataSize.ofBytes(100),
			DataSize.ofBytes(1000));

	@ParameterizedTest(name = "{0} {1} bytes ({2}) → {3}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/v1/x     | 99   | application/json                   | 200
			/api/v1/x     | 100  | application/json                   | 200
			/api/v1/x     | 101  | application/json                   | 413
			/api/v1/x     | 101  | text/csv                           | 413
			/api/v1/x     | 999  | multipart/form-data; boundary=abc  | 200
			/api/v1/x     | 1000 | multipart/form-data; boundary=abc  | 200
			/api/v1/x     | 1001 | multipart/form-data; boundary=abc  | 413
			/login        | 5000 | application/x-www-form-urlencoded  | 200
			/apiary       | 5000 | application/json                   | 200
			""")
	void announcedLength(String path, int length, String type, int expected) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType(type);
		request.setContent(new byte[length]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		assertThat(response.getStatus()).isEqualTo(expected);
		if (expected == 413) {
			assertThat(chain.getRequest()).as("not passed on").isNull();
			assertThat(response.getContentType()).startsWith("application/problem+json");
			assertThat(response.getContentAsString()).contains("\"status\":413");
		}
	}

	@Test
	void chunkedBodyWithinTheLimitIsReadWhole() throws Exception {
		MockHttpServletRequest request = chunked(100);
		byte[][] read = new byte[1][];
		filter.doFilter(request, new MockHttpServletResponse(),
				(req, res) -> read[0] = req.getInputStream().readAllBytes());
		assertThat(read[0]).hasSize(100);
	}

	@Test
	void chunkedBodyOverTheLimitFailsWhileReading() {
		MockHttpServletRequest request = chunked(101);
		FilterChain reader = (req, res) -> req.getInputStream().readAllBytes();
		assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), reader))
			.isInstanceOf(RequestBodyLimitFilter.RequestBodyTooLargeException.class);
	}

	@Test
	void chunkedOverflowSwallowedByAHandlerStillAnswers413() throws Exception {
		MockHttpServletRequest request = chunked(5000);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> {
			try {
				req.getReader().lines().count();
			}
			catch (java.io.UncheckedIOException e) {
				((jakarta.servlet.http.HttpServletResponse) res).setStatus(400);
			}
		});
		assertThat(response.getStatus()).isEqualTo(413);
	}

	/** A request with no Content-Length, as a chunked request looks to a servlet. */
	static MockHttpServletRequest chunked(int size) {
		InputStream data = new ByteArrayInputStream(new byte[size]);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/x") {
			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public int getContentLength() {
				return -1;
			}

			@Override
			public ServletInputStream getInputStream() {
				return new ServletInputStream() {
					@Override
					public int read() throws IOException {
						return data.read();
					}

					@Override
					public int read(byte[] b, int off, int len) throws IOException {
						return data.read(b, off, len);
					}

					@Override
					public boolean isFinished() {
						return false;
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setReadListener(ReadListener listener) {
					}
				};
			}
		};
		request.setContentType("application/json");
		return request;
	}

	@Test
	void requestsOutsideTheGuardedPathsAreUntouched() throws Exception {
		MockHttpServletRequest request = chunked(5000);
		request.setRequestURI("/login");
		HttpServletRequest[] seen = new HttpServletRequest[1];
		filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen[0] = (HttpServletRequest) req);
		assertThat(seen[0]).isSameAs(request);
	}
}
