package io.go4j.samples;

import static io.go4j.Go.chan;
import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.channels.Chan;
import io.go4j.samples.TourTrees.Tree;
import io.go4j.testkit.GoTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code tour-trees} sample. Each test is a bubble, which fails if a goroutine is left blocked:
 * after {@code Same} returns false early, its walkers must still end.
 */
class TourTreesTest {
  @Test
  @GoTest
  void printsOneToTenThenTrueThenFalse() {
    List<String> expected = new ArrayList<>();
    IntStream.rangeClosed(1, 10).forEach(i -> expected.add(Integer.toString(i)));
    expected.addAll(List.of("true", "false"));
    assertEquals(expected, Output.of(new TourTrees()::main).lines().toList());
  }

  @Test
  @GoTest
  void walkSendsTheValuesInOrderWhateverTheShape() {
    List<Integer> tens = List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
    assertEquals(tens, walk(Tree.random(10)));
    assertEquals(tens, walk(tree(10, 20, 30, 40, 50, 60, 70, 80, 90, 100))); // all right children
    assertEquals(tens, walk(tree(100, 90, 80, 70, 60, 50, 40, 30, 20, 10))); // all left children
    assertEquals(List.of(), walk(null));
  }

  @Test
  @GoTest
  void sameComparesTheValuesNotTheShapes() {
    assertTrue(TourTrees.same(tree(1, 2, 3, 4), tree(4, 3, 2, 1)));
    assertTrue(TourTrees.same(Tree.random(3), Tree.random(3)));
    assertFalse(TourTrees.same(Tree.random(1), Tree.random(2))); // differ at once
    assertFalse(TourTrees.same(tree(1, 2, 3, 4), tree(1, 2, 3, 5))); // at the last value
    assertFalse(TourTrees.same(tree(1, 2, 3), tree(1, 2, 3, 4))); // one ends first
    assertFalse(TourTrees.same(tree(1, 2, 3, 4), tree(1, 2, 3)));
  }

  /** The tree that inserting {@code values} in this order builds. */
  private static Tree tree(int... values) {
    Tree t = null;
    for (int v : values) {
      t = Tree.insert(t, v);
    }
    return t;
  }

  /** What {@code Walk} sends, with no quit channel. */
  private static List<Integer> walk(Tree t) {
    Chan<Integer> ch = chan();
    go(() -> TourTrees.walk(t, ch, Chan.nil()));
    List<Integer> values = new ArrayList<>();
    for (int v : ch) {
      values.add(v);
    }
    return values;
  }
}
