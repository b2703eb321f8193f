/** Go channels: typed, buffered and unbuffered, with Go's semantics; timers and tickers. */
module io.go4j.channels {
  requires transitive io.go4j.runtime;

  exports io.go4j.channels;
  // select's engine and case type, for io.go4j.select
  exports io.go4j.channels.internal to
      io.go4j.select;
}
