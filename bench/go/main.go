// Command gobench runs the Go side of go4j's runtime benchmarks, with the same
// parameters as the JMH benchmarks and TickerLatency in bench/src, and prints
// RESULT lines in the format of io.go4j.bench.Results:
//
//	RESULT <tab> id <tab> unit <tab> value <tab> n <tab> detail
//
// Usage (GOMAXPROCS from the environment, as bench/run.sh sets it):
//
//	gobench spawn    [-n 1000000 -warmup 4 -runs 12]
//	gobench pingpong [-n 1000000 -warmup 4 -runs 12 -id go.pingPong]
//	gobench ticker   hog|idle [-period 1ms -window 2s -warm 500ms]
//	gobench chan     <workload>|all [-warmup 2 -runs 5]   (chan.go: the channels benchmark)
//	gobench sync     <workload>|all [-warmup 2 -runs 5]   (sync.go: the sync benchmark)
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd, args := os.Args[1], os.Args[2:]
	switch cmd {
	case "chan":
		chanMain(args)
		return
	case "sync":
		syncMain(args)
		return
	}
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	n := fs.Int("n", 1000000, "goroutines spawned / round trips per run")
	warmup := fs.Int("warmup", 4, "untimed runs first")
	runs := fs.Int("runs", 12, "timed runs")
	period := fs.Duration("period", time.Millisecond, "ticker period")
	window := fs.Duration("window", 2*time.Second, "ticker: measuring window")
	warm := fs.Duration("warm", 500*time.Millisecond, "ticker: warm-up before the window")
	id := fs.String("id", "", "pingpong: the result's id (default go.pingPong)")
	switch cmd {
	case "spawn":
		fs.Parse(args)
		measure("go.spawnWait", "ns/op", *n, *warmup, *runs, spawnWait)
	case "pingpong":
		fs.Parse(args)
		if *id == "" {
			*id = "go.pingPong"
		}
		measure(*id, "ns/op", *n, *warmup, *runs, pingPong)
	case "ticker":
		if len(args) < 1 || (args[0] != "hog" && args[0] != "idle") {
			usage()
		}
		fs.Parse(args[1:])
		ticker(args[0] == "hog", *period, *window, *warm)
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gobench spawn|pingpong [-n N -warmup W -runs R -id ID] | ticker hog|idle [-period D -window D -warm D] | chan|sync WORKLOAD|all [-warmup W -runs R]")
	os.Exit(64)
}

// measure runs f (n operations) warmup+runs times and reports the median ns/op.
func measure(id, unit string, n, warmup, runs int, f func(n int)) {
	for i := 0; i < warmup; i++ {
		f(n)
	}
	v := make([]float64, runs)
	for i := range v {
		start := time.Now()
		f(n)
		v[i] = float64(time.Since(start).Nanoseconds()) / float64(n)
	}
	sort.Float64s(v)
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	result(id, unit, median(v), runs, fmt.Sprintf("mean %.1f, min %.1f, max %.1f, %d runs after %d warm-up, GOMAXPROCS=%d",
		sum/float64(runs), v[0], v[runs-1], runs, warmup, runtime.GOMAXPROCS(0)))
}

// workload is one named workload of the chan and sync commands: run does one whole run of it.
type workload struct {
	name string
	unit string  // "ns/op" (divided by ops) or "ms" (per run)
	ops  float64 // operations per run, for ns/op
	run  func()
}

// workloadsMain runs "gobench <cmd> <workload>|all [-warmup W -runs R]" over list, printing one
// RESULT line <prefix><workload> per workload.
func workloadsMain(cmd, prefix string, list []workload, args []string) {
	if len(args) < 1 {
		usage()
	}
	name, rest := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	warmup := fs.Int("warmup", 2, "untimed runs first")
	runs := fs.Int("runs", 5, "timed runs")
	fs.Parse(rest)
	found := false
	for _, w := range list {
		if name == "all" || name == w.name {
			found = true
			measureWorkload(prefix, w, *warmup, *runs)
		}
	}
	if !found {
		fmt.Fprintln(os.Stderr, "gobench "+cmd+": unknown workload", name)
		os.Exit(64)
	}
}

// measureWorkload runs w warmup+runs times and reports the median of the timed runs.
func measureWorkload(prefix string, w workload, warmup, runs int) {
	for i := 0; i < warmup; i++ {
		w.run()
	}
	v := make([]float64, runs)
	for i := range v {
		start := time.Now()
		w.run()
		ns := float64(time.Since(start).Nanoseconds())
		if w.unit == "ms" {
			v[i] = ns / 1e6
		} else {
			v[i] = ns / w.ops
		}
	}
	sort.Float64s(v)
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	result(prefix+w.name, w.unit, median(v), runs, fmt.Sprintf("mean %.1f, min %.1f, max %.1f, %d runs after %d warm-up, GOMAXPROCS=%d",
		sum/float64(runs), v[0], v[runs-1], runs, warmup, runtime.GOMAXPROCS(0)))
}

