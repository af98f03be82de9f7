package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of valid templates with awkward strings: quotes, dollars, backslashes, line
 * breaks, carriage returns, heredoc-looking text, leading dashes and brackets, unicode.
 */
final class TemplateArbitraries {
  private static final List<String> PIECES = List.of("a", "b", "Z", "0", "7", " ", "  ", "\t",
      "\"", "'", "\\", "$", "${X}", "$HOME", "\\$", "{", "}", "#", "[", "]", "<<", "<<EOF", "EOF",
      ">", "-", "--", "=", ":", "/", ".", "..", "\n", "\r", "\r\n", "ü", "中", "😀", "&&", ";", "|",
      "*", "`", "apt-get update && apt-get install -y git", "pip install x", "npm install -g y",
      "git clone u /p", "# template-studio: name x", "\u00a0", "\u000b", "\f", "\\\n", "ARG");
  private static final String NAME_START = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String NAME_CHARS = NAME_START + "._-";

  private TemplateArbitraries() {}

  /** Any text built from awkward pieces, possibly empty. */
  static Arbitrary<String> awkward() {
    return Arbitraries.of(PIECES).list().ofMaxSize(8).map(l -> String.join("", l));
  }

  static Arbitrary<String> nonBlank() {
    return awkward().filter(s -> !s.isBlank());
  }

  private static Arbitrary<String> noWhitespace() {
    return nonBlank().map(s -> s.replaceAll("\\s", "").replace("\u00a0", "x"))
        .filter(s -> !s.isEmpty());
  }

  static Arbitrary<String> varName() {
    return Arbitraries.strings().withChars("ABCXYZ_abc").ofMinLength(1).ofMaxLength(3)
        .flatMap(s -> Arbitraries.strings().withChars("ABC_019").ofMaxLength(3).map(t -> s + t));
  }

  private static Arbitrary<String> simpleName() {
    return Arbitraries.strings().withChars(NAME_START).ofLength(1).flatMap(
        first -> Arbitraries.strings().withChars(NAME_CHARS).ofMaxLength(6).map(r -> first + r));
  }

  private static Arbitrary<String> user() {
    Arbitrary<String> part = Arbitraries.strings().withChars("abz09_.$-").ofMinLength(1).ofMaxLength(5);
    return Combinators.combine(part, part.injectNull(0.6)).as((u, g) -> g == null ? u : u + ":" + g);
  }

  private static Arbitrary<String> pkg() {
    return Arbitraries.of(List.of("git", "curl", "fastapi[standard]", "x==1.0", "@scope/pkg",
        "a*b", "#hash", "ü", "~tilde", "p(1)", "x{y}", "?q", "a=b", "!bang", "libc6:amd64"));
  }

  private static Arbitrary<String> path() {
    return awkward().map(s -> "/" + s);
  }

  private static Arbitrary<String> contextPath() {
    return nonBlank().map(s -> s.replace("..", "x").replace("\\", "b").replace("\0", ""))
        .filter(s -> !s.isBlank() && !s.startsWith("/"));
  }

  static Arbitrary<Step> step() {
    Arbitrary<Boolean> force = Arbitraries.of(true, false, false, false);
    return Arbitraries.oneOf(
        Combinators.combine(nonBlank(), user().injectNull(0.7), force).as(RunStep::new),
        Combinators.combine(pkg().list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false),
            force).as(AptStep::new),
        Combinators.combine(pkg().list().ofMinSize(1).ofMaxSize(3), force).as(PipStep::new),
        Combinators.combine(pkg().list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false),
            force).as(NpmStep::new),
        Combinators.combine(contextPath().list().ofMinSize(1).ofMaxSize(3), nonBlank(),
            user().injectNull(0.6),
            Arbitraries.strings().withChars("01234567").ofMinLength(3).ofMaxLength(4).injectNull(0.6),
            force).as(CopyStep::new),
        Combinators.combine(nonBlank(), path(),
            nonBlank().filter(b -> !b.startsWith("-")).injectNull(0.5),
            Arbitraries.integers().between(1, 50).injectNull(0.5), force).as(GitCloneStep::new),
        Combinators.combine(Arbitraries.maps(varName(), awkward()).ofMinSize(1).ofMaxSize(3), force)
            .as(EnvStep::new),
        Combinators.combine(path(), force).as(WorkdirStep::new),
        Combinators.combine(user(), force).as(UserStep::new));
  }

  static Arbitrary<Ready> ready() {
    Arbitrary<Integer> timeout = Arbitraries.integers().between(1, 600).injectNull(0.6);
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.integers().between(1, 65535), timeout).as(Ready.Port::new),
        Combinators.combine(Arbitraries.of("http://localhost:8000/", "https://x/\"'$"),
            Arbitraries.integers().between(100, 599).injectNull(0.5), timeout).as(Ready.Url::new),
        Combinators.combine(path(), timeout).as(Ready.File::new),
        Combinators.combine(nonBlank(), timeout).as(Ready.Process::new),
        Combinators.combine(nonBlank(), timeout).as(Ready.Command::new),
        Combinators.combine(Arbitraries.integers().between(0, 100), timeout).as(Ready.Timeout::new));
  }

  static Arbitrary<Template> template() {
    Arbitrary<Base> base = Arbitraries.oneOf(noWhitespace().map(Base::image),
        noWhitespace().map(Base::template), Arbitraries.of(Base.image("python:3.12")));
    Arbitrary<Start> start = Combinators.combine(nonBlank().injectNull(0.3), ready().injectNull(0.3))
        .as(Start::new).injectNull(0.3);
    Arbitrary<Resources> resources = Combinators.combine(
        Arbitraries.integers().between(1, 256).injectNull(0.3),
        Arbitraries.integers().between(64, 1_048_576).injectNull(0.3)).as(Resources::new)
        .injectNull(0.5);
    Arbitrary<Template> core = Combinators.combine(simpleName().injectNull(0.4),
        simpleName().list().ofMaxSize(3), base, step().list().ofMaxSize(8),
        Arbitraries.maps(varName(), awkward()).ofMaxSize(3),
        Arbitraries.maps(varName(), awkward()).ofMaxSize(3),
        varName().list().ofMaxSize(3), start)
        .as((name, tags, b, steps, runtime, build, secrets, st) -> new Template(Template.SCHEMA,
            name, tags, b, steps, runtime, build, secrets, st, null, false));
    return Combinators.combine(core, resources, Arbitraries.of(true, false))
        .as((t, r, f) -> t.withResources(r).withForce(f));
  }
}
