package io.go4j.samples;

import static io.go4j.Go.gosched;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.go4j.runtime.GoRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code md5} sample on a tree made for each test: the digests are {@link MessageDigest}'s,
 * the lines sorted by path, and the first error (an unreadable file, a failed walk) is what the
 * program prints, Go's text included; after it, no goroutine of the pipeline is left.
 */
class BoundedMd5Test {
  @TempDir Path tmp;

  private Path root;

  @BeforeEach
  void makeTree() throws IOException {
    root = tmp.resolve("tree");
    Random random = new Random(42);
    write("a.txt", "hello, world\n".getBytes(UTF_8));
    write("empty", new byte[0]);
    write("b/c.txt", "The quick brown fox jumps over the lazy dog".getBytes(UTF_8));
    write("b/d/e.bin", bytes(random, 100_000));
    write("Z-upper-case-sorts-first", "Z".getBytes(UTF_8));
    for (int i = 0; i < 60; i++) {
      write("many/f" + i, bytes(random, random.nextInt(5_000)));
    }
    // not a regular file: filepath.Walk reports it, the walk function skips it
    Files.createSymbolicLink(root.resolve("link-to-a"), root.resolve("a.txt"));
  }

  @Test
  void printsTheMd5OfEveryRegularFileSortedByPath() throws IOException {
    String out = Output.of(new BoundedMd5(root.toString(), Files::readAllBytes)::run);
    assertEquals(md5sum(root), out.lines().toList());
    assertEquals(65, out.lines().count());
  }

  @Test
  void atMostNumDigestersReadAtOnce() throws IOException {
    AtomicInteger reading = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    BoundedMd5.FileReader counting =
        path -> {
          most.accumulateAndGet(reading.incrementAndGet(), Math::max);
          try {
            gosched(); // let the other digesters read meanwhile
            return Files.readAllBytes(path);
          } finally {
            reading.decrementAndGet();
          }
        };

    String out = Output.of(new BoundedMd5(root.toString(), counting)::run);

    assertEquals(md5sum(root), out.lines().toList());
    assertTrue(
        most.get() >= 1 && most.get() <= BoundedMd5.NUM_DIGESTERS, "at once: " + most.get());
  }

  @Test
  void anUnreadableFileIsTheErrorMd5AllReturns() {
    Path secret = root.resolve("b/c.txt");
    BoundedMd5.FileReader denying =
        path -> {
          if (path.equals(secret)) {
            throw new AccessDeniedException(path.toString()); // what reading a 0000 file throws
          }
          return Files.readAllBytes(path);
        };

    List<String> out = runAndCheckNothingIsLeft(new BoundedMd5(root.toString(), denying));

    assertEquals(List.of("open " + secret + ": permission denied"), out);
  }

  @Test
  void aWalkErrorIsTheErrorMd5AllReturns() {
    Path missing = tmp.resolve("no-such-tree");

    List<String> out =
        runAndCheckNothingIsLeft(new BoundedMd5(missing.toString(), Files::readAllBytes));

    assertEquals(List.of("lstat " + missing + ": no such file or directory"), out);
  }

  @Test
  void filesAndDirectoriesWithoutReadPermission() throws IOException {
    Path file = root.resolve("b/c.txt");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "permissions do not apply to this user (root)");

    assertEquals(
        List.of("open " + file + ": permission denied"),
        runAndCheckNothingIsLeft(new BoundedMd5(root.toString(), Files::readAllBytes)));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Path dir = root.resolve("many");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
    try {
      assertEquals(
          List.of("open " + dir + ": permission denied"),
          runAndCheckNothingIsLeft(new BoundedMd5(root.toString(), Files::readAllBytes)));
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Runs the program on a runtime of its own; once it returned, every goroutine must end. */
  private static List<String> runAndCheckNothingIsLeft(BoundedMd5 program) {
    try (GoRuntime rt = GoRuntime.builder().name("md5-test").maxProcs(2).build()) {
      String out = Output.of((PrintStream o) -> rt.main(() -> program.main(o)));
      InRuntime.awaitState(
          rt, "no goroutine left after MD5All returned", () -> rt.numGoroutine() == 0);
      return out.lines().toList();
    }
  }

  /** What {@code md5sum} prints for every regular file under {@code root}, sorted by path. */
  private static List<String> md5sum(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(Path::toString)
          .sorted()
          .map(p -> HexFormat.of().formatHex(md5(Path.of(p))) + "  " + p)
          .toList();
    }
  }

  private static byte[] md5(Path p) {
    try {
      return MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private void write(String name, byte[] content) throws IOException {
    Path p = root.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
