package dev.templatestudio.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The core stays free of the UI toolkit, so it runs headless, in the CLI and on a server.
 * Imports the compiled main classes directly: scanning the whole class path for the package
 * takes ten times longer.
 */
class BridgeArchitectureTest {

  @Test
  void noBridgeClassDependsOnJavafx() {
    JavaClasses bridge = new ClassFileImporter().importPath(Path.of("target/classes"));
    noClasses().that().resideInAPackage("dev.templatestudio.bridge..")
        .should().dependOnClassesThat().resideInAPackage("javafx..")
        .because("runtime-bridge is the headless core; only app may use JavaFX")
        .check(bridge);
  }
}
