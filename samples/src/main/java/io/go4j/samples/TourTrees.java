package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static io.go4j.Go.select;

import io.go4j.channels.Chan;
import io.go4j.channels.Received;
import io.go4j.channels.RecvChan;
import io.go4j.channels.SendChan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * A Tour of Go, concurrency 7 and 8 (go.dev/tour/concurrency/7): the equivalent binary trees
 * exercise, solved, line by line, with the Tour's {@code golang.org/x/tour/tree} package ported
 * as {@link Tree}.
 *
 * <pre>
 * // Walk walks the tree t sending all values
 * // from the tree to the channel ch, then
 * // closes ch; once quit is closed, it
 * // sends no more.
 * func Walk(t *tree.Tree, ch chan&lt;- int,           static void walk(Tree t, SendChan&lt;Integer&gt; ch,
 *         quit &lt;-chan struct{}) {                          RecvChan&lt;Void&gt; quit) {
 *     walkTree(t, ch, quit)                          walkTree(t, ch, quit);
 *     close(ch)                                      ch.close();
 * }                                                }
 * func walkTree(t *tree.Tree, ch chan&lt;- int,       static void walkTree(Tree t, SendChan&lt;Integer&gt; ch,
 *         quit &lt;-chan struct{}) {                          RecvChan&lt;Void&gt; quit) {
 *     if t == nil {                                  if (t == null) {
 *         return                                       return;
 *     }                                              }
 *     walkTree(t.Left, ch, quit)                     walkTree(t.left(), ch, quit);
 *     select {                                       select()
 *     case ch &lt;- t.Value:                                .send(ch, t.value())
 *     case &lt;-quit:                                       .recv(quit)
 *     }                                                  .run();
 *     walkTree(t.Right, ch, quit)                    walkTree(t.right(), ch, quit);
 * }                                                }
 * // Same determines whether the trees
 * // t1 and t2 contain the same values.
 * func Same(t1, t2 *tree.Tree) bool {              static boolean same(Tree t1, Tree t2) {
 *     ch1, ch2 := make(chan int), make(chan int)     Chan&lt;Integer&gt; ch1 = chan();
 *                                                    Chan&lt;Integer&gt; ch2 = chan();
 *     quit := make(chan struct{})                    Chan&lt;Void&gt; quit = chan();
 *     defer close(quit)                              try { // finally: quit.close()
 *     go Walk(t1, ch1, quit)                           go(() -&gt; walk(t1, ch1, quit));
 *     go Walk(t2, ch2, quit)                           go(() -&gt; walk(t2, ch2, quit));
 *     for {                                            while (true) {
 *         v1, ok1 := &lt;-ch1                               Received&lt;Integer&gt; r1 = ch1.recvOk();
 *         v2, ok2 := &lt;-ch2                               Received&lt;Integer&gt; r2 = ch2.recvOk();
 *         if ok1 != ok2 || v1 != v2 {                    if (r1.ok() != r2.ok()
 *                                                            || !Objects.equals(r1.value(), r2.value())) {
 *             return false                                 return false;
 *         }                                              }
 *         if !ok1 {                                      if (!r1.ok()) {
 *             return true                                  return true;
 *         }                                              }
 *     }                                                }
 *                                                    } finally { quit.close(); }
 * }                                                }
 * func main() {                                    void main(PrintStream out) {
 *     ch := make(chan int)                           Chan&lt;Integer&gt; ch = chan();
 *     go Walk(tree.New(1), ch, nil)                  go(() -&gt; walk(Tree.random(1), ch, Chan.nil()));
 *     for v := range ch {                            for (int v : ch) {
 *         fmt.Println(v)                               out.println(v);
 *     }                                              }
 *     fmt.Println(Same(tree.New(1), tree.New(1)))    out.println(same(Tree.random(1), Tree.random(1)));
 *     fmt.Println(Same(tree.New(1), tree.New(2)))    out.println(same(Tree.random(1), Tree.random(2)));
 * }                                                }
 * </pre>
 *
 * <p>The Tour's {@code Walk(t, ch)} has no {@code quit}: when {@code Same} returns {@code false}
 * early, the walkers stay blocked sending for good, a goroutine leak (which the testkit's bubbles
 * report). Closing {@code quit} on the way out lets them run to the end without anyone receiving;
 * a {@code nil} channel, {@code Chan.nil()}, never lets them stop early.
 */
