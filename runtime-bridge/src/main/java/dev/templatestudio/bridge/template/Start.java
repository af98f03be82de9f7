package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The machine's start command and how to tell it is ready; either part may be absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Start(String command, Ready ready) {}
