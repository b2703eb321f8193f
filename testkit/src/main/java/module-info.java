/** Leak checks, virtual-time bubbles and schedule exploration for go4j programs. */
module io.go4j.testkit {
  requires transitive io.go4j;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;

  exports io.go4j.testkit;

  provides org.junit.jupiter.api.extension.Extension with
      io.go4j.testkit.GoroutineDumpOnTimeout;
}
