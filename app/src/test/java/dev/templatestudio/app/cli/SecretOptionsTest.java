package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretOptionsTest {
  @Test
  void aSecretTheTemplateDoesNotDeclareIsBadUsageNamingTheDeclaredOnes() {
    assertThatThrownBy(() -> SecretOptions.parse(List.of("NOPE=env:X"), List.of("NPM_TOKEN", "PIP_TOKEN"), Map.of("X", "v"), Path.of("")))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("--secret NOPE=env:X: the template has no secret NOPE; it declares NPM_TOKEN, PIP_TOKEN");
    assertThatThrownBy(() -> SecretOptions.parse(List.of("NOPE"), List.of(), Map.of("NOPE", "v"), Path.of("")))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("--secret NOPE: the template has no secret NOPE; it declares none (\"secrets\" in the template)");
  }

  @Test
  void aFailedBuildIsToldWhichSecretsItsStepsNamedButGotNoValue() throws Exception {
    Template t = TemplateJson.read("""
        {"schema": "template-studio/v1", "base": {"image": "alpine"}, "secrets": ["S", "T", "U", "V", "W"],
         "steps": [{"type": "run", "command": "echo $S ${T} ${#W}"},
                   {"type": "git-clone", "url": "https://$U@example.com/r.git", "path": "/src"},
                   {"type": "run", "command": "echo $VV"}]}
        """, "t.json");
    assertThat(SecretOptions.unsetHint(t, Map.of("T", "x")))
        .isEqualTo("; the secrets S, U, W had no value (give them with --secret S --secret U --secret W)");
    assertThat(SecretOptions.unsetHint(t, Map.of("S", "x", "T", "x", "W", "x")))
        .isEqualTo("; the secret U had no value (give it with --secret U)");
    assertThat(SecretOptions.unsetHint(t, Map.of("S", "x", "T", "x", "U", "x", "W", "x"))).isEmpty();
  }

  @Test
  void aDeclaredSecretTakesItsValueFromTheVariableOfItsName() {
    assertThat(SecretOptions.parse(List.of("NPM_TOKEN"), List.of("NPM_TOKEN"), Map.of("NPM_TOKEN", "v"), Path.of("")))
        .containsExactly(Map.entry("NPM_TOKEN", "v"));
  }
}
