/** go4j's user-facing API: one {@code import static io.go4j.Go.*;} gives Go's concurrency. */
module io.go4j {
  requires static transitive com.google.errorprone.annotations; // @MustBeClosed on Scope.open
  requires transitive io.go4j.runtime;
  requires transitive io.go4j.channels;
  requires transitive io.go4j.select;

  exports io.go4j;
  exports io.go4j.sync;
}
