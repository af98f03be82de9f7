package dev.templatestudio.app.studio.logview;

/**
 * A step of a build stage as its build events name it: the stage's name (or index) and the
 * step's number within the stage (0 the stage's FROM, 1…N its steps).
 */
public record StageStep(String stage, int step) {}
