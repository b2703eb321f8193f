package io.go4j.samples;

import java.io.PrintStream;

/** One runnable sample: a name for the command line, a one-line description, and the program. */
public interface Sample {
  /** The name the launcher knows it by ({@code million}). */
  String name();

  /** What it shows, in one line. */
  String description();

  /** Runs the sample, writing everything it reports to {@code out}. */
  void run(PrintStream out);
}
