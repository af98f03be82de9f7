package dev.templatestudio.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app's house rules (docs/ARCHITECTURE.md), checked on every build: no package cycles, and
 * the studio's features reach each other only through the shared packages. Imports the compiled
 * main classes directly, as the bridge's architecture test does.
 */
class AppArchitectureTest {
  private static final String APP = "dev.templatestudio.app";
  private static final String STUDIO = APP + ".studio";
  /** The studio's features, each a View and its ViewModel: none imports another. */
  static final List<String> FEATURES =
      List.of("palette", "pipeline", "inspector", "preview", "problems", "build", "history", "runtimes", "importer",
          "files", "machines",

          "stages", "push");
  /** What every feature may import: the document, common services and the log view kit. */
  static final List<String> SHARED = List.of("document", "common", "logview");
  /**
   * The shell, besides the studio package itself: the window that puts the features together
   * (and wires one to another) and the settings it keeps between runs. Features never import it.
   */
  static final List<String> SHELL = List.of("workspace", "settings");

  private static final String BRIDGE = "dev.templatestudio.bridge";
  /** The bridge's surface: what the CLI and the studio are built on. */
  static final List<String> BRIDGE_SURFACE = List.of(
      "template", "dockerfile", "build", "runtimes",
      "machines", // the machine commands (create, exec, ls, logs, rm)
      "lint",     // the lint command and the Problems panel
      "changes",  // the studio's Files tab: what a built step did to the file system
      "host",     // doctor and Check This Machine print the machine's needs
      "history",  // the studio's build history
      "io",       // atomic saves of the user's files
      "text");    // plural words in messages
  /**
   * Classes of the runtimes' packages the app may use besides, each for a command or a view that
   * is about that runtime itself; nested classes go with their class.
   */
  static final List<String> BRIDGE_ENTRY_POINTS = List.of(
      "server.ApiServer", "server.ApiToken",                   // serve
      "server.ServeContexts",                                   // prune of an idle serve's contexts
      "server.UnixRelay",                                       // the local daemon's unix socket
      "remote.BearerToken",                                     // --token, checked before a runtime opens
      "remote.HttpRuntime",                                     // build says a remote build's server
      "docker.DockerHost", "docker.DockerEngineNeed",           // the Docker dialog, doctor
      "docker.CacheVolumes",                                    // prune --runtime docker
      "embedded.EmbeddedRuntime", "embedded.sandbox.Sandbox",   // serve runs over the embedded engine
      "embedded.store.Store", "embedded.store.StoreGate",       // --store; export holds the store
      "embedded.store.TemplateIndex", "embedded.store.BlobStore", // export finds the template and its blobs
      "embedded.prune.StorePruner", "embedded.prune.PruneOptions", "embedded.prune.PruneReport",
      "embedded.prune.Prunable",                                // prune, and the studio's Prune
      "embedded.export.OciLayoutExporter", "embedded.export.RootfsExporter", // export
      "embedded.image.Credential", "embedded.image.RegistryCredentials",      // login, logout
      "embedded.image.RegistryLogin", "embedded.image.ImageSourceException",
      "embedded.image.RegistryPush", "embedded.image.PushProgress",            // push, the studio's Push…
      "embedded.image.RegistryCache");                                         // build --cache-to/--cache-from

  private static JavaClasses app;

  @BeforeAll
  static void importTheApp() {
    app = new ClassFileImporter().importPath(Path.of("target/classes"));
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles()
        .because("a package cycle makes two packages one that cannot be understood, tested or moved alone")
        .check(app);
  }

  @Test
  void aFeatureReachesAnotherOnlyThroughSharedPackages() {
    slices().matching(STUDIO + ".(*)..").that(namedIn(FEATURES)).should().notDependOnEachOther()
        .because("features are wired to each other by the shell (workspace), through types of document, common or logview")
        .check(app);
  }

  @Test
  void noFeatureOrSharedPackageReachesTheShell() {
    noClasses().that().resideInAnyPackage(packages(Stream.concat(FEATURES.stream(), SHARED.stream()).toList()))
        .should().dependOnClassesThat().resideInAnyPackage(shell())
        .because("the shell puts the features together; they know nothing of it")
        .check(app);
  }

  @Test
  void sharedPackagesKnowNoFeature() {
    noClasses().that().resideInAnyPackage(packages(SHARED))
        .should().dependOnClassesThat().resideInAnyPackage(packages(FEATURES))
        .because("what every feature imports must not import a feature back")
        .check(app);
  }

  @Test
  void theLogViewKitKnowsOnlyTheEventLog() {
    classes().that().resideInAPackage(STUDIO + ".logview..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(STUDIO + ".logview..", STUDIO + ".common..",
            "dev.templatestudio.bridge.build..", "dev.templatestudio.bridge.text..", "java..", "javafx..",
            "org.fxmisc..", "org.reactfx..")
        .because("the log view reads a build's event log (RichTextFX shows it) and nothing else of the studio or the bridge")
        .check(app);
  }

  @Test
  void theAppUsesOnlyTheBridgesSurface() {
    noClasses().that().resideInAPackage(APP + "..")
        .should().dependOnClassesThat(inTheBridgeButNotItsSurface())
        .because("the app is a thin client of the bridge's surface; a runtime's insides stay the bridge's")
        .check(app);
  }

  @Test
  void everyStudioPackageIsAFeatureSharedOrShell() {
    Set<String> known = Stream.of(FEATURES, SHARED, SHELL).flatMap(List::stream).collect(Collectors.toSet());
    Set<String> unplaced = app.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith(STUDIO + "."))
        .map(p -> p.substring(STUDIO.length() + 1).split("\\.")[0]).filter(p -> !known.contains(p))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(unplaced).as("studio packages the rules above do not cover: add each to FEATURES, SHARED or SHELL")
        .isEmpty();
  }

  /** One slice per package, so a cycle between any two packages of the app shows. */
  private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      return c.getPackageName().startsWith(APP) ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "the packages of the app";
    }
  };

  private static DescribedPredicate<JavaClass> inTheBridgeButNotItsSurface() {
    return DescribedPredicate.describe("are in the bridge but not in " + BRIDGE_SURFACE + " nor " + BRIDGE_ENTRY_POINTS,
        c -> {
          String name = c.getName();
          if (!name.startsWith(BRIDGE + ".")) {
            return false;
          }
          String rest = name.substring(BRIDGE.length() + 1);
          String top = rest.replaceFirst("\\$.*", "");
          return BRIDGE_SURFACE.stream().noneMatch(p -> rest.startsWith(p + "."))
              && !BRIDGE_ENTRY_POINTS.contains(top);
        });
  }

  private static DescribedPredicate<Slice> namedIn(List<String> names) {
    return DescribedPredicate.describe("are features " + names, s -> names.contains(s.getNamePart(1)));
  }

  private static String[] packages(List<String> names) {
    return names.stream().map(n -> STUDIO + "." + n + "..").toArray(String[]::new);
  }

  private static String[] shell() {
    return Stream.concat(Stream.of(STUDIO), Stream.of(packages(SHELL))).toArray(String[]::new);
  }
}
