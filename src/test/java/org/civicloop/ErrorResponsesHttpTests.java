package org.civicloop;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.civicloop.support.CivicLoopServerTest;
import org.civicloop.support.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers produced by the servlet container's error dispatch (no controller matched, the firewall
 * refused the URL, a status set with sendError): MockMvc does not run that dispatch, so these go
 * over a real connection. Pages get the friendly HTML pages, the API gets problem documents.
 */
@CivicLoopServerTest
class ErrorResponsesHttpTests {

	@LocalServerPort
	int port;

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	HttpClient client() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** A browser-like client signed in through the login form (with its CSRF token). */
	HttpClient signedIn(String username) throws Exception {
		HttpClient http = client();
		String login = http.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(login);
		assertThat(csrf.find()).as("CSRF field on the login page").isTrue();
		String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(TestTokens.PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(302);
		assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return http;
	}

	HttpResponse<String> page(HttpClient http, String path, String language) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "text/html,application/xhtml+xml");
		if (language != null) {
			b.header("Accept-Language", language);
		}
		return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void unknownPageIsAFriendly404ForASignedInUser() throws Exception {
		HttpClient http = signedIn("sjq-staff");
		HttpResponse<String> r = page(http, "/no/such/page", null);
		assertThat(r.statusCode()).isEqualTo(404);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(r.body()).contains("页面不存在", "返回首页", "sjq-staff").doesNotContain("Whitelabel", "Exception", "trace");

		HttpResponse<String> en = page(http, "/no/such/page", "en");
		assertThat(en.statusCode()).isEqualTo(404);
		assertThat(en.body()).contains("Not found", "Back to the home page");
	}

	@Test
	void anonymousUnknownPageAsksToSignIn() throws Exception {
		HttpResponse<String> r = page(client(), "/no/such/page", null);
		assertThat(r.statusCode()).isEqualTo(302);
		assertThat(r.headers().firstValue("Location").orElse("")).contains("/login");
	}

	@ParameterizedTest(name = "{0} {1} → {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			GET    | /api/v1/nothing-here                       | -          | 404
			GET    | /api/v2/territory/330100                   | -          | 404
			DELETE | /api/v1/territory/330100                   | -          | 405
			POST   | /api/v1/auth/token                         | text/plain | 415
			GET    | /api/v1/territory/%E4%B8%AD%E6%96%87        | -          | 400
			GET    | /api/v1/territory/330100%20                | -          | 400
			GET    | /api/v1/territory/%2e%2e/330100            | -          | 400
			GET    | /api/v1/territory/330100;jsessionid=x      | -          | 400
			""")
	void apiErrorsAreProblemDocuments(String method, String path, String type, int status) throws Exception {
		String token = token("admin");
		HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
		b.method(method, type == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("x"));
		if (type != null) {
			b.header("Content-Type", type);
		}
		HttpResponse<String> r = client().send(b.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as("%s %s", method, path).isEqualTo(status);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).as("%s %s", method, path)
			.startsWith("application/problem+json");
		assertThat(r.body()).contains("\"status\":" + status).doesNotContain("Exception", "trace");
	}

	/** Tomcat itself refuses an encoded slash, with its own page, before the application sees it. */
	@Test
	void encodedSlashIsRefusedByTheContainer() throws Exception {
		HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri("/api/v1/territory/330100%2F..%2F..%2Fx")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(400);
		assertThat(r.body()).doesNotContain("Exception");
	}

	@Test
	void apiWithoutTokenIsA401ProblemOverHttp() throws Exception {
		HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri("/api/v1/territory/330100")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(401);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	String token(String user) throws Exception {
		HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri("/api/v1/auth/token"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + TestTokens.PASSWORD + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).isEqualTo(200);
		return r.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
	}
}
