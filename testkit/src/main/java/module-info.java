/** Leak checks, virtual-time bubbles and schedule exploration for go4j programs (issue: testkit). */
module io.go4j.testkit {
  requires transitive io.go4j;
  requires transitive org.junit.jupiter.api;

  exports io.go4j.testkit;
}
