/** Runnable go4j programs, most of them ports of Go programs. */
module io.go4j.samples {
  requires transitive io.go4j; // the samples' API names Context, Chan, ...
  requires io.go4j.testkit; // the leak sample's Leaks.find

  exports io.go4j.samples;
}
