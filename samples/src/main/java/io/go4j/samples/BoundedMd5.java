package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.go4j.channels.Chan;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import io.go4j.runtime.GoRuntime;
import io.go4j.sync.WaitGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Go blog's bounded parallel MD5 (go.dev/blog/pipelines, bounded.go), line by line: one
 * goroutine walks the tree and sends the paths of regular files, a fixed number of digesters read
 * and sum them, and {@code MD5All} collects the results; {@code main} prints them sorted by path,
 * as {@code md5sum} does. The first error (a walk error, or a file that cannot be read) is what
 * {@code MD5All} returns, and closing {@code done} on the way out stops the rest of the pipeline.
 *
 * <pre>
 * func walkFiles(done &lt;-chan struct{},       Walk walkFiles(RecvChan&lt;Void&gt; done,
 *         root string)                                 String root) {
 *         (&lt;-chan string, &lt;-chan error) {
 *     paths := make(chan string)                Chan&lt;String&gt; paths = chan();
 *     errc := make(chan error, 1)               Chan&lt;Optional&lt;IOException&gt;&gt; errc = chan(1);
 *     go func() {                               go(() -&gt; {
 *         defer close(paths)                      try { // finally: paths.close()
 *         errc &lt;- filepath.Walk(root,               errc.send(Optional.ofNullable(filepathWalk(root,
 *             func(path string,                         (path, info, err) -&gt; {
 *               info os.FileInfo, err error) error {
 *             if err != nil {                           if (err != null) {
 *                 return err                              return err;
 *             }                                         }
 *             if !info.Mode().IsRegular() {             if (!info.isRegularFile()) {
 *                 return nil                              return null;
 *             }                                         }
 *             select {                                  int chosen = select()
 *             case paths &lt;- path:                          .send(paths, path)
 *             case &lt;-done:                                 .recv(done).run();
 *                 return errors.New(                    if (chosen == DONE) {
 *                     "walk canceled")                    return new IOException("walk canceled");
 *             }                                         }
 *             return nil                                return null;
 *         })                                          })));
 *                                                 } finally { paths.close(); }
 *     }()                                       });
 *     return paths, errc                        return new Walk(paths, errc);
 * }                                           }
 * type result struct {                        record Result(String path, byte[] sum,
 *     path string; sum [md5.Size]byte                         IOException err) {}
 *     err  error
 * }
 * func digester(done &lt;-chan struct{},        void digester(RecvChan&lt;Void&gt; done,
 *         paths &lt;-chan string,                      RecvChan&lt;String&gt; paths,
 *         c chan&lt;- result) {                       SendChan&lt;Result&gt; c) {
 *     for path := range paths {                 for (String path : paths) {
 *         data, err := ioutil.ReadFile(path)      byte[] data = new byte[0]; IOException err = null;
 *                                                 try { data = readFile.read(Path.of(path)); }
 *                                                 catch (IOException e) {
 *                                                   err = new PathError("open", path, e); }
 *         select {                                int chosen = select()
 *         case c &lt;- result{path,                      .send(c, new Result(path,
 *                 md5.Sum(data), err}:                      md5Sum(data), err))
 *         case &lt;-done:                               .recv(done).run();
 *             return                              if (chosen == DONE) return;
 *         }
 *     }                                         }
 * }                                           }
 * func MD5All(root string)                    Map&lt;String, byte[]&gt; md5All(String root)
 *         (map[string][md5.Size]byte, error) {        throws IOException {
 *     done := make(chan struct{})               Chan&lt;Void&gt; done = chan();
 *     defer close(done)                         try { // finally: done.close()
 *     paths, errc := walkFiles(done, root)        Walk w = walkFiles(done, root);
 *     c := make(chan result)                      Chan&lt;Result&gt; c = chan();
 *     var wg sync.WaitGroup                       WaitGroup wg = new WaitGroup();
 *     const numDigesters = 20                     // NUM_DIGESTERS = 20
 *     wg.Add(numDigesters)                        wg.add(NUM_DIGESTERS);
 *     for i := 0; i &lt; numDigesters; i++ {        for (int i = 0; i &lt; NUM_DIGESTERS; i++) {
 *         go func() {                               go(() -&gt; {
 *             digester(done, paths, c)                digester(done, w.paths(), c);
 *             wg.Done()                               wg.done();
 *         }()                                       });
 *     }                                           }
 *     go func() {                                 go(() -&gt; {
 *         wg.Wait()                                 wg.await();
 *         close(c)                                  c.close();
 *     }()                                         });
 *     m := make(map[string][md5.Size]byte)        Map&lt;String, byte[]&gt; m = new HashMap&lt;&gt;();
 *     for r := range c {                          for (Result r : c) {
 *         if r.err != nil {                         if (r.err() != null) {
 *             return nil, r.err                       throw r.err();
 *         }                                         }
 *         m[r.path] = r.sum                         m.put(r.path(), r.sum());
 *     }                                           }
 *     if err := &lt;-errc; err != nil {              Optional&lt;IOException&gt; err = w.errc().recv();
 *                                                 if (err.isPresent()) {
 *         return nil, err                           throw err.get();
 *     }                                           }
 *     return m, nil                               return m;
 *                                               } finally { done.close(); }
 * }                                           }
 * func main() {                               void main(PrintStream out) {
 *     m, err := MD5All(os.Args[1])              Map&lt;String, byte[]&gt; m;
 *                                               try { m = md5All(root); }
 *     if err != nil {                           catch (IOException err) {
 *         fmt.Println(err)                        out.println(err.getMessage());
 *         return                                  return;
 *     }                                         }
 *     var paths []string                        List&lt;String&gt; paths = new ArrayList&lt;&gt;();
 *     for path := range m {                     for (String path : m.keySet()) {
 *         paths = append(paths, path)             paths.add(path);
 *     }                                         }
 *     sort.Strings(paths)                       Collections.sort(paths);
 *     for _, path := range paths {              for (String path : paths) {
 *         fmt.Printf("%x  %s\n",                  out.println(HEX.formatHex(m.get(path))
 *             m[path], path)                          + "  " + path);
 *     }                                         }
 * }                                           }
 * </pre>
 *
 * <p>What the port shows. Go sends {@code nil} errors on {@code errc}, and a go4j channel cannot
 * carry null (it is what a closed channel yields), so {@code errc} carries an {@code
 * Optional<IOException>}. A Go function returning {@code (a, b)} returns a record ({@link Walk}).
 * Go's errors are values here where the Go code passes them around ({@code filepath.Walk}'s
 * function, {@link Result}), and thrown where Go returns them to the caller ({@code md5All}). The
 * errors carry Go's text ({@code open f: permission denied}, {@code lstat r: no such file or
 * directory}; see {@link PathError}), so the program prints what Go's prints.
 */
