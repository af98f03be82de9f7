package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretOptionsTest {
  @Test
  void aSecretTheTemplateDoesNotDeclareIsBadUsageNamingTheDeclaredOnes() {
    assertThatThrownBy(() -> SecretOptions.parse(List.of("NOPE=env:X"), List.of("NPM_TOKEN", "PIP_TOKEN"), Map.of("X", "v")))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("--secret NOPE=env:X: the template has no secret NOPE; it declares NPM_TOKEN, PIP_TOKEN");
    assertThatThrownBy(() -> SecretOptions.parse(List.of("NOPE"), List.of(), Map.of("NOPE", "v")))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("--secret NOPE: the template has no secret NOPE; it declares none (\"secrets\" in the template)");
  }

  @Test
  void aDeclaredSecretTakesItsValueFromTheVariableOfItsName() {
    assertThat(SecretOptions.parse(List.of("NPM_TOKEN"), List.of("NPM_TOKEN"), Map.of("NPM_TOKEN", "v")))
        .containsExactly(Map.entry("NPM_TOKEN", "v"));
  }
}
