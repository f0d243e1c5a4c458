// Go twin of bench/workloads/atomics.c: atomic counters, a compare-and-swap
// retry loop, and two single-producer/single-consumer rings whose indices are
// published with atomic stores (Go's atomics are sequentially consistent, so
// the ring's acquire/release becomes seq_cst here). Prints the same checksum
// as the C program.
//
//	atomics [ITERS]
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

const workers = 4
const ringSize = 256

type ring struct {
	head     uint64 // atomic; written by the consumer
	_        [56]byte
	tail     uint64 // atomic; written by the producer
	_        [56]byte
	slot     [ringSize]uint64 // plain data, ordered by head/tail
	consumed uint64
}

var (
	relaxedHits, seqcstHits uint64
	casSum, casMax          uint64
	rings                   [workers / 2]ring
)

func backoff(spins *uint) {
	*spins++
	if *spins%64 == 0 {
		runtime.Gosched()
	}
}

func produce(r *ring, iters int) {
	var tail uint64
	for i := 0; i < iters; i++ {
		var spins uint
		for tail-atomic.LoadUint64(&r.head) == ringSize {
			backoff(&spins)
		}
		r.slot[tail%ringSize] = uint64(i)*3 + 1
		tail++
		atomic.StoreUint64(&r.tail, tail)
	}
}

func consume(r *ring, iters int) {
	var head, sum uint64
	for i := 0; i < iters; i++ {
		var spins uint
		for atomic.LoadUint64(&r.tail) == head {
			backoff(&spins)
		}
		sum += r.slot[head%ringSize]
		head++
		atomic.StoreUint64(&r.head, head)
	}
	r.consumed = sum
}

// barrier is a reusable phase barrier for a fixed number of goroutines.
type barrier struct {
	mu    sync.Mutex
	cond  *sync.Cond
	n     int
	count int
	gen   int
}

func newBarrier(n int) *barrier {
	b := &barrier{n: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *barrier) wait() {
	b.mu.Lock()
	gen := b.gen
	b.count++
	if b.count == b.n {
		b.count = 0
		b.gen++
		b.cond.Broadcast()
	} else {
		for gen == b.gen {
			b.cond.Wait()
		}
	}
	b.mu.Unlock()
}

func main() {
	iters := 500000
	if len(os.Args) > 1 {
		iters, _ = strconv.Atoi(os.Args[1])
	}
	phase := newBarrier(workers)
	var wg sync.WaitGroup
	for id := 0; id < workers; id++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				atomic.AddUint64(&relaxedHits, 1)
				if i&7 == 0 {
					atomic.AddUint64(&seqcstHits, 1)
				}
			}
			phase.wait()

			x := uint64(88172645463325252) + uint64(id)
			for i := 0; i < iters/2; i++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				v := x & 0xffff
				for old := atomic.LoadUint64(&casMax); v > old; old = atomic.LoadUint64(&casMax) {
					if atomic.CompareAndSwapUint64(&casMax, old, v) {
						break
					}
				}
				for {
					old := atomic.LoadUint64(&casSum)
					if atomic.CompareAndSwapUint64(&casSum, old, old+v) {
						break
					}
				}
			}
			phase.wait()

			if id < workers/2 {
				produce(&rings[id], iters)
			} else {
				consume(&rings[id-workers/2], iters)
			}
		}(id)
	}
	wg.Wait()
	var ringSum uint64
	for i := range rings {
		ringSum += rings[i].consumed
	}
	fmt.Printf("atomics checksum=%d/%d/%d/%d/%d\n", relaxedHits, seqcstHits, casSum, casMax, ringSum)
}