public final class BoundedMd5 implements Sample {
  /** {@code const numDigesters = 20}. */
  static final int NUM_DIGESTERS = 20;

  /** The index of the {@code case <-done} of the selects (the second case added). */
  static final int DONE = 1;

  /** {@code %x}. */
  private static final HexFormat HEX = HexFormat.of();

  /** The tree {@link #BoundedMd5()} digests, if not the default {@code src}. */
  static final String ROOT_PROPERTY = "go4j.md5.root";

  /** {@code ioutil.ReadFile}; a test can put a failing one in its place. */
  @FunctionalInterface
  interface FileReader {
    byte[] read(Path path) throws IOException;
  }

  /** What {@code walkFiles} returns: Go's {@code (<-chan string, <-chan error)}. */
  record Walk(RecvChan<String> paths, RecvChan<Optional<IOException>> errc) {}

  /**
   * A result is the product of reading and summing a file using MD5; {@code err} may be null.
   * {@code sum} is Go's {@code [md5.Size]byte} value: nobody changes it or compares results.
   */
  @SuppressWarnings("ArrayRecordComponent")
  record Result(String path, byte[] sum, IOException err) {}

  /** {@code filepath.WalkFunc}: returns an error (null for nil) to stop the walk with it. */
  @FunctionalInterface
  interface WalkFunc {
    IOException visit(String path, BasicFileAttributes info, IOException err);
  }

  /** Go's {@code *os.PathError}: prints as {@code op path: reason}, as Go prints it. */
  static final class PathError extends IOException {
    @Serial private static final long serialVersionUID = 1L;

    PathError(String op, String path, IOException err) {
      super(op + " " + path + ": " + reason(err), err);
    }

    private static String reason(IOException e) {
      return switch (e) {
        case NoSuchFileException x -> "no such file or directory";
        case AccessDeniedException x -> "permission denied";
        case NotDirectoryException x -> "not a directory";
        case FileSystemException x when x.getReason() != null -> x.getReason();
        default -> Objects.toString(e.getMessage(), e.getClass().getSimpleName());
      };
    }
  }

  private final String root;
  private final FileReader readFile;

  /**
   * The sample as the launcher runs it: digests the tree named by {@code -Dgo4j.md5.root}, else
   * {@code src} (the samples' sources, when run with {@code -Dsample=md5}).
   */
  public BoundedMd5() {
    this(System.getProperty(ROOT_PROPERTY, "src"), Files::readAllBytes);
  }

  /** The program for {@code root} (Go's {@code os.Args[1]}), reading files with {@code readFile}. */
  BoundedMd5(String root, FileReader readFile) {
    this.root = Objects.requireNonNull(root, "root");
    this.readFile = Objects.requireNonNull(readFile, "readFile");
  }

  @Override
  public String name() {
    return "md5";
  }

  @Override
  public String description() {
    return "Go blog bounded.go: MD5 of a tree with 20 digester goroutines, sorted like md5sum";
  }

  @Override
  public void run(PrintStream out) {
    try (GoRuntime rt = GoRuntime.builder().name("md5").build()) {
      rt.main(() -> main(out));
    }
  }

