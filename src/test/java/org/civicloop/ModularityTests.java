package org.civicloop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	static final ApplicationModules modules = ApplicationModules.of(CivicLoopApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		modules.verify();
	}

	@Test
	void everyModuleExplainsItself() {
		modules.forEach(m -> assertThat(m.getBasePackage().getAnnotation(org.springframework.modulith.ApplicationModule.class))
			.as("package-info of %s", m.getIdentifier())
			.isPresent());
	}

	@Test
	void writesDocumentation() throws IOException {
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(DOCS.toString())).writeDocumentation().writeIndividualModulesAsPlantUml().writeModuleCanvases();
		sortRelations();
	}

	static final Path DOCS = Path.of("docs/modules");

	/**
	 * The Documenter lists relations in hash order, which changes from run to run; sorting them
	 * keeps the committed diagrams stable so that a test run does not leave a diff behind (and
	 * parallel branches do not conflict on them).
	 */
	static void sortRelations() throws IOException {
		try (Stream<Path> files = Files.list(DOCS)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
				List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
				List<String> out = new ArrayList<>();
				List<String> block = new ArrayList<>();
				for (String line : lines) {
					if (line.startsWith("Rel(")) {
						block.add(line);
						continue;
					}
					Collections.sort(block);
					out.addAll(block);
					block.clear();
					out.add(line);
				}
				Collections.sort(block);
				out.addAll(block);
				if (!out.equals(lines)) {
					// joined without a final newline, as the Documenter writes them
					Files.writeString(file, String.join("\n", out), StandardCharsets.UTF_8);
				}
			}
		}
	}
}
