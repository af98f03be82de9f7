package dev.templatestudio.app.studio.build;

/**
 * One formatted log line, without its newline: the text and its style runs.
 *
 * @param styles  the style of each run (space-separated classes, "" for none)
 * @param lengths the length of each run; together they cover {@code text}
 */
record LogLine(String text, String[] styles, int[] lengths) {
}