  /**
   * walkFiles starts a goroutine to walk the directory tree at root and send the path of each
   * regular file on the string channel. It sends the result of the walk on the error channel. If
   * done is closed, walkFiles abandons its work.
   */
  static Walk walkFiles(RecvChan<Void> done, String root) {
    Chan<String> paths = chan();
    Chan<Optional<IOException>> errc = chan(1);
    go(
        () -> {
          try { // Close the paths channel after Walk returns.
            // No select needed for this send, since errc is buffered.
            errc.send(
                Optional.ofNullable(
                    filepathWalk(
                        root,
                        (path, info, err) -> {
                          if (err != null) {
                            return err;
                          }
                          if (!info.isRegularFile()) {
                            return null;
                          }
                          int chosen =
                              select().send(paths, path).recv(done).run();
                          if (chosen == DONE) {
                            return new IOException("walk canceled");
                          }
                          return null;
                        })));
          } finally {
            paths.close();
          }
        });
    return new Walk(paths, errc);
  }

  /**
   * digester reads path names from paths and sends digests of the corresponding files on c until
   * either paths or done is closed.
   */
  void digester(RecvChan<Void> done, RecvChan<String> paths, SendChan<Result> c) {
    for (String path : paths) {
      byte[] data = new byte[0];
      IOException err = null;
      try {
        data = readFile.read(Path.of(path));
      } catch (IOException e) {
        err = new PathError("open", path, e);
      }
      int chosen =
          select().send(c, new Result(path, md5Sum(data), err)).recv(done).run();
      if (chosen == DONE) {
        return;
      }
    }
  }

  /**
   * MD5All reads all the files in the file tree rooted at root and returns a map from file path to
   * the MD5 sum of the file's contents. If the directory walk fails or any read operation fails,
   * MD5All throws that error. In that case, MD5All does not wait for inflight read operations to
   * complete.
   */
  Map<String, byte[]> md5All(String root) throws IOException {
    // MD5All closes the done channel when it returns; it may do so before receiving all the values
    // from c and errc.
    Chan<Void> done = chan();
    try {
      Walk w = walkFiles(done, root);

      // Start a fixed number of goroutines to read and digest files.
      Chan<Result> c = chan();
      WaitGroup wg = new WaitGroup();
      wg.add(NUM_DIGESTERS);
      for (int i = 0; i < NUM_DIGESTERS; i++) {
        go(
            () -> {
              digester(done, w.paths(), c);
              wg.done();
            });
      }
      go(
          () -> {
            wg.await();
            c.close();
          });
      // End of pipeline.

      Map<String, byte[]> m = new HashMap<>();
      for (Result r : c) {
        if (r.err() != null) {
          throw r.err();
        }
        m.put(r.path(), r.sum());
      }
      // Check whether the Walk failed.
      Optional<IOException> err = w.errc().recv();
      if (err.isPresent()) {
        throw err.get();
      }
      return m;
    } finally {
      done.close();
    }
  }

  /**
   * Calculate the MD5 sum of all files under the root directory, then print the results sorted by
   * path name, or the error.
   */
  void main(PrintStream out) {
    Map<String, byte[]> m;
    try {
      m = md5All(root);
    } catch (IOException err) {
      out.println(err.getMessage());
      return;
    }
    List<String> paths = new ArrayList<>();
    for (String path : m.keySet()) {
      paths.add(path);
    }
    Collections.sort(paths);
    for (String path : paths) {
      out.println(HEX.formatHex(m.get(path)) + "  " + path);
    }
  }

  /** {@code md5.Sum}. */
  static byte[] md5Sum(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /**
   * Go's {@code filepath.Walk}: calls {@code fn} for root and everything under it, in lexical
   * order within each directory, without following symbolic links. An error reading a file's
   * attributes or a directory is passed to {@code fn}; the first error {@code fn} returns stops the
   * walk and is returned; null when the walk completed.
   */
  static IOException filepathWalk(String root, WalkFunc fn) {
    BasicFileAttributes info;
    try {
      info = lstat(root);
    } catch (IOException e) {
      return fn.visit(root, null, new PathError("lstat", root, e));
    }
    return walk(root, info, fn);
  }

  private static IOException walk(String path, BasicFileAttributes info, WalkFunc fn) {
    if (!info.isDirectory()) {
      return fn.visit(path, info, null);
    }
    List<String> names = new ArrayList<>();
    IOException readErr = null;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(path))) {
      for (Path p : dir) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      readErr = new PathError("open", path, e);
    }
    IOException err = fn.visit(path, info, readErr);
    if (readErr != null || err != null) {
      return err;
    }
    Collections.sort(names);
    for (String name : names) {
      String filename = Path.of(path, name).toString();
      BasicFileAttributes fileInfo;
      try {
        fileInfo = lstat(filename);
      } catch (IOException e) {
        err = fn.visit(filename, null, new PathError("lstat", filename, e));
        if (err != null) {
          return err;
        }
        continue;
      }
      err = walk(filename, fileInfo, fn);
      if (err != null) {
        return err;
      }
    }
    return null;
  }

  private static BasicFileAttributes lstat(String path) throws IOException {
    return Files.readAttributes(Path.of(path), BasicFileAttributes.class, NOFOLLOW_LINKS);
  }
}
