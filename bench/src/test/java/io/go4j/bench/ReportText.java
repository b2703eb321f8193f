package io.go4j.bench;

import java.util.HashSet;
import java.util.Set;

/** What the report tests look up in rendered reports. */
final class ReportText {
  private ReportText() {}

  /** The first line of {@code md} starting with {@code prefix}. */
  static String line(String md, String prefix) {
    for (String line : md.split("\n", -1)) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("no line " + prefix + " in\n" + md);
  }

  /** Every id the part reports (runtime, channels, sync) measure. */
  static Set<String> partIds() {
    Set<String> parts = new HashSet<>();
    parts.addAll(Report.expectedIds(Report.RUNTIME));
    parts.addAll(Report.expectedIds(ChannelsReport.TABLE));
    parts.addAll(Report.expectedIds(SyncReport.TABLE));
    return parts;
  }
}
