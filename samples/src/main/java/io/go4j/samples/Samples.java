package io.go4j.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The samples launcher. With no argument or {@code --list} it lists the samples with what each
 * shows; with a sample's name it prints every sample's name, then runs that sample; {@code all}
 * runs every sample in turn.
 *
 * <pre>
 * mvn -q -pl samples -am compile -Dsample=million
 * java --add-opens java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false \
 *     -cp ... io.go4j.samples.Samples million
 * </pre>
 */
public final class Samples {
  /** Every sample, in the order {@code all} runs them. */
  public static final List<Sample> ALL =
      List.of(
          new Million(),
          new TourGoroutines(),
          new TourChannels(),
          new TourBuffered(),
          new TourRange(),
          new TourSelect(),
          new TourDefault(),
          new TourTrees(),
          new TourMutex(),
          new TourCrawler(),
          new Sieve(),
          new Powser(),
          new Pipeline(),
          new BoundedMd5(),
          new WorkerPool(),
          new RateLimit(),
          new PubSub(),
          new Pathfinder(),
          new CpuHog(),
          new Deadlock(),
          new Leak());

  private Samples() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Does what {@link #main} does, writing to {@code out} and {@code err}.
   *
   * @return the process exit status: 0, or 2 for a bad command line
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || isList(args[0])) {
      list(out);
      return 0;
    }
    if (args.length > 1) {
      err.println("usage: Samples [--list | all | <sample>]");
      return 2;
    }
    String name = args[0].trim().toLowerCase(Locale.ROOT);
    if (name.equals("all")) {
      for (Sample s : ALL) {
        runOne(s, out);
      }
      return 0;
    }
    for (Sample s : ALL) {
      if (s.name().equals(name)) {
        names(out);
        runOne(s, out);
        return 0;
      }
    }
    err.println("unknown sample: " + args[0]);
    list(err);
    return 2;
  }

  private static boolean isList(String arg) {
    String a = arg.trim();
    return a.isEmpty() || a.equals("--list") || a.equals("list") || a.equals("-l");
  }

  /** Prints the samples, one {@code name  description} line each, and how to run one. */
  public static void list(PrintStream out) {
    out.println("go4j samples:");
    int width = ALL.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    String row = "  %-" + width + "s  %s%n";
    for (Sample s : ALL) {
      out.printf(Locale.ROOT, row, s.name(), s.description());
    }
    out.printf(Locale.ROOT, row, "all", "run every sample in turn");
    out.println();
    out.println("run one: mvn -q -pl samples -am compile -Dsample=<name>");
  }

  /**
   * Before one sample's run, for a newcomer: every sample's name, wrapped at 100 columns, and how
   * to run another.
   */
  static void names(PrintStream out) {
    StringBuilder line = new StringBuilder("go4j samples:");
    for (int i = 0; i < ALL.size(); i++) {
      String name = " " + ALL.get(i).name() + (i < ALL.size() - 1 ? "," : "");
      if (line.length() + name.length() > 100) {
        out.println(line);
        line.setLength(0);
        line.append(' ');
      }
      line.append(name);
    }
    out.println(line);
    out.println("(what each shows: -Dsample=list; run another: -Dsample=<name>; all: -Dsample=all)");
    out.println();
  }

  private static void runOne(Sample s, PrintStream out) {
    out.println("=== " + s.name() + ": " + s.description());
    s.run(out);
    out.println();
    out.flush();
  }
}
