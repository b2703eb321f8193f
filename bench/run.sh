#!/usr/bin/env bash
# go4j benchmarks, in five parts of one table each:
#   runtime:  go4j vs JDK virtual threads vs Go 1.19      → bench/results/runtime.md
#   channels: go4j vs Go 1.19 vs jox vs the JDK's queues  → bench/results/channels.md
#   sync:     go4j's Mutex, WaitGroup and scopes vs Go 1.19's sync vs the JDK's ReentrantLock,
#             virtual threads and StructuredTaskScope     → bench/results/sync.md
#   priority: go4j's PiMutex and priority bands vs go4j without priorities vs the JDK
#             (Go has no priorities)                     → bench/results/priority.md
#   testkit:  go4j's deterministic runtime (FIFO and random-walk deciders) and virtual-time
#             bubble vs the normal runtime, and Explorer's schedules/s
#                                                        → bench/results/testkit-runtime.md
# and a summary of the runtime, channels and sync parts' side-by-side workloads (go4j, Go 1.19,
# jox, JDK) in one table and one chart, at lighter settings (--report) → docs/benchmarks.md,
#                                                          docs/benchmarks.svg and .png
#
#   bench/run.sh              all five parts (runtime: a few minutes; channels: ~8 minutes;
#                             sync: ~2 minutes; priority: ~3 minutes; testkit: ~4 minutes)
#   bench/run.sh --channels   only the channels part
#   bench/run.sh --runtime    only the runtime part
#   bench/run.sh --sync       only the sync part
#   bench/run.sh --priority   only the priority part: PiMutex uncontended vs Mutex and
#                             ReentrantLock, a boost along a PiMutex chain of depth 1/4/16, a
#                             REALTIME goroutine's ready→running latency under a NORMAL flood
#   bench/run.sh --testkit    only the testkit part: channel ping-pong, spawn + WaitGroup join
#                             (batches of 1,000 and 10,000) and sleep(1 ms) on a normal runtime
#                             (GOMAXPROCS 1 and 2), a virtualTime(true) one and deterministic
#                             ones (FIFO and random-walk Decider); Explorer.explore, 1,000 tries
#                             (--runtime, --channels, --sync, --priority and --testkit combine)
#   bench/run.sh --report     the side-by-side summary: the runtime, channels and sync parts at
#                             lighter settings (below), then docs/benchmarks.md (one table: go4j,
#                             Go 1.19, jox and the JDK per workload, go4j's ratio to each, the
#                             machine, versions, commit, date, settings and how long the run took)
#                             and a chart of the same, docs/benchmarks.svg and .png (each workload
#                             relative to Go, log scale). About 11 minutes in all on a 2-core
#                             machine, the build included. Leaves bench/results/*.md alone (they
#                             keep the full settings' numbers). Combines with --quick only.
#                             Settings, unless the environment sets them: runtime JMH 1 fork
#                             (the annotations' iterations), CheckpointBenchmark (no peer) left
#                             out, Go 8 runs after 2 warm-up; channels: the annotations, Go 3 runs
#                             after 1 warm-up; sync JMH 1 fork (the annotations' iterations), Go
#                             as in the sync part
#   bench/run.sh --paired     the rows whose verdict the machine's noise decides (spawn;
#                             park/ready ping-pong; WaitGroup fan-out; channel pingpong, handoff, select2), in
#                             rounds: each round runs every contender of a row once (one JMH
#                             fork each, the benchmarks' iterations, and the Go program; Go
#                             first every other round), so that each round's ratio compares
#                             runs made minutes apart at most → bench/results/paired.md (per
#                             round values, medians, the median ratio and how many rounds met
#                             the target). PAIRED_ROUNDS (default 5), PAIRED_RUNS (default:
#                             spawn parkpingpong waitgroup chanpingpong handoff select2; also chain
#                             parallel sieve, ~5 more minutes, without jox), PAIRED_WARMUP and
#                             PAIRED_ITERATIONS (override the annotations), GO_PAIRED_RUNS and
#                             GO_PAIRED_WARMUP (default 5 and 2). About 12 minutes. Combines with
#                             the parts and --quick, not with --report
#   bench/run.sh --quick      fewer forks/iterations/runs, to check that everything works
#                             (combines with the parts and --report; the reports say it was a
#                             quick run)
#
# Builds bench/target/benchmarks.jar (mvn -Pbench), runs the JMH benchmarks (go4j, JDK, jox), the
# ticker latency program (go4j and JDK), builds and runs bench/go (installs golang-go with apt-get
# when `go` is missing), and writes the reports (raw output under bench/results/raw/, not
# committed). Needs a JDK 25+: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
# Environment, runtime part: BENCH_INCLUDE (JMH regexp), BENCH_FORKS, BENCH_WARMUP,
# BENCH_ITERATIONS (override the annotations), GO_RUNS, GO_WARMUP. Channels part: CHAN_WORKLOADS
# (a subset of: pingpong handoff buffered select2 chain parallel skynet sieve), CHAN_FORKS,
# CHAN_WARMUP, CHAN_ITERATIONS (override the annotations), GO_CHAN_RUNS, GO_CHAN_WARMUP,
# BENCH_HANG_SECONDS (a channels run still unfinished after it, default 150 s, is abandoned and
# its cell marked hung; go4j's goroutine dump goes to bench/results/raw/hang-*.txt). Sync part:
# SYNC_WORKLOADS (a subset of: mutexUncontended mutexContended waitGroup scope), SYNC_FORKS,
# SYNC_WARMUP, SYNC_ITERATIONS (override the annotations), GO_SYNC_RUNS, GO_SYNC_WARMUP,
# BENCH_HANG_SECONDS as for channels. Priority part: PRIO_FORKS, PRIO_WARMUP, PRIO_ITERATIONS
# (override the annotations), PRIO_SAMPLES, PRIO_WARMUP_SAMPLES, PRIO_FLOOD (the latency program:
# samples, warm-up samples, NORMAL flood goroutines; default 10000, 1000, 16). Testkit part:
# TK_FORKS, TK_WARMUP, TK_ITERATIONS (override the annotations), BENCH_HANG_SECONDS as for
# channels (default there 60 s). All:
# BENCH_COMMIT (what the reports name as the go4j version measured; default: git HEAD of this
# tree).
set -euo pipefail

