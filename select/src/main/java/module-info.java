/** Go's select over channels (issue: channels and select). */
module io.go4j.select {
  requires transitive io.go4j.channels;
}
