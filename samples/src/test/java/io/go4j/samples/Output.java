package io.go4j.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
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

  /** The lines of {@code text} that match {@code regex} as a whole. */
  static List<String> matching(String text, String regex) {
    Pattern p = Pattern.compile(regex);
    return text.lines().filter(l -> p.matcher(l).matches()).toList();
  }
}
