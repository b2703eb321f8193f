package io.go4j.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.go4j.testkit.Explorer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Captures what a sample prints. */
final class Output {
  private Output() {}

  static String of(Consumer<PrintStream> program) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
      program.accept(out);
    }
    return bytes.toString(UTF_8);
  }

  /**
   * Every output (as lines) that {@code program}, run as a goroutine, printed under {@code tries}
   * schedules of the testkit's {@link Explorer}: deterministic runs in virtual time, each with its
   * own interleaving of the goroutines and its own choices among a {@code select}'s ready cases.
   * Fails if a run deadlocks, panics or leaves a goroutine blocked.
   */
  static Set<List<String>> underSchedules(Consumer<PrintStream> program, int tries) {
    Set<List<String>> outputs = ConcurrentHashMap.newKeySet();
    Explorer.explore(
        () -> outputs.add(of(program).lines().toList()),
        Explorer.Options.defaults().withTries(tries));
    return outputs;
  }

  /** The lines of {@code text} that match {@code regex} as a whole. */
  static List<String> matching(String text, String regex) {
    Pattern p = Pattern.compile(regex);
    return text.lines().filter(l -> p.matcher(l).matches()).toList();
  }
}
