package main

// The Go side of the channels benchmark: the workloads of bench/src's Chan*Benchmark classes,
// with the same parameters (see bench/results/channels.md for their definitions).
//
//	gobench chan pingpong|handoff|buffered16|buffered100|select2|chain|parallel|skynet|sieve|all [-warmup 2 -runs 5]
//
// Each prints one RESULT line go.chan.<workload>: the median of the timed runs after the warm-up
// runs, in ns per operation (ms per run for skynet and sieve).

import "fmt"

const (
	pingPongN   = 1000000
	handoffN    = 1000000
	bufferedN   = 10000000
	select2N    = 1000000
	chainLen    = 10000
	chainValues = 1000
	pairs       = 10000
	pairValues  = 1000
	skynetSize  = 1000000
	skynetDiv   = 10
	skynetSum   = 499999500000
	sievePrimes = 2000
	sieveLimit  = 17389 // the 2000th prime
)

var chanWorkloads = []workload{
	{"pingpong", "ns/op", pingPongN, func() { chanPingPong(pingPongN) }},
	{"handoff", "ns/op", handoffN, func() { oneToOne(make(chan int), handoffN) }},
	{"buffered16", "ns/op", bufferedN, func() { oneToOne(make(chan int, 16), bufferedN) }},
	{"buffered100", "ns/op", bufferedN, func() { oneToOne(make(chan int, 100), bufferedN) }},
	{"select2", "ns/op", select2N, func() { select2(select2N) }},
	{"chain", "ns/op", chainLen * chainValues, func() { chain(chainLen, chainValues) }},
	{"parallel", "ns/op", pairs * pairValues, func() { parallel(pairs, pairValues) }},
	{"skynet", "ms", 1, skynetRun},
	{"sieve", "ms", 1, sieve},
}

func chanMain(args []string) {
	workloadsMain("chan", "go.chan.", chanWorkloads, args)
}

// chanPingPong: the main goroutine sends on there and receives on back; one goroutine echoes.
func chanPingPong(n int) {
	there, back := make(chan int), make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			back <- <-there
		}
	}()
	rounds := 0
	for i := 0; i < n; i++ {
		there <- 1
		rounds += <-back
	}
	check("round trips", n, rounds)
}

// oneToOne: one goroutine sends n values on ch, the main goroutine receives them.
func oneToOne(ch chan int, n int) {
	go func() {
		for i := 0; i < n; i++ {
			ch <- 1
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	check("values", n, sum)
}

// select2: two goroutines send n/2 values each on their own unbuffered channel; n selects.
func select2(n int) {
	a, b := make(chan int), make(chan int)
	for _, ch := range []chan int{a, b} {
		go func(ch chan int) {
			for i := 0; i < n/2; i++ {
				ch <- 1
			}
		}(ch)
	}
	sa, sb := 0, 0
	for i := 0; i < n; i++ {
		select {
		case v := <-a:
			sa += v
		case v := <-b:
			sb += v
		}
	}
	check("values from a", n/2, sa)
	check("selects", n, sa+sb)
}

// chain: a source, length-1 relays and the main goroutine over length unbuffered channels.
func chain(length, values int) {
	first := make(chan int)
	go func() {
		for v := 0; v < values; v++ {
			first <- 1
		}
	}()
	in := first
	for i := 1; i < length; i++ {
		out := make(chan int)
		go func(from, to chan int) {
			for v := 0; v < values; v++ {
				to <- <-from
			}
		}(in, out)
		in = out
	}
	sum := 0
	for v := 0; v < values; v++ {
		sum += <-in
	}
	check("values", values, sum)
}

// parallel: n sender/receiver pairs over their own unbuffered channel; receivers report counts.
func parallel(n, values int) {
	results := make(chan int, n)
	for p := 0; p < n; p++ {
		ch := make(chan int)
		go func() {
			c := 0
			for v := 0; v < values; v++ {
				c += <-ch
			}
			results <- c
		}()
		go func() {
			for v := 0; v < values; v++ {
				ch <- 1
			}
		}()
	}
	sum := 0
	for p := 0; p < n; p++ {
		sum += <-results
	}
	check("values", n*values, sum)
}

func skynet(c chan int, num, size, div int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int, div)
	sub := size / div
	for i := 0; i < div; i++ {
		go skynet(rc, num+i*sub, sub, div)
	}
	sum := 0
	for i := 0; i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

func skynetRun() {
	c := make(chan int, 1)
	go skynet(c, 0, skynetSize, skynetDiv)
	check("as the sum", skynetSum, <-c)
}

// sieve: Go's concurrent prime sieve; the generator stops at the 2000th prime and closes, each
// filter closes its output after its input, so no goroutine outlives the run.
func sieve() {
	ch := make(chan int)
	go func(gen chan<- int) {
		for i := 2; i <= sieveLimit; i++ {
			gen <- i
		}
		close(gen)
	}(ch)
	prime := 0
	for n := 0; n < sievePrimes; n++ {
		prime = <-ch
		out := make(chan int)
		go func(in <-chan int, out chan<- int, p int) {
			for i := range in {
				if i%p != 0 {
					out <- i
				}
			}
			close(out)
		}(ch, out, prime)
		ch = out
	}
	check("as the 2000th prime", sieveLimit, prime)
	if v, ok := <-ch; ok {
		panic(fmt.Sprintf("expected the sieve to end after %d, got %d", sieveLimit, v))
	}
}