// check panics unless actual is expected: every workload checks what it counted.
func check(what string, expected, actual int) {
	if actual != expected {
		panic(fmt.Sprintf("expected %d %s, got %d", expected, what, actual))
	}
}

func median(sorted []float64) float64 {
	k := len(sorted)
	if k%2 == 1 {
		return sorted[k/2]
	}
	return (sorted[k/2-1] + sorted[k/2]) / 2
}

func result(id, unit string, value float64, n int, detail string) {
	fmt.Printf("RESULT\t%s\t%s\t%.3f\t%d\t%s\n", id, unit, value, n, detail)
}

// spawnWait: n goroutines, each incrementing a shared counter, waited for with a WaitGroup.
func spawnWait(n int) {
	var counter int64
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			atomic.AddInt64(&counter, 1)
			wg.Done()
		}()
	}
	wg.Wait()
	if atomic.LoadInt64(&counter) != int64(n) {
		panic(fmt.Sprintf("expected %d increments, got %d", n, counter))
	}
}

// pingPong: n round trips over two unbuffered channels between two goroutines.
func pingPong(n int) {
	there, back := make(chan int), make(chan int)
	done := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			back <- <-there
		}
	}()
	go func() {
		rounds := 0
		for i := 0; i < n; i++ {
			there <- 1
			rounds += <-back
		}
		done <- rounds
	}()
	if r := <-done; r != n {
		panic(fmt.Sprintf("expected %d round trips, got %d", n, r))
	}
}

// ticker: sleep period in a loop and record woke - (before + period) for every
// sleep begun within the window (after warm-up), with or without a goroutine
// spinning in a plain loop; GOMAXPROCS=1 is the caller's. As in TickerLatency,
// a watchdog stops the hog 1 s after the window if the ticker is still stuck.
func ticker(hog bool, period, window, warm time.Duration) {
	start := time.Now()
	warmEnd := start.Add(warm)
	end := warmEnd.Add(window)
	var stop, fired int32
	var spins int64
	watchdog := time.AfterFunc(end.Add(time.Second).Sub(start), func() {
		if atomic.CompareAndSwapInt32(&stop, 0, 1) {
			atomic.StoreInt32(&fired, 1)
		}
	})
	var wg sync.WaitGroup
	lateness := make([]float64, 0, 2048)
	wg.Add(1)
	go func() { // the ticker goroutine starts the hog itself, as in TickerLatency
		defer wg.Done()
		var hogDone sync.WaitGroup
		if hog {
			hogDone.Add(1)
			go func() {
				defer hogDone.Done()
				var n int64
				for atomic.LoadInt32(&stop) == 0 {
					n++
				}
				atomic.StoreInt64(&spins, n)
			}()
		}
		for {
			before := time.Now()
			if !before.Before(end) {
				break
			}
			time.Sleep(period)
			woke := time.Now()
			if !before.Before(warmEnd) {
				lateness = append(lateness, float64(woke.Sub(before)-period)/1e3)
			}
		}
		atomic.CompareAndSwapInt32(&stop, 0, 1)
		hogDone.Wait()
	}()
	wg.Wait()
	watchdog.Stop()
	sort.Float64s(lateness)
	mode := "idle"
	if hog {
		mode = "hog"
	}
	id := "ticker." + mode + ".go"
	maxLate := math.NaN()
	if len(lateness) > 0 {
		maxLate = lateness[len(lateness)-1]
	}
	starved := atomic.LoadInt32(&fired) == 1
	state := "not starved"
	if starved {
		state = "STARVED: the watchdog had to stop the hog"
	}
	ideal := int(window / period)
	detail := fmt.Sprintf("%d wake-ups in a %.1f s window (%d with a perfect timer), max %.1f µs, %s, hog spins %d, run %.1f s, GOMAXPROCS=%d",
		len(lateness), window.Seconds(), ideal, maxLate, state, atomic.LoadInt64(&spins), time.Since(start).Seconds(), runtime.GOMAXPROCS(0))
	result(id+".p50", "µs", percentile(lateness, 0.50), len(lateness), detail)
	result(id+".p99", "µs", percentile(lateness, 0.99), len(lateness), detail)
	result(id+".samples", "count", float64(len(lateness)), ideal, detail)
	flag := 0.0
	if starved {
		flag = 1
	}
	result(id+".starved", "bool", flag, 1, detail)
}

// percentile: nearest rank of sorted values, NaN when empty.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}