public final class TourTrees extends TourProgram {
  /**
   * Go's {@code golang.org/x/tour/tree}: a binary search tree of ints, immutable here.
   *
   * <pre>
   * type Tree struct {                          record Tree(Tree left, int value, Tree right) {
   *     Left  *Tree
   *     Value int
   *     Right *Tree
   * }
   * // New returns a new, random binary tree
   * // holding the values k, 2k, ..., 10k.
   * func New(k int) *Tree {                       static Tree random(int k) {
   *     var t *Tree                                 Tree t = null;
   *     for _, v := range rand.Perm(10) {           for (int v : perm(10)) {
   *         t = insert(t, (1+v)*k)                    t = insert(t, (1 + v) * k);
   *     }                                           }
   *     return t                                    return t;
   * }                                             }
   * func insert(t *Tree, v int) *Tree {           static Tree insert(Tree t, int v) {
   *     if t == nil {                               if (t == null) {
   *         return &amp;Tree{nil, v, nil}                 return new Tree(null, v, null);
   *     }                                           }
   *     if v &lt; t.Value {                            if (v &lt; t.value) {
   *         t.Left = insert(t.Left, v)                return new Tree(insert(t.left, v), t.value,
   *                                                       t.right);
   *     } else {                                    }
   *         t.Right = insert(t.Right, v)            return new Tree(t.left, t.value,
   *     }                                               insert(t.right, v));
   *     return t
   * }                                             }
   * </pre>
   */
  record Tree(Tree left, int value, Tree right) {
    /** {@code tree.New(k)}: a tree of random shape holding k, 2k, ..., 10k. */
    static Tree random(int k) {
      Tree t = null;
      for (int v : perm(10)) {
        t = insert(t, (1 + v) * k);
      }
      return t;
    }

    /** {@code t} with {@code v} added; {@code t} may be null, the empty tree. */
    static Tree insert(Tree t, int v) {
      if (t == null) {
        return new Tree(null, v, null);
      }
      if (v < t.value) {
        return new Tree(insert(t.left, v), t.value, t.right);
      }
      return new Tree(t.left, t.value, insert(t.right, v));
    }

    /** Go's {@code rand.Perm(n)}: 0 to n-1 in a random order. */
    private static List<Integer> perm(int n) {
      List<Integer> p = new ArrayList<>(IntStream.range(0, n).boxed().toList());
      Collections.shuffle(p, ThreadLocalRandom.current());
      return p;
    }
  }

  /** The sample as the launcher runs it. */
  public TourTrees() {
    super("trees", "Tour 7-8: Walk and Same: do two random binary trees hold the same values?");
  }

  @Override
  void main(PrintStream out) {
    Chan<Integer> ch = chan();
    go(() -> walk(Tree.random(1), ch, Chan.nil()));
    for (int v : ch) {
      out.println(v);
    }
    out.println(same(Tree.random(1), Tree.random(1)));
    out.println(same(Tree.random(1), Tree.random(2)));
  }

  /**
   * Sends {@code t}'s values to {@code ch} in order, then closes it; once {@code quit} is closed,
   * it sends no more.
   */
  static void walk(Tree t, SendChan<Integer> ch, RecvChan<Void> quit) {
    walkTree(t, ch, quit);
    ch.close();
  }

  private static void walkTree(Tree t, SendChan<Integer> ch, RecvChan<Void> quit) {
    if (t == null) {
      return;
    }
    walkTree(t.left(), ch, quit);
    select().send(ch, t.value()).recv(quit).run();
    walkTree(t.right(), ch, quit);
  }

  /** Whether {@code t1} and {@code t2} hold the same values. */
  static boolean same(Tree t1, Tree t2) {
    Chan<Integer> ch1 = chan();
    Chan<Integer> ch2 = chan();
    Chan<Void> quit = chan();
    try {
      go(() -> walk(t1, ch1, quit));
      go(() -> walk(t2, ch2, quit));
      while (true) {
        Received<Integer> r1 = ch1.recvOk();
        Received<Integer> r2 = ch2.recvOk();
        if (r1.ok() != r2.ok() || !Objects.equals(r1.value(), r2.value())) {
          return false;
        }
        if (!r1.ok()) {
          return true;
        }
      }
    } finally {
      quit.close();
    }
  }
}
