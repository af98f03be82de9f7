package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.template.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Stable identities of a document's steps, kept by the studio only (the saved template has
 * none). A step is a plain value, and an edit makes a new step list, so identity is carried
 * from the list before an edit to the one after it: an unchanged step keeps its identity, a
 * moved one too, a step edited in place keeps the identity of the one it replaced, and an
 * added one gets a fresh one. The base and the start always have their own. Pure functions.
 */
public final class PartIds {
  /** The identity of the base (part 0). */
  public static final long BASE = 0;
  /** The identity of the start command and ready check (part N+1). */
  public static final long START = 1;
  /** The first identity a step may have. */
  static final long FIRST_STEP = 2;
  /** Above this many cells in the middle of the two lists, match by value only (bounded work). */
  private static final long LCS_CELLS = 1_000_000;

  private PartIds() {}

  /**
   * The identities of {@code after}'s steps, given those of {@code before}'s.
   *
   * @param fresh makes a new identity, never made before in this document
   */
  static List<Long> carry(List<Step> before, List<Long> beforeIds, List<Step> after, LongSupplier fresh) {
    int n = before.size();
    int m = after.size();
    int[] from = new int[m];
    Arrays.fill(from, -1);
    boolean[] used = new boolean[n];
    // The common head and tail: an edit mostly touches one place.
    int head = 0;
    while (head < n && head < m && Objects.equals(before.get(head), after.get(head))) {
      match(from, used, head, head);
      head++;
    }
    int tail = 0;
    while (tail < n - head && tail < m - head
        && Objects.equals(before.get(n - 1 - tail), after.get(m - 1 - tail))) {
      match(from, used, m - 1 - tail, n - 1 - tail);
      tail++;
    }
    int bn = n - head - tail;
    int am = m - head - tail;
    if ((long) bn * am <= LCS_CELLS) {
      longestCommon(before, after, head, bn, am, from, used);
    }
    // Steps that moved: the same value elsewhere.
    Map<Step, List<Integer>> left = new HashMap<>();
    for (int i = head; i < n - tail; i++) {
      if (!used[i]) {
        left.computeIfAbsent(before.get(i), k -> new ArrayList<>()).add(i);
      }
    }
    for (int j = head; j < m - tail; j++) {
      List<Integer> same = from[j] < 0 ? left.get(after.get(j)) : null;
      if (same != null && !same.isEmpty()) {
        match(from, used, j, same.remove(0));
      }
    }
    // As many left over on each side: steps edited in place, paired in order.
    List<Integer> oldLeft = new ArrayList<>();
    List<Integer> newLeft = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!used[i]) {
        oldLeft.add(i);
      }
    }
    for (int j = 0; j < m; j++) {
      if (from[j] < 0) {
        newLeft.add(j);
      }
    }
    if (oldLeft.size() == newLeft.size()) {
      for (int k = 0; k < newLeft.size(); k++) {
        from[newLeft.get(k)] = oldLeft.get(k);
      }
    }
    List<Long> ids = new ArrayList<>(m);
    for (int j = 0; j < m; j++) {
      ids.add(from[j] >= 0 ? beforeIds.get(from[j]) : fresh.getAsLong());
    }
    return List.copyOf(ids);
  }

  /** Fresh identities for {@code count} steps. */
  static List<Long> fresh(int count, LongSupplier fresh) {
    List<Long> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(fresh.getAsLong());
    }
    return List.copyOf(ids);
  }

  private static void match(int[] from, boolean[] used, int j, int i) {
    from[j] = i;
    used[i] = true;
  }

  /** Matches the longest common subsequence of the middles (from {@code off}, of lengths bn and am). */
  private static void longestCommon(List<Step> before, List<Step> after, int off, int bn, int am, int[] from,
      boolean[] used) {
    int[][] len = new int[bn + 1][am + 1];
    for (int i = bn - 1; i >= 0; i--) {
      for (int j = am - 1; j >= 0; j--) {
        len[i][j] = Objects.equals(before.get(off + i), after.get(off + j))
            ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < bn && j < am) {
      if (Objects.equals(before.get(off + i), after.get(off + j))) {
        match(from, used, off + j, off + i);
        i++;
        j++;
      } else if (len[i + 1][j] >= len[i][j + 1]) {
        i++;
      } else {
        j++;
      }
    }
  }
}
