package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The machine's size; absent values take the runtime's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(Integer cpus, Integer memoryMb) {}
