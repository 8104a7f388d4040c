package org.civicloop;

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

	/**
	 * Diagrams go to target/ on every run; {@code ./mvnw test -Dtest=ModularityTests -Dcivicloop.docs-dir=docs/modules}
	 * refreshes the committed copy the README links to.
	 */
	@Test
	void writesDocumentation() {
		new Documenter(modules, Documenter.Options.defaults().withOutputFolder(System.getProperty("civicloop.docs-dir", "target/spring-modulith-docs"))).writeDocumentation().writeIndividualModulesAsPlantUml().writeModuleCanvases();
	}
}
