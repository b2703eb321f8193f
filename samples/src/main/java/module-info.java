/** Runnable go4j programs, most of them ports of Go programs. */
module io.go4j.samples {
  requires transitive io.go4j; // the samples' API names Context, Chan, ...

  exports io.go4j.samples;
}
