// Go twin of bench/workloads/lock_counter.c: four goroutines increment
// shared counters under one sync.Mutex. Same iteration count and arithmetic,
// so it prints the same checksum as the C program.
//
//	lock_counter [ITERS]
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

const workers = 4

var (
	mu       sync.Mutex
	counter  uint64 // guarded by mu
	weighted uint64 // guarded by mu
)

func main() {
	iters := 900000
	if len(os.Args) > 1 {
		iters, _ = strconv.Atoi(os.Args[1])
	}
	var wg sync.WaitGroup
	for id := 0; id < workers; id++ {
		wg.Add(1)
		go func(id uint64) {
			defer wg.Done()
			local := id * 2654435761
			for i := 0; i < iters; i++ {
				local = local*6364136223846793005 + 1442695040888963407
				mu.Lock()
				counter++
				weighted += (local >> 33) & 0xff
				mu.Unlock()
			}
		}(uint64(id))
	}
	wg.Wait()
	if counter != uint64(workers*iters) {
		fmt.Fprintf(os.Stderr, "lock_counter: lost updates: %d\n", counter)
		os.Exit(1)
	}
	fmt.Printf("lock_counter checksum=%d/%d\n", counter, weighted)
}
