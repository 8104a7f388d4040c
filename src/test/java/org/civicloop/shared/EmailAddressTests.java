package org.civicloop.shared;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailAddressTests {

	@ParameterizedTest(name = "[{0}] valid={1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			li@example.org                 | true
			' li@example.org '             | true
			a.b+c@mail.example.com.cn      | true
			张三@例子.中国                  | true
			li@example.o                   | false
			li@example                     | false
			a@b                            | false
			li                             | false
			''                             | false
			NULL                           | false
			x <li@example.org>             | false
			"li"@example.org               | false
			li@@example.org                | false
			li @example.org                | false
			""")
	void shapes(String s, boolean valid) {
		assertThat(EmailAddress.isValid(s)).isEqualTo(valid);
	}

	@ParameterizedTest(name = "local part of {0} characters, total {1}")
	@CsvSource({ "64, true", "65, false" })
	void localPartBoundary(int local, boolean valid) {
		assertThat(EmailAddress.isValid("a".repeat(local) + "@example.org")).isEqualTo(valid);
	}

	@ParameterizedTest(name = "total length {0}")
	@CsvSource({ "100, true", "101, false" })
	void totalLengthBoundary(int total, boolean valid) {
		String domain = "d".repeat(total - "a@".length() - ".org".length()) + ".org";
		assertThat(EmailAddress.isValid("a@" + domain)).isEqualTo(valid);
	}

	@org.junit.jupiter.api.Test
	void blankIsNoAddressAndInvalidIsA400() {
		assertThat(EmailAddress.parseOptional(" ")).isEmpty();
		assertThat(EmailAddress.parseOptional(null)).isEmpty();
		assertThat(EmailAddress.parseOptional(" a@example.org")).contains("a@example.org");
		assertThatThrownBy(() -> EmailAddress.parseOptional("nope")).isInstanceOf(IllegalArgumentException.class);
	}
}
