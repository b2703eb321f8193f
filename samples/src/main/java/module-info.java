/** Runnable go4j programs, most of them ports of Go programs. */
module io.go4j.samples {
  requires io.go4j;

  exports io.go4j.samples;
}
