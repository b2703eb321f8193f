package io.go4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launcher's command line (the samples themselves have their own tests). */
class SamplesTest {
  @Test
  void noArgumentsOrListPrintsEverySampleWithItsDescription() {
    for (String[] args : new String[][] {{}, {"--list"}, {"list"}}) {
      AtomicInteger status = new AtomicInteger(-1);
      String out = Output.of(o -> status.set(Samples.run(args, o, o)));
      assertEquals(0, status.get(), out);
      for (Sample s : Samples.ALL) {
        assertEquals(
            1,
            Output.matching(out, " +" + s.name() + " +" + Pattern.quote(s.description()))
                .size(),
            out);
      }
      assertTrue(out.lines().anyMatch(l -> l.matches(" +all +.*")), out);
    }
  }

  @Test
  void samplesHaveDistinctNamesAndDescriptions() {
    assertEquals(
        Samples.ALL.size(), Samples.ALL.stream().map(Sample::name).distinct().count());
    for (Sample s : Samples.ALL) {
      assertTrue(s.name().matches("[a-z][a-z0-9-]*"), s.name());
      assertTrue(!s.description().isBlank() && !s.description().contains("\n"), s.name());
    }
    assertTrue(Samples.ALL.stream().anyMatch(s -> s.name().equals("million")));
    assertTrue(Samples.ALL.stream().anyMatch(s -> s.name().equals("deadlock")));
  }

  /** The README's first command: the names of all samples, then the run of the one named. */
  @Test
  void aNamedSampleRunsAfterTheNamesOfAll() {
    AtomicInteger status = new AtomicInteger(-1);
    String out = Output.of(o -> status.set(Samples.run(new String[] {"sieve"}, o, o)));
    assertEquals(0, status.get(), out);
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).startsWith("go4j samples: million, "), out);
    int header = lines.indexOf("");
    String names = String.join("", lines.subList(0, header - 1));
    for (Sample s : Samples.ALL) {
      assertTrue(names.contains(" " + s.name()), s.name() + " missing from\n" + out);
    }
    assertTrue(lines.subList(0, header).stream().allMatch(l -> l.length() <= 100), out);
    assertEquals(
        "(what each shows: -Dsample=list; run another: -Dsample=<name>; all: -Dsample=all)",
        lines.get(header - 1));
    assertEquals("=== sieve: " + new Sieve().description(), lines.get(header + 1));
    assertEquals("2", lines.get(header + 2));
  }

  @Test
  void unknownSampleFailsWithStatus2AndTheList() {
    AtomicInteger status = new AtomicInteger(-1);
    String out = Output.of(o -> status.set(Samples.run(new String[] {"nope"}, o, o)));
    assertEquals(2, status.get(), out);
    assertTrue(out.startsWith("unknown sample: nope"), out);
    assertTrue(out.contains("million"), out);
  }
}
