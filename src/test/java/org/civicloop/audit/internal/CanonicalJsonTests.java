package org.civicloop.audit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTests {

	@Test
	void sortsKeysByUtf16AndHasNoWhitespace() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("b", 1);
		m.put("a", List.of(true, false));
		m.put("€", "x");
		m.put("\uD83D\uDE00", "emoji");
		m.put("A", null);
		m.put("nested", Map.of("z", 1L, "y", "二"));
		assertThat(CanonicalJson.write(m))
			.isEqualTo("{\"A\":null,\"a\":[true,false],\"b\":1,\"nested\":{\"y\":\"二\",\"z\":1},\"€\":\"x\",\"\uD83D\uDE00\":\"emoji\"}");
	}

	@Test
	void escapesOnlyWhatJsonRequires() {
		assertThat(CanonicalJson.write("a\"b\\c\n\t\u0001/é")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001/é\"");
		assertThat(CanonicalJson.write("杭州").getBytes(StandardCharsets.UTF_8)).hasSize(8);
	}

	@Test
	void refusesWhatIsNotCanonical() {
		assertThatThrownBy(() -> CanonicalJson.write(1.5)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> CanonicalJson.write("\uD800")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> CanonicalJson.write(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void leafInputIsCanonicalJsonOfTheWholeEntry() {
		byte[] input = LeafInput.render(7, "admin", "identity.login", "user", "admin", null,
				Instant.parse("2026-05-01T08:00:00.123456Z"), Instant.parse("2026-05-01T08:00:01Z"), "{\"channel\":\"FORM\"}");
		assertThat(new String(input, StandardCharsets.UTF_8)).isEqualTo(
				"{\"action\":\"identity.login\",\"actor\":\"admin\",\"details\":{\"channel\":\"FORM\"},\"index\":7,"
						+ "\"occurredAt\":\"2026-05-01T08:00:00.123456Z\",\"recordId\":\"admin\",\"recordType\":\"user\","
						+ "\"sequencedAt\":\"2026-05-01T08:00:01Z\",\"territory\":null,\"v\":1}");
	}
}
