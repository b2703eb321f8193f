package main

// The Go side of the sync benchmark: the workloads of bench/src's MutexUncontendedBenchmark,
// MutexContendedBenchmark, WaitGroupFanOutBenchmark and ScopeBenchmark, with the same parameters
// (see bench/results/sync.md).
//
//	gobench sync mutexUncontended|mutexContended|waitGroup|scope|goJoin|all [-warmup 2 -runs 5]
//
// Each prints one RESULT line go.sync.<workload>: the median of the timed runs after the warm-up
// runs, in ns per operation (lock/unlock pair, goroutine, scope).

import (
	"sync"
	"sync/atomic"
)

const (
	mutexUncontendedN = 10000000
	mutexContendedPer = 2500000 // per goroutine, two goroutines
	waitGroupN        = 100000
	scopeN            = 100000
)

var syncWorkloads = []workload{
	{"mutexUncontended", "ns/op", mutexUncontendedN, func() { mutexUncontended(mutexUncontendedN) }},
	{"mutexContended", "ns/op", 2 * mutexContendedPer, func() { mutexContended(mutexContendedPer) }},
	{"waitGroup", "ns/op", waitGroupN, func() { waitGroupFanOut(waitGroupN) }},
	{"scope", "ns/op", scopeN, func() { scopeOfOne(scopeN) }},
	{"goJoin", "ns/op", scopeN, func() { goJoin(scopeN) }},
}

func syncMain(args []string) {
	workloadsMain("sync", "go.sync.", syncWorkloads, args)
}

// mutexUncontended: one goroutine locks and unlocks a sync.Mutex n times, incrementing a counter
// it guards each time.
func mutexUncontended(n int) {
	var mu sync.Mutex
	counter := 0
	for i := 0; i < n; i++ {
		mu.Lock()
		counter++
		mu.Unlock()
	}
	mu.Lock()
	defer mu.Unlock()
	check("increments", n, counter)
}

// mutexContended: two goroutines each lock, increment a shared counter and unlock per times.
func mutexContended(per int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	check("increments", 2*per, counter)
}

// waitGroupFanOut: n goroutines, each added to the WaitGroup on its own (wg.Add(1)), increment a
// shared counter and call wg.Done; the main goroutine waits for all of them.
func waitGroupFanOut(n int) {
	var wg sync.WaitGroup
	var ran int64
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			atomic.AddInt64(&ran, 1)
			wg.Done()
		}()
	}
	wg.Wait()
	check("goroutines run", n, int(atomic.LoadInt64(&ran)))
}

// scopeOfOne: what a Go program writes for a scope with one child, n times: a WaitGroup of one.
func scopeOfOne(n int) {
	var ran int64
	for i := 0; i < n; i++ {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			atomic.AddInt64(&ran, 1)
			wg.Done()
		}()
		wg.Wait()
	}
	check("children run", n, int(atomic.LoadInt64(&ran)))
}

// goJoin: start a goroutine and wait for it, n times; Go has no join: the child closes a channel.
func goJoin(n int) {
	var ran int64
	for i := 0; i < n; i++ {
		done := make(chan struct{})
		go func() {
			atomic.AddInt64(&ran, 1)
			close(done)
		}()
		<-done
	}
	check("goroutines run", n, int(atomic.LoadInt64(&ran)))
}
