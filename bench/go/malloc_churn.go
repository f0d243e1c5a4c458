// Go twin of bench/workloads/malloc_churn.c: four goroutines allocate slices
// of random sizes, keep a window of live ones and drop the oldest (the
// garbage collector frees them), and hand every 16th to the next goroutine
// through a mutex-protected mailbox. Same arithmetic, so it prints the same
// checksum as the C program.
//
//	malloc_churn [ITERS]
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

const workers = 4
const window = 256

type mailbox struct {
	mu       sync.Mutex
	blocks   [][]uint64 // guarded by mu
	received uint64
}

var boxes [workers]mailbox

func drain(box *mailbox) uint64 {
	box.mu.Lock()
	blocks := box.blocks
	box.blocks = nil
	box.mu.Unlock()
	var s uint64
	for _, b := range blocks {
		for _, w := range b {
			s += w
		}
	}
	return s
}

func worker(id int, iters int) {
	next := &boxes[(id+1)%workers]
	var win [window][]uint64
	x := uint64(0x9E3779B97F4A7C15) * uint64(id+1)
	var sum uint64
	for i := 0; i < iters; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		words := 2 + x%64
		if i&15 == 15 {
			b := make([]uint64, words)
			for w := range b {
				b[w] = x + uint64(w)
			}
			next.mu.Lock()
			next.blocks = append(next.blocks, b)
			next.mu.Unlock()
			if i&255 == 255 {
				sum += drain(&boxes[id])
			}
			continue
		}
		slot := &win[x%window]
		if *slot != nil {
			sum += (*slot)[0] + (*slot)[1]
		}
		b := make([]uint64, words)
		b[0], b[1] = x, words
		if words > 32 {
			fill := uint64(x&0xff) * 0x0101010101010101
			for w := 2; w < len(b); w++ {
				b[w] = fill
			}
		}
		*slot = b
	}
	for _, b := range win {
		if b != nil {
			sum += b[0] + b[1]
		}
	}
	boxes[id].received = sum
}

func main() {
	iters := 400000
	if len(os.Args) > 1 {
		iters, _ = strconv.Atoi(os.Args[1])
	}
	var wg sync.WaitGroup
	for id := 0; id < workers; id++ {
		wg.Add(1)
		go func(id int) { defer wg.Done(); worker(id, iters) }(id)
	}
	wg.Wait()
	var sum uint64
	for i := range boxes {
		sum += boxes[i].received
	}
	for i := range boxes {
		sum += drain(&boxes[i])
	}
	fmt.Printf("malloc_churn checksum=%d\n", sum)
}
