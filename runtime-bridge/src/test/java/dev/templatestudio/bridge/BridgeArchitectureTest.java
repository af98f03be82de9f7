package dev.templatestudio.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.Slice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge's house rules (docs/ARCHITECTURE.md), checked on every build. Imports the compiled
 * main classes directly: scanning the whole class path for the package takes ten times longer.
 * Which bridge classes the app may use is the app's rule ({@code AppArchitectureTest}).
 */
class BridgeArchitectureTest {
  private static final String BRIDGE = "dev.templatestudio.bridge";

  /** The runtimes and the server, which puts any of them behind HTTP. */
  private static final DescribedPredicate<Slice> RUNTIMES = DescribedPredicate.describe(
      "are runtimes or the server", s -> List.of("embedded", "docker", "remote", "server").contains(s.getNamePart(1)));

  private static JavaClasses bridge;

  @BeforeAll
  static void importTheBridge() {
    bridge = new ClassFileImporter().importPath(Path.of("target/classes"));
  }

  @Test
  void noBridgeClassDependsOnJavafx() {
    noClasses().that().resideInAPackage(BRIDGE + "..")
        .should().dependOnClassesThat().resideInAPackage("javafx..")
        .because("runtime-bridge is the headless core; only app may use JavaFX")
        .check(bridge);
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching(BRIDGE + ".(**)").should().beFreeOfCycles()
        .because("a package cycle makes its packages one that cannot be understood, tested or moved alone")
        .check(bridge);
  }

  @Test
  void otherRuntimesAndTheServerNeverReachIntoTheEngine() {
    noClasses().that().resideInAnyPackage(BRIDGE + ".docker..", BRIDGE + ".remote..", BRIDGE + ".server..")
        .should().dependOnClassesThat().resideInAPackage(BRIDGE + ".embedded..")
        .because("what runtimes share is in plan, context and ready; embedded is the engine's insides")
        .check(bridge);
  }

  @Test
  void theSharedLayersKnowNoRuntime() {
    noClasses().that().resideInAnyPackage(BRIDGE + ".build..", BRIDGE + ".plan..", BRIDGE + ".context..",
            BRIDGE + ".ready..", BRIDGE + ".io..", BRIDGE + ".template..", BRIDGE + ".dockerfile..",
            BRIDGE + ".machines..", BRIDGE + ".download..")
        .should().dependOnClassesThat().resideInAnyPackage(BRIDGE + ".embedded..", BRIDGE + ".docker..",
            BRIDGE + ".remote..", BRIDGE + ".server..", BRIDGE + ".runtimes..")
        .because("every runtime builds on them, so they must not lean on one runtime")
        .check(bridge);
  }

  @Test
  void onlyRuntimesSeesEveryRuntime() {
    slices().matching(BRIDGE + ".(*)..").that(RUNTIMES).should().notDependOnEachOther()
        .because("a runtime is picked by runtimes.Runtimes; the runtimes themselves know only the SPI "
            + "(the server serves any Runtime; remote speaks HTTP, never the server's classes)")
        .check(bridge);
  }
}
