package dev.templatestudio.app.studio.logview;

import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.ReadOnlyStyledDocumentBuilder;
import org.fxmisc.richtext.model.SegmentOps;
import org.fxmisc.richtext.model.StyledDocument;
import org.fxmisc.richtext.model.TextOps;

/**
 * A batch of whole log lines as one styled document, put into the log view in one change.
 * Section headers carry the paragraph style {@link #SECTION} (and {@link #FOLDED} when their
 * output is folded away), which the view's gutter turns into a fold arrow.
 */
public final class LogChunk {
  /** The paragraph style class of a section header. */
  public static final String SECTION = "log-section";
  /** The paragraph style class of a section header whose output is folded away. */
  public static final String FOLDED = "log-folded";
  static final TextOps<String, Collection<String>> OPS = SegmentOps.styledTextOps();
  private static final Collection<String> OPEN_STYLE = List.of(SECTION);
  private static final Collection<String> FOLDED_STYLE = List.of(SECTION, FOLDED);

  private final StyledDocument<Collection<String>, String, Collection<String>> document;
  private final int lines;
  private final long firstLine;

  private LogChunk(StyledDocument<Collection<String>, String, Collection<String>> document, int lines, long firstLine) {
    this.document = document;
    this.lines = lines;
    this.firstLine = firstLine;
  }

  /** {@code lines}, the first of them numbered {@code firstLine} in its log; each ends in a newline. */
  static LogChunk of(LogLine[] lines, long firstLine) {
    if (lines.length == 0) {
      return empty(firstLine);
    }
    ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> b =
        new ReadOnlyStyledDocumentBuilder<>(OPS, List.of(), lines.length + 1);
    for (LogLine l : lines) {
      b.addParagraph(l.runs(), l.section() < 0 ? List.of() : l.folded() ? FOLDED_STYLE : OPEN_STYLE);
    }
    // The empty paragraph after the last newline: the next batch's first line goes there.
    b.addParagraph("", List.of());
    return new LogChunk(b.build(), lines.length, firstLine);
  }

  static LogChunk empty(long at) {
    return new LogChunk(ReadOnlyStyledDocument.fromString("", List.of(), List.of(), OPS), 0, at);
  }

  public StyledDocument<Collection<String>, String, Collection<String>> document() {
    return document;
  }

  /** Whole lines, each ending in a newline. */
  public String text() {
    return document.getText();
  }

  /** How many lines the chunk holds. */
  public int lines() {
    return lines;
  }

  /** The number of the first line in its log (counted from 0 by arrival). */
  public long firstLine() {
    return firstLine;
  }

  public boolean isEmpty() {
    return lines == 0;
  }
}