START_SECONDS=$SECONDS
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
RESULTS=$BENCH_DIR/results
RAW=$RESULTS/raw
QUICK=0
REPORT=0
RUN_RUNTIME=0
RUN_CHANNELS=0
RUN_SYNC=0
RUN_PRIORITY=0
RUN_TESTKIT=0
RUN_PAIRED=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --report) REPORT=1 ;;
    --runtime) RUN_RUNTIME=1 ;;
    --channels) RUN_CHANNELS=1 ;;
    --sync) RUN_SYNC=1 ;;
    --priority) RUN_PRIORITY=1 ;;
    --testkit) RUN_TESTKIT=1 ;;
    --paired) RUN_PAIRED=1 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; exit 64 ;;
  esac
done
if [[ $REPORT == 1 ]]; then
  if [[ $RUN_RUNTIME$RUN_CHANNELS$RUN_SYNC$RUN_PRIORITY$RUN_TESTKIT$RUN_PAIRED != 000000 ]]; then
    echo "run.sh: --report runs the runtime, channels and sync parts itself; it combines with --quick only" >&2
    exit 64
  fi
  RUN_RUNTIME=1 RUN_CHANNELS=1 RUN_SYNC=1
elif [[ $RUN_RUNTIME$RUN_CHANNELS$RUN_SYNC$RUN_PRIORITY$RUN_TESTKIT$RUN_PAIRED == 000000 ]]; then
  RUN_RUNTIME=1 RUN_CHANNELS=1 RUN_SYNC=1 RUN_PRIORITY=1 RUN_TESTKIT=1
fi
if [[ $QUICK == 1 ]]; then
  : "${BENCH_FORKS:=1}" "${BENCH_WARMUP:=2}" "${BENCH_ITERATIONS:=3}" "${GO_RUNS:=3}" "${GO_WARMUP:=2}"
  : "${CHAN_FORKS:=1}" "${CHAN_WARMUP:=1}" "${CHAN_ITERATIONS:=2}" "${GO_CHAN_RUNS:=3}" "${GO_CHAN_WARMUP:=1}"
  : "${SYNC_FORKS:=1}" "${SYNC_WARMUP:=3}" "${SYNC_ITERATIONS:=3}" "${GO_SYNC_RUNS:=3}" "${GO_SYNC_WARMUP:=1}"
  : "${PRIO_FORKS:=1}" "${PRIO_WARMUP:=2}" "${PRIO_ITERATIONS:=3}" "${PRIO_SAMPLES:=10000}" "${PRIO_WARMUP_SAMPLES:=300}"
  : "${TK_FORKS:=1}" "${TK_WARMUP:=1}" "${TK_ITERATIONS:=2}"
  : "${PAIRED_ROUNDS:=2}" "${PAIRED_WARMUP:=1}" "${PAIRED_ITERATIONS:=2}" "${GO_PAIRED_RUNS:=2}" "${GO_PAIRED_WARMUP:=1}"
fi
if [[ $REPORT == 1 ]]; then
  # the summary's settings (see the header): about 10 minutes with the build; the channels part,
  # whose chain and parallel workloads are most of it, keeps its annotations
  : "${BENCH_INCLUDE:=^io\.go4j\.bench\.(Spawn|PingPong)Benchmark\.}"
  : "${BENCH_FORKS:=1}" "${GO_RUNS:=8}" "${GO_WARMUP:=2}"
  : "${GO_CHAN_RUNS:=3}" "${GO_CHAN_WARMUP:=1}"
  : "${SYNC_FORKS:=1}"
fi
: "${PRIO_SAMPLES:=10000}" "${PRIO_WARMUP_SAMPLES:=1000}" "${PRIO_FLOOD:=16}"
: "${GO_RUNS:=12}" "${GO_WARMUP:=4}" "${GO_CHAN_RUNS:=5}" "${GO_CHAN_WARMUP:=2}"
: "${GO_SYNC_RUNS:=20}" "${GO_SYNC_WARMUP:=3}"
: "${CHAN_WORKLOADS:=pingpong handoff buffered select2 chain parallel skynet sieve}"
: "${SYNC_WORKLOADS:=mutexUncontended mutexContended waitGroup scope}"
: "${PAIRED_ROUNDS:=5}" "${GO_PAIRED_RUNS:=5}" "${GO_PAIRED_WARMUP:=2}"
: "${PAIRED_RUNS:=spawn parkpingpong waitgroup chanpingpong handoff select2}"

