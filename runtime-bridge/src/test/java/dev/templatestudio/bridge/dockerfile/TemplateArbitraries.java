package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.Stage;
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
      "git clone u /p", "# template-studio: name x", "\u00a0", "\u000b", "\f", "\\\n", "ARG", "\u0000");
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
    return Combinators.combine(Arbitraries.strings().withChars("ABCXYZ_abc").ofMinLength(1)
        .ofMaxLength(3), Arbitraries.strings().withChars("ABC_019").ofMaxLength(3)).as(String::concat);
  }

  private static Arbitrary<String> simpleName() {
    return Combinators.combine(Arbitraries.strings().withChars(NAME_START).ofLength(1),
        Arbitraries.strings().withChars(NAME_CHARS).ofMaxLength(6)).as(String::concat);
  }

  private static Arbitrary<String> user() {
    Arbitrary<String> part = Arbitraries.strings().withChars("abz09_.${}-").ofMinLength(1).ofMaxLength(5);
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

  private static Arbitrary<Mount> mount(List<String> stages) {
    Arbitrary<String> target = Arbitraries.of("/c", "/root/.cache", "/src/x.sum", "$HOME/.m2");
    Arbitrary<String> word = Arbitraries.of("go", "npm-cache", "a.b_c-1", "TOKEN");
    Arbitrary<Base> from = stages.isEmpty() ? Arbitraries.of(Base.image("alpine:3.20"))
        : Arbitraries.oneOf(Arbitraries.of(stages).map(Base::stage), Arbitraries.of(Base.image("busybox:1")));
    return Arbitraries.oneOf(
        Combinators.combine(target, word.injectNull(0.5), Arbitraries.of("shared", "private", "locked")
            .injectNull(0.5)).as((t, id, sh) -> new Mount("cache", t, null, null, id, sh, null, null, null, null)),
        Combinators.combine(target, Arbitraries.of("go.sum", "/go/bin", ".").injectNull(0.3),
            from.injectNull(0.5), Arbitraries.of(Boolean.TRUE).injectNull(0.5))
            .as((t, src, f, rw) -> new Mount("bind", t, src, f, null, null, rw, null, null, null)),
        Combinators.combine(target.injectNull(0.5), word, Arbitraries.of("TOKEN", "NPM_TOKEN").injectNull(0.5),
            Arbitraries.of(Boolean.TRUE).injectNull(0.5))
            .as((t, id, env, req) -> new Mount("secret", t, null, null, id, null, null, env, req, null)),
        Combinators.combine(target, Arbitraries.of("64m", "1024", "1g").injectNull(0.5))
            .as((t, size) -> new Mount("tmpfs", t, null, null, null, null, null, null, null, size)));
  }

  /** The steps issue 12 added, some taking files from the given stages. */
  private static Arbitrary<Step> stagedStep(List<String> stages) {
    Arbitrary<Boolean> force = Arbitraries.of(true, false, false, false);
    Arbitrary<Base> from = stages.isEmpty() ? Arbitraries.of(Base.image("nginx:1.27"))
        : Arbitraries.oneOf(Arbitraries.of(stages).map(Base::stage), Arbitraries.of(Base.image("nginx:1.27")));
    return Arbitraries.oneOf(step(),
        Combinators.combine(nonBlank(), user().injectNull(0.7), mount(stages).list().ofMinSize(1).ofMaxSize(3),
            force).as(RunStep::new),
        Combinators.combine(path().list().ofMinSize(1).ofMaxSize(2), nonBlank(), user().injectNull(0.6), from,
            force).as((src, dest, u, f, fo) -> new CopyStep(src, dest, u, null, f, fo)),
        Combinators.combine(Arbitraries.of("https://example.org/f.tgz", "http://x/a b", "https://e.org/$X?q=1"),
            nonBlank(), Arbitraries.of("sha256:" + "0a".repeat(32)).injectNull(0.5), user().injectNull(0.6),
            Arbitraries.of("0755", "644").injectNull(0.6), force).as(DownloadStep::new));
  }

  private static Arbitrary<List<String>> shell() {
    return Arbitraries.of(List.of(), List.of("/bin/bash", "-c"), List.of("/bin/sh", "-ec"),
        List.of("pwsh", "-Command", "$ErrorActionPreference = 'Stop';"));
  }

  /**
   * Valid-looking templates with build stages (each used by the next or by the final stage),
   * shells, mounts, copies from stages and images, and downloads.
   */
  static Arbitrary<Template> staged() {
    return Arbitraries.integers().between(0, 3).flatMap(n -> {
      List<String> names = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        names.add("s" + i);
      }
      Arbitrary<List<Stage>> stages = Arbitraries.just(List.<Stage>of());
      for (int i = 0; i < n; i++) {
        List<String> above = List.copyOf(names.subList(0, i));
        String name = names.get(i);
        Arbitrary<Base> base = above.isEmpty() ? Arbitraries.of(Base.image("golang:1.22"))
            : Arbitraries.oneOf(Arbitraries.of(above).map(Base::stage), Arbitraries.of(Base.image("golang:1.22")));
        Arbitrary<Stage> stage = Combinators.combine(base, shell(), stagedStep(above).list().ofMaxSize(4))
            .as((b, sh, steps) -> new Stage(name, b, sh, steps));
        stages = Combinators.combine(stages, stage).as((l, s) -> {
          List<Stage> all = new java.util.ArrayList<>(l);
          all.add(s);
          return all;
        });
      }
      Arbitrary<Base> finalBase = names.isEmpty() ? Arbitraries.of(Base.image("alpine"))
          : Arbitraries.oneOf(Arbitraries.of(names).map(Base::stage), Arbitraries.of(Base.image("alpine")));
      return Combinators.combine(stages, template(), finalBase, shell(), stagedStep(names).list().ofMaxSize(5))
          .as((st, t, b, sh, steps) -> {
            List<Step> all = new java.util.ArrayList<>(t.steps());
            all.addAll(steps);
            // Every stage is used: the final stage copies from each, as imported templates do.
            for (String name : names) {
              all.add(new CopyStep(List.of("/out/" + name), "/in/", null, null, Base.stage(name), false));
            }
            return t.withStages(st).withBase(b).withShell(sh).withSteps(all);
          });
    });
  }
}
