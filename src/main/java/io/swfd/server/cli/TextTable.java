package io.swfd.server.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns separated by two spaces; the last column is not padded. */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  TextTable row(Object... cells) {
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++)
      r[i] = i < cells.length && cells[i] != null ? oneLine(cells[i].toString()) : "";
    rows.add(r);
    return this;
  }

  int size() {
    return rows.size() - 1;
  }

  void print(PrintWriter out) {
    int[] width = new int[columns];
    for (String[] r : rows)
      for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        sb.append(r[i]);
        if (i < columns - 1) sb.append(" ".repeat(width[i] - r[i].length() + 2));
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }

  static String oneLine(String s) {
    return s.replace("\r", "").replace("\n", "\\n").replace("\t", " ");
  }
}
