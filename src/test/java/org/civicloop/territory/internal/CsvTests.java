package org.civicloop.territory.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvTests {

	private static List<String> fields(Csv.Record r) {
		return r.fields();
	}

	@Test
	void plainRecordsWithLineNumbers() {
		List<Csv.Record> rs = Csv.parse("a,b,c\n1,2,3\n");
		assertThat(rs).extracting(Csv.Record::line).containsExactly(1, 2);
		assertThat(fields(rs.get(1))).containsExactly("1", "2", "3");
	}

	@Test
	void lastLineWithoutNewline() {
		assertThat(Csv.parse("a,b\n1,2")).extracting(CsvTests::fields)
			.containsExactly(List.of("a", "b"), List.of("1", "2"));
	}

	@Test
	void emptyFieldsAreKept() {
		assertThat(fields(Csv.parse("a,,c,\n").get(0))).containsExactly("a", "", "c", "");
	}

	@Test
	void quotedFieldsWithCommasAndDoubledQuotes() {
		Csv.Record r = Csv.parse("\"杭州市, 上城区\",\"say \"\"hi\"\"\",\"\"\n").get(0);
		assertThat(fields(r)).containsExactly("杭州市, 上城区", "say \"hi\"", "");
	}

	@Test
	void crlfLineEndings() {
		List<Csv.Record> rs = Csv.parse("a,b\r\n1,2\r\n3,4\r\n");
		assertThat(rs).extracting(CsvTests::fields)
			.containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"));
		assertThat(rs).extracting(Csv.Record::line).containsExactly(1, 2, 3);
	}

	@Test
	void byteOrderMarkIsIgnored() {
		List<Csv.Record> rs = Csv.parse("\uFEFFcode,name\n330100,杭州市\n");
		assertThat(fields(rs.get(0))).containsExactly("code", "name");
	}

	@Test
	void blankLinesAreSkippedButCounted() {
		List<Csv.Record> rs = Csv.parse("a,b\n\n1,2\r\n\r\n\n3,4\n\n");
		assertThat(rs).extracting(Csv.Record::line).containsExactly(1, 3, 6);
		assertThat(fields(rs.get(2))).containsExactly("3", "4");
	}

	@Test
	void recordSpanningLinesStartsOnItsFirstLineAndLaterLinesCountOn() {
		List<Csv.Record> rs = Csv.parse("h1,h2\n1,\"two\nlines\"\n2,\"three\r\nmore\nlines\"\n3,x\n");
		assertThat(rs).extracting(Csv.Record::line).containsExactly(1, 2, 4, 7);
		assertThat(fields(rs.get(1))).containsExactly("1", "two\nlines");
		assertThat(fields(rs.get(3))).containsExactly("3", "x");
	}

	@Test
	void unterminatedQuoteIsAnErrorNamingTheLineWhereTheRecordStarts() {
		assertThatIllegalArgumentException().isThrownBy(() -> Csv.parse("a,b\n1,2\n3,\"never closed\n4,5\n"))
			.withMessageContaining("Line 3")
			.withMessageContaining("never closed");
	}

	@Test
	void strayQuoteInsideAnUnquotedFieldIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> Csv.parse("a,b\n1,ab\"c\n"))
			.withMessageContaining("Line 2");
	}

	@Test
	void textAfterAClosingQuoteIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> Csv.parse("a,b\n\"x\"y,2\n"))
			.withMessageContaining("Line 2");
	}

	@Test
	void emptyInputHasNoRecords() {
		assertThat(Csv.parse("")).isEmpty();
		assertThat(Csv.parse("\uFEFF")).isEmpty();
		assertThat(Csv.parse("\n\r\n")).isEmpty();
	}

	@Test
	void rowQuotesOnlyWhatNeedsIt() {
		assertThat(Csv.row("330100", "杭州市", null, 30.5, true)).isEqualTo("330100,杭州市,,30.5,true\n");
		assertThat(Csv.row("a,b", "say \"hi\"", "two\nlines")).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
	}

	@Test
	void writtenRowsReadBackTheSame() {
		String text = Csv.row("a,b", "say \"hi\"", "two\r\nlines", "", "plain") + Csv.row("x", "y", "z", "", "w");
		List<Csv.Record> rs = Csv.parse(text);
		assertThat(fields(rs.get(0))).containsExactly("a,b", "say \"hi\"", "two\r\nlines", "", "plain");
		assertThat(rs.get(1).line()).isEqualTo(3);
	}
}
