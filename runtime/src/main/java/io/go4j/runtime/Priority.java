package io.go4j.runtime;

/** A goroutine's scheduling priority. Higher bands run first; the default is {@link #NORMAL}. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  REALTIME
}