log() { printf '\n== %s\n' "$*" >&2; }
warn() { printf 'run.sh: WARNING: %s\n' "$*" >&2; FAILURES+=("$*"); }
FAILURES=()

# ------------------------------------------------------------------ JDK 25+
java_major() { # prints the feature version of the JDK at $1, or nothing
  [[ -x $1/bin/java ]] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
find_jdk() {
  local c v
  if [[ -n ${JAVA_HOME:-} ]]; then
    v=$(java_major "$JAVA_HOME")
    if [[ -n $v && $v -ge 25 ]]; then echo "$JAVA_HOME"; return; fi
  fi
  local best="" bestv=0
  for c in /usr/lib/jvm/*; do
    [[ -L $c ]] && continue
    v=$(java_major "$c")
    if [[ -n $v && $v -ge 25 && $v -gt $bestv ]]; then best=$c; bestv=$v; fi
  done
  if [[ -z $best ]]; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(java_major "$c")
    if [[ -n $v && $v -ge 25 ]]; then best=$c; fi
  fi
  [[ -n $best ]] && echo "$best"
}
JDK=$(find_jdk) || { echo "run.sh: no JDK 25+ found (JAVA_HOME, /usr/lib/jvm, PATH)" >&2; exit 1; }
JAVA=$JDK/bin/java

# the root pom's go4j.jvmFlags, which every go4j JVM needs
JVM_FLAGS=$(sed -n 's:.*<go4j.jvmFlags>\(.*\)</go4j.jvmFlags>.*:\1:p' "$ROOT/pom.xml" | head -1)
: "${JVM_FLAGS:=--add-opens java.base/java.lang=ALL-UNNAMED -Djdk.trackAllThreads=false}"
read -r -a JVM_FLAGS_A <<<"$JVM_FLAGS"

# ------------------------------------------------------------------ Go
if ! command -v go >/dev/null 2>&1; then
  log "installing Go (golang-go)"
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
  fi
  command -v go >/dev/null 2>&1 || { echo "run.sh: could not install Go (apt-get install golang-go)" >&2; exit 1; }
fi
export GOTOOLCHAIN=local

mkdir -p "$RAW"
if [[ $RUN_RUNTIME == 1 ]]; then rm -f "$RAW"/{jmh,ticker,go}.tsv; fi
if [[ $RUN_CHANNELS == 1 ]]; then rm -f "$RAW"/chan-*.tsv "$RAW"/go-chan.tsv "$RAW"/hang-Chan*.txt; fi
if [[ $RUN_SYNC == 1 ]]; then
  rm -f "$RAW"/sync-*.tsv "$RAW"/go-sync.tsv "$RAW"/hang-{Mutex,WaitGroup,Scope}*.txt
fi
if [[ $RUN_PRIORITY == 1 ]]; then
  rm -f "$RAW"/prio-*.tsv "$RAW"/hang-{PiMutex,PiChain,PriorityLatency}*.txt
fi
if [[ $RUN_TESTKIT == 1 ]]; then
  rm -f "$RAW"/tk-*.tsv "$RAW"/hang-{Deterministic,Explorer}*.txt
fi
if [[ $RUN_PAIRED == 1 ]]; then
  rm -f "$RAW"/paired-*.tsv "$RAW"/paired-*.log "$RAW"/go-paired-*
fi

# ------------------------------------------------------------------ build
log "building bench/target/benchmarks.jar (mvn -Pbench -pl bench -am package)"
# Maven itself runs on the JDK 25 too: maven-jar-plugin reads module-info.class with the JVM it
# runs on, and a JDK 17 Maven fails on release-25 class files ("Unsupported major.minor 69.0").
# maven.test.skip: the jar needs no test classes, and compiling every module's tests (with
# ErrorProne) would cost minutes of a --report run's budget
(cd "$ROOT" && JAVA_HOME=$JDK MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -q -B -Pbench -pl bench -am package -Dmaven.test.skip=true)
JAR=$BENCH_DIR/target/benchmarks.jar
log "building bench/go/bin/gobench"
(cd "$BENCH_DIR/go" && go build -o bin/gobench .)
GOBENCH=$BENCH_DIR/go/bin/gobench

# run_jmh TAG CLASS FORKS WARMUP ITERATIONS: the JMH benchmarks of one class in a RunBenchmarks JVM
# of its own, under its own timeout, into $RAW/TAG.tsv (log: TAG.log): a hang (which Watchdog turns
# into a failed benchmark after BENCH_HANG_SECONDS) cannot cost the other classes their results.
# Empty FORKS/WARMUP/ITERATIONS: the annotations'. An optional sixth argument is the whole JMH
# include regexp (instead of all the benchmarks of CLASS).
run_jmh() {
  local tag=$1 cls=$2 rc=0
  log "$tag: JMH $cls (log: bench/results/raw/$tag.log)"
  env BENCH_INCLUDE="${6:-^io\.go4j\.bench\.$cls\.}" BENCH_FORKS="$3" BENCH_WARMUP="$4" \
    BENCH_ITERATIONS="$5" BENCH_DUMP_DIR="$RAW" \
    timeout 1500 "$JAVA" -cp "$JAR" io.go4j.bench.RunBenchmarks "$RAW/$tag.tsv" \
    >"$RAW/$tag.log" 2>&1 &
  local jmh=$!
  tail -n +1 -f --pid=$jmh "$RAW/$tag.log" 2>/dev/null |
    grep --line-buffered -E '^(# Benchmark:|Iteration|# Warmup Iteration|RESULT|RunBenchmarks|Watchdog)' >&2 || true
  wait $jmh || rc=$?
  if [[ $rc != 0 ]]; then
    warn "$tag: some benchmark failed or hung (exit $rc$([[ $rc == 124 ]] && echo ', killed by the timeout'); see $RAW/$tag.log)"
  fi
}

# run_go OUT TSV PROCS ARGS...: `gobench ARGS...` with GOMAXPROCS=PROCS, its output in $RAW/OUT.out
# (errors in $RAW/OUT.err) and its RESULT lines appended to $RAW/TSV.
run_go() {
  local out=$1 tsv=$2 procs=$3 rc=0
  shift 3
  log "$out: Go $* (GOMAXPROCS=$procs)"
  GOMAXPROCS=$procs timeout 900 "$GOBENCH" "$@" >"$RAW/$out.out" 2>"$RAW/$out.err" || rc=$?
  if [[ $rc != 0 ]]; then
    warn "$out: Go failed (exit $rc$([[ $rc == 124 ]] && echo ', timed out'); see $RAW/$out.err)"
  fi
  tee -a "$RAW/$tsv" <"$RAW/$out.out" >&2
}

if [[ $RUN_RUNTIME == 1 ]]; then
  # ------------------------------------------------------------------ JMH: go4j and JDK throughput
  log "JMH (log: bench/results/raw/jmh.log)"
  # RunBenchmarks reads BENCH_INCLUDE/FORKS/WARMUP/ITERATIONS; the forks get their JVM flags
  # (go4j.jvmFlags, and the JDK scheduler's parallelism) from the @Fork annotations, and would
  # inherit this JVM's flags too, so it runs without any
  export BENCH_INCLUDE BENCH_FORKS BENCH_WARMUP BENCH_ITERATIONS
  rc=0
  timeout 2400 "$JAVA" -cp "$JAR" io.go4j.bench.RunBenchmarks "$RAW/jmh.tsv" >"$RAW/jmh.log" 2>&1 &
  jmh=$!
  tail -n +1 -f --pid=$jmh "$RAW/jmh.log" 2>/dev/null |
    grep --line-buffered -E '^(# Benchmark:|Iteration|# Warmup Iteration|RESULT|RunBenchmarks)' >&2 || true
  wait $jmh || rc=$?
  if [[ $rc != 0 ]]; then
    warn "JMH: some benchmark failed or hung (exit $rc; see $RAW/jmh.log)"
  fi

  # ------------------------------------------------------------------ ticker latency: go4j, JDK, Go
  run_ticker() { # impl mode cmd...
    local impl=$1 mode=$2; shift 2
    log "ticker $mode: $impl"
    local rc=0
    timeout 60 "$@" >"$RAW/ticker-$mode-$impl.out" 2>"$RAW/ticker-$mode-$impl.err" || rc=$?
    if [[ $rc != 0 ]]; then
      warn "ticker $mode $impl failed (exit $rc$([[ $rc == 124 ]] && echo ', timed out'); see $RAW/ticker-$mode-$impl.err)"
    fi
    cat "$RAW/ticker-$mode-$impl.out" | tee -a "$RAW/ticker.tsv" >&2
  }
  for mode in hog idle; do
    run_ticker go4j $mode "$JAVA" "${JVM_FLAGS_A[@]}" -cp "$JAR" io.go4j.bench.TickerLatency go4j $mode
    run_ticker jdk $mode "$JAVA" "${JVM_FLAGS_A[@]}" -Djdk.virtualThreadScheduler.parallelism=1 \
      -cp "$JAR" io.go4j.bench.TickerLatency jdk $mode
    run_ticker go $mode env GOMAXPROCS=1 "$GOBENCH" ticker $mode
  done

  # ------------------------------------------------------------------ Go throughput
  run_go go-spawn go.tsv 2 spawn -runs "$GO_RUNS" -warmup "$GO_WARMUP"
  run_go go-pingpong go.tsv 2 pingpong -runs "$GO_RUNS" -warmup "$GO_WARMUP"
  run_go go-pingpong-onep go.tsv 1 pingpong -id go.pingPong.oneP -runs "$GO_RUNS" -warmup "$GO_WARMUP"
fi

if [[ $RUN_CHANNELS == 1 ]]; then
  # ------------------------------------------------------------------ channels: JMH (go4j, jox, JDK)
  # one RunBenchmarks JVM per workload, each under its own timeout: a hang (which Watchdog turns
  # into a failed benchmark after BENCH_HANG_SECONDS) cannot cost the other workloads their results
  chan_class() {
    case $1 in
      pingpong) echo ChanPingPongBenchmark ;;
      handoff) echo ChanHandoffBenchmark ;;
      buffered) echo ChanBufferedBenchmark ;;
      select2) echo ChanSelectBenchmark ;;
      chain) echo ChanChainBenchmark ;;
      parallel) echo ChanParallelBenchmark ;;
      skynet) echo ChanSkynetBenchmark ;;
      sieve) echo ChanSieveBenchmark ;;
      *) return 1 ;;
    esac
  }
  chan_go() { # the bench/go workloads of a channels workload
    case $1 in
      buffered) echo buffered16 buffered100 ;;
      *) echo "$1" ;;
    esac
  }
  : >"$RAW/crosscore.txt"
  for w in $CHAN_WORKLOADS; do
    cls=$(chan_class "$w") || { warn "unknown channels workload $w (CHAN_WORKLOADS)"; continue; }
    # the machine's own cross-core round trip just before: what the pair rows ride on
    timeout 60 "$JAVA" -cp "$JAR" io.go4j.bench.CrossCore 3 >>"$RAW/crosscore.txt" ||
      warn "CrossCore before $w failed"
    run_jmh "chan-$w" "$cls" "${CHAN_FORKS:-}" "${CHAN_WARMUP:-}" "${CHAN_ITERATIONS:-}"
  done

  # ------------------------------------------------------------------ channels: Go
  : >"$RAW/go-chan.tsv"
  for w in $CHAN_WORKLOADS; do
    for g in $(chan_go "$w"); do
      run_go "go-chan-$g" go-chan.tsv 2 chan "$g" -runs "$GO_CHAN_RUNS" -warmup "$GO_CHAN_WARMUP"
    done
  done
fi

if [[ $RUN_SYNC == 1 ]]; then
  # ------------------------------------------------------------------ sync: JMH (go4j, JDK)
  sync_class() {
    case $1 in
      mutexUncontended) echo MutexUncontendedBenchmark ;;
      mutexContended) echo MutexContendedBenchmark ;;
      waitGroup) echo WaitGroupFanOutBenchmark ;;
      scope) echo ScopeBenchmark ;;
      *) return 1 ;;
    esac
  }
  sync_go() { # the bench/go workloads of a sync workload
    case $1 in
      scope) echo scope goJoin ;;
      *) echo "$1" ;;
    esac
  }
  for w in $SYNC_WORKLOADS; do
    cls=$(sync_class "$w") || { warn "unknown sync workload $w (SYNC_WORKLOADS)"; continue; }
    run_jmh "sync-$w" "$cls" "${SYNC_FORKS:-}" "${SYNC_WARMUP:-}" "${SYNC_ITERATIONS:-}"
  done

  # ------------------------------------------------------------------ sync: Go
  : >"$RAW/go-sync.tsv"
  for w in $SYNC_WORKLOADS; do
    for g in $(sync_go "$w"); do
      run_go "go-sync-$g" go-sync.tsv 2 sync "$g" -runs "$GO_SYNC_RUNS" -warmup "$GO_SYNC_WARMUP"
    done
  done
fi

if [[ $RUN_PRIORITY == 1 ]]; then
  # ------------------------------------------------------------------ priority: JMH (go4j, JDK)
  # PiMutex beside Mutex and ReentrantLock in one run (the same JVM flags, the same minute)
  run_jmh prio-mutex '(Pi)?MutexUncontendedBenchmark' "${PRIO_FORKS:-}" "${PRIO_WARMUP:-}" "${PRIO_ITERATIONS:-}"
  run_jmh prio-chain PiChainBoostBenchmark "${PRIO_FORKS:-}" "${PRIO_WARMUP:-}" "${PRIO_ITERATIONS:-}"

  # ------------------------------------------------------------------ priority: latency program
  : >"$RAW/prio-latency.tsv"
  run_prio() { # impl prio extra-jvm-flags...
    local impl=$1 prio=$2 rc=0; shift 2
    log "priority latency: $impl $prio (GOMAXPROCS=2, $PRIO_FLOOD NORMAL flood goroutines)"
    BENCH_DUMP_DIR="$RAW" BENCH_HANG_SECONDS=45 timeout 60 "$JAVA" "${JVM_FLAGS_A[@]}" "$@" -cp "$JAR" \
      io.go4j.bench.PriorityLatency "$impl" "$prio" "$PRIO_SAMPLES" "$PRIO_WARMUP_SAMPLES" "$PRIO_FLOOD" \
      >"$RAW/prio-latency-$impl-$prio.out" 2>"$RAW/prio-latency-$impl-$prio.err" || rc=$?
    if [[ $rc != 0 ]]; then
      warn "priority latency $impl $prio failed (exit $rc$([[ $rc == 124 ]] && echo ', timed out')$([[ $rc == 3 ]] && echo ', hung'); see $RAW/prio-latency-$impl-$prio.err)"
    fi
    tee -a "$RAW/prio-latency.tsv" <"$RAW/prio-latency-$impl-$prio.out" >&2
  }
  run_prio go4j realtime
  run_prio go4j normal
  run_prio jdk normal -Djdk.virtualThreadScheduler.parallelism=2
fi

if [[ $RUN_TESTKIT == 1 ]]; then
  # ------------------------------------------------------------------ testkit: JMH (go4j only)
  # each runtime kind is a JMH @Param of DeterministicBenchmark; a hung deterministic run is
  # abandoned after BENCH_HANG_SECONDS (default 60 s here: no invocation should take 2 s)
  BENCH_HANG_SECONDS=${BENCH_HANG_SECONDS:-60} \
    run_jmh tk-runtime DeterministicBenchmark "${TK_FORKS:-}" "${TK_WARMUP:-}" "${TK_ITERATIONS:-}"
  BENCH_HANG_SECONDS=${BENCH_HANG_SECONDS:-60} \
    run_jmh tk-explorer ExplorerBenchmark "${TK_FORKS:-}" "${TK_WARMUP:-}" "${TK_ITERATIONS:-}"
fi

if [[ $RUN_PAIRED == 1 ]]; then
  # ------------------------------------------------------------------ paired rounds
  paired_jmh() { # run → CLASS and the include regexp of its JMH benchmarks
    case $1 in
      spawn) echo 'SpawnBenchmark ^io\.go4j\.bench\.SpawnBenchmark\.(go4j|jdk)Spawn(Wait|Join)$' ;;
      parkpingpong) echo 'PingPongBenchmark ^io\.go4j\.bench\.PingPongBenchmark\.(go4jParkReady|jdkSynchronousQueue)$' ;;
      waitgroup) echo 'WaitGroupFanOutBenchmark ^io\.go4j\.bench\.WaitGroupFanOutBenchmark\.' ;;
      chanpingpong) echo 'ChanPingPongBenchmark ^io\.go4j\.bench\.ChanPingPongBenchmark\.' ;;
      handoff) echo 'ChanHandoffBenchmark ^io\.go4j\.bench\.ChanHandoffBenchmark\.' ;;
      select2) echo 'ChanSelectBenchmark ^io\.go4j\.bench\.ChanSelectBenchmark\.(go4j|jox)$' ;;
      chain|parallel|sieve) # jox left out: 8-17x slower than go4j in every report
        local c="Chan${1^}Benchmark"
        echo "$c ^io\\.go4j\\.bench\\.$c\\.(go4j|jdk)\$" ;;
      *) return 1 ;;
    esac
  }
  paired_go() { # run → its gobench arguments
    case $1 in
      spawn) echo spawn ;;
      parkpingpong) echo pingpong ;;
      waitgroup) echo sync waitGroup ;;
      chanpingpong) echo chan pingpong ;;
      handoff) echo chan handoff ;;
      select2|chain|parallel|sieve) echo chan "$1" ;;
    esac
  }
  paired_go_run() { # run round → $RAW/go-paired-RUN-ROUND.tsv
    # shellcheck disable=SC2046 # the gobench arguments are words
    run_go "go-paired-$1-$2" "go-paired-$1-$2.tsv" 2 $(paired_go "$1") \
      -runs "$GO_PAIRED_RUNS" -warmup "$GO_PAIRED_WARMUP"
  }
  for r in $(seq "$PAIRED_ROUNDS"); do
    for k in $PAIRED_RUNS; do
      spec=$(paired_jmh "$k") || { warn "unknown paired run $k (PAIRED_RUNS)"; continue; }
      read -r cls include <<<"$spec"
      if (( r % 2 == 0 )); then paired_go_run "$k" "$r"; fi
      run_jmh "paired-$k-$r" "$cls" 1 "${PAIRED_WARMUP:-}" "${PAIRED_ITERATIONS:-}" "$include"
      if (( r % 2 == 1 )); then paired_go_run "$k" "$r"; fi
    done
  done
fi

# ------------------------------------------------------------------ report metadata
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
machine="$(nproc) cores ($cpu), $mem, $(uname -sr)"
jdkv=$("$JAVA" -version 2>&1 | sed -n 2p)
gov=$(go version)
commit="${BENCH_COMMIT:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)}"
if [[ $commit != unknown && -n $(git -C "$ROOT" status --porcelain -- runtime channels select api testkit 2>/dev/null) ]]; then
  commit+=" + uncommitted changes in runtime/channels/select/api/testkit"
fi
date=$(date -u '+%Y-%m-%d %H:%M UTC')
joxv=$(sed -n 's:.*<jox.version>\(.*\)</jox.version>.*:\1:p' "$ROOT/pom.xml" | head -1)
crosscore=""
if [[ $RUN_CHANNELS == 1 && -s $RAW/crosscore.txt ]]; then
  crosscore=$(sort -g "$RAW/crosscore.txt" | awk '{v[NR] = $1} END {
    printf "median %.0f ns, %.0f–%.0f ns over %d samples (io.go4j.bench.CrossCore: two platform threads taking turns through one volatile int, 1M round trips a sample, 3 samples before each channels workload); a pair split across two carriers pays at least this per round trip", v[int((NR + 1) / 2)], v[1], v[NR], NR }')
fi
quick=""
if [[ $QUICK == 1 ]]; then
  quick="yes (bench/run.sh --quick: fewer forks, iterations and runs, to check that everything works; noisy, not a measurement)"
fi

if [[ $RUN_RUNTIME == 1 && $REPORT == 0 ]]; then
  # ------------------------------------------------------------------ runtime report
  log "bench/results/runtime.md"
  cmd="bench/run.sh${*:+ $*}"
  [[ -n ${BENCH_FORKS:-}${BENCH_WARMUP:-}${BENCH_ITERATIONS:-} ]] &&
    cmd+=" (JMH forks=${BENCH_FORKS:-annotation} warmup=${BENCH_WARMUP:-annotation} iterations=${BENCH_ITERATIONS:-annotation})"
  "$JAVA" -Dreport.quick="$quick" -Dreport.date="$date" -Dreport.machine="$machine" \
    -Dreport.jdk="$jdkv" -Dreport.go="$gov, GOMAXPROCS as in each row" -Dreport.command="$cmd" -Dreport.commit="$commit" \
    -cp "$JAR" io.go4j.bench.Report "$RESULTS/runtime.md" "$RAW/jmh.tsv" "$RAW/ticker.tsv" "$RAW/go.tsv" ||
    warn "the runtime report has empty or failed cells (see above)"
fi

if [[ $RUN_CHANNELS == 1 && $REPORT == 0 ]]; then
  # ------------------------------------------------------------------ channels report
  log "bench/results/channels.md"
  cmd="bench/run.sh${*:+ $*}"
  [[ $CHAN_WORKLOADS != "pingpong handoff buffered select2 chain parallel skynet sieve" ]] &&
    cmd+=" (CHAN_WORKLOADS=$CHAN_WORKLOADS)"
  cmd+=" (JMH forks=${CHAN_FORKS:-annotation} warmup=${CHAN_WARMUP:-annotation} iterations=${CHAN_ITERATIONS:-annotation}; Go runs=$GO_CHAN_RUNS warm-up=$GO_CHAN_WARMUP)"
  chan_tsvs=()
  for w in $CHAN_WORKLOADS; do chan_tsvs+=("$RAW/chan-$w.tsv"); done
  "$JAVA" -Dreport.quick="$quick" -Dreport.date="$date" -Dreport.machine="$machine" \
    -Dreport.jdk="$jdkv (go4j, jox and JDK rows)" -Dreport.go="$gov, GOMAXPROCS=2" \
    -Dreport.jox="com.softwaremill.jox:channels $joxv" -Dreport.crosscore="$crosscore" \
    -Dreport.command="$cmd" -Dreport.commit="$commit" \
    -cp "$JAR" io.go4j.bench.Report --channels "$RESULTS/channels.md" "${chan_tsvs[@]}" "$RAW/go-chan.tsv" ||
    warn "the channels report has empty or failed cells (see above)"
fi

if [[ $RUN_SYNC == 1 && $REPORT == 0 ]]; then
  # ------------------------------------------------------------------ sync report
  log "bench/results/sync.md"
  cmd="bench/run.sh${*:+ $*}"
  [[ $SYNC_WORKLOADS != "mutexUncontended mutexContended waitGroup scope" ]] &&
    cmd+=" (SYNC_WORKLOADS=$SYNC_WORKLOADS)"
  cmd+=" (JMH forks=${SYNC_FORKS:-annotation} warmup=${SYNC_WARMUP:-annotation} iterations=${SYNC_ITERATIONS:-annotation}; Go runs=$GO_SYNC_RUNS warm-up=$GO_SYNC_WARMUP)"
  sync_tsvs=()
  for w in $SYNC_WORKLOADS; do sync_tsvs+=("$RAW/sync-$w.tsv"); done
  "$JAVA" -Dreport.quick="$quick" -Dreport.date="$date" -Dreport.machine="$machine" \
    -Dreport.jdk="$jdkv (go4j and JDK rows)" -Dreport.go="$gov, GOMAXPROCS=2" \
    -Dreport.command="$cmd" -Dreport.commit="$commit" \
    -cp "$JAR" io.go4j.bench.Report --sync "$RESULTS/sync.md" "${sync_tsvs[@]}" "$RAW/go-sync.tsv" ||
    warn "the sync report has empty or failed cells (see above)"
fi

if [[ $RUN_PRIORITY == 1 ]]; then
  # ------------------------------------------------------------------ priority report
  log "bench/results/priority.md"
  cmd="bench/run.sh${*:+ $*}"
  cmd+=" (JMH forks=${PRIO_FORKS:-annotation} warmup=${PRIO_WARMUP:-annotation} iterations=${PRIO_ITERATIONS:-annotation}; latency samples=$PRIO_SAMPLES warm-up=$PRIO_WARMUP_SAMPLES flood=$PRIO_FLOOD)"
  "$JAVA" -Dreport.quick="$quick" -Dreport.date="$date" -Dreport.machine="$machine" \
    -Dreport.jdk="$jdkv (go4j and JDK rows)" -Dreport.go="$gov: not measured, Go has no goroutine priorities" \
    -Dreport.command="$cmd" -Dreport.commit="$commit" \
    -cp "$JAR" io.go4j.bench.Report --priority "$RESULTS/priority.md" \
    "$RAW/prio-mutex.tsv" "$RAW/prio-chain.tsv" "$RAW/prio-latency.tsv" ||
    warn "the priority report has empty or failed cells (see above)"
fi

if [[ $RUN_TESTKIT == 1 ]]; then
  # ------------------------------------------------------------------ testkit report
  log "bench/results/testkit-runtime.md"
  cmd="bench/run.sh${*:+ $*}"
  cmd+=" (JMH forks=${TK_FORKS:-annotation} warmup=${TK_WARMUP:-annotation} iterations=${TK_ITERATIONS:-annotation})"
  "$JAVA" -Dreport.quick="$quick" -Dreport.date="$date" -Dreport.machine="$machine" \
    -Dreport.jdk="$jdkv" -Dreport.command="$cmd" -Dreport.commit="$commit" \
    -cp "$JAR" io.go4j.bench.TestkitReport "$RESULTS/testkit-runtime.md" \
    "$RAW/tk-runtime.tsv" "$RAW/tk-explorer.tsv" ||
    warn "the testkit report has empty or failed cells (see above)"
fi

if [[ $RUN_PAIRED == 1 ]]; then
  log "bench/results/paired.md"
  cmd="bench/run.sh${*:+ $*} (rounds=$PAIRED_ROUNDS, runs: $PAIRED_RUNS; JMH forks=1 warmup=${PAIRED_WARMUP:-annotation} iterations=${PAIRED_ITERATIONS:-annotation}; Go runs=$GO_PAIRED_RUNS warm-up=$GO_PAIRED_WARMUP)"
  # shellcheck disable=SC2086 # PAIRED_RUNS is a list of words
  "$JAVA" -Dreport.quick="$quick" -Dreport.date="$date" -Dreport.machine="$machine" \
    -Dreport.jdk="$jdkv (go4j, jox and JDK columns)" -Dreport.go="$gov, GOMAXPROCS=2" \
    -Dreport.command="$cmd" -Dreport.commit="$commit" \
    -cp "$JAR" io.go4j.bench.PairedReport "$RESULTS/paired.md" "$RAW" "$PAIRED_ROUNDS" $PAIRED_RUNS ||
    warn "the paired report has empty or failed cells (see above)"
fi

if [[ $REPORT == 1 ]]; then
  # ------------------------------------------------------------------ the summary
  log "docs/benchmarks.md, docs/benchmarks.svg, docs/benchmarks.png"
  elapsed=$((SECONDS - START_SECONDS))
  duration="$((elapsed / 60)) min $((elapsed % 60)) s (build, benchmarks and all, on this machine)"
  cmd="bench/run.sh${*:+ $*}"
  [[ $BENCH_INCLUDE != '^io\.go4j\.bench\.(Spawn|PingPong)Benchmark\.' ]] && cmd+=" (BENCH_INCLUDE=$BENCH_INCLUDE)"
  [[ $CHAN_WORKLOADS != "pingpong handoff buffered select2 chain parallel skynet sieve" ]] &&
    cmd+=" (CHAN_WORKLOADS=$CHAN_WORKLOADS)"
  [[ $SYNC_WORKLOADS != "mutexUncontended mutexContended waitGroup scope" ]] &&
    cmd+=" (SYNC_WORKLOADS=$SYNC_WORKLOADS)"
  settings="runtime: JMH forks=${BENCH_FORKS:-annotation} warmup=${BENCH_WARMUP:-annotation} iterations=${BENCH_ITERATIONS:-annotation}, Go runs=$GO_RUNS warm-up=$GO_WARMUP;"
  settings+=" channels: JMH forks=${CHAN_FORKS:-annotation} warmup=${CHAN_WARMUP:-annotation} iterations=${CHAN_ITERATIONS:-annotation}, Go runs=$GO_CHAN_RUNS warm-up=$GO_CHAN_WARMUP;"
  settings+=" sync: JMH forks=${SYNC_FORKS:-annotation} warmup=${SYNC_WARMUP:-annotation} iterations=${SYNC_ITERATIONS:-annotation}, Go runs=$GO_SYNC_RUNS warm-up=$GO_SYNC_WARMUP"
  settings+=" (annotation: the benchmark's own @Fork/@Warmup/@Measurement; each measurement's detail below says what it got)"
  report_tsvs=("$RAW/jmh.tsv" "$RAW/ticker.tsv" "$RAW/go.tsv")
  for w in $CHAN_WORKLOADS; do report_tsvs+=("$RAW/chan-$w.tsv"); done
  report_tsvs+=("$RAW/go-chan.tsv")
  for w in $SYNC_WORKLOADS; do report_tsvs+=("$RAW/sync-$w.tsv"); done
  report_tsvs+=("$RAW/go-sync.tsv")
  mkdir -p "$ROOT/docs"
  "$JAVA" -Djava.awt.headless=true -Dreport.quick="$quick" -Dreport.date="$date" \
    -Dreport.machine="$machine" -Dreport.jdk="$jdkv" -Dreport.go="$gov" \
    -Dreport.jox="com.softwaremill.jox:channels $joxv" -Dreport.commit="$commit" \
    -Dreport.crosscore="$crosscore" \
    -Dreport.command="$cmd" -Dreport.duration="$duration" -Dreport.settings="$settings" \
    -cp "$JAR" io.go4j.bench.BenchmarksReport "$ROOT/docs/benchmarks.md" \
    "$ROOT/docs/benchmarks.svg" "$ROOT/docs/benchmarks.png" "${report_tsvs[@]}" ||
    warn "the summary has empty or failed cells (see above)"
  printf '\nrun.sh: --report took %s\n' "$duration" >&2
fi

if ((${#FAILURES[@]})); then
  printf '\nrun.sh: %d step(s) failed:\n' "${#FAILURES[@]}" >&2
  printf '  - %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
