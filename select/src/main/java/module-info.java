/** Go's select over channels. */
module io.go4j.select {
  requires transitive io.go4j.channels;

  exports io.go4j.select;
}
