/** Go channels: typed, buffered and unbuffered, with Go's semantics (issue: channels and select). */
module io.go4j.channels {
  requires transitive io.go4j.runtime;
}
