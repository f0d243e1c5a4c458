// Go twin of bench/workloads/prodcons.c: two producers send heap-allocated
// messages through a bounded channel (capacity 64, Go's native form of the C
// program's mutex + condition-variable ring) to two consumers. Prints the
// same checksum as the C program.
//
//	prodcons [MSGS]
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

const (
	producers = 2
	consumers = 2
	queue     = 64
	payload   = 16
)

type message struct {
	seq     uint64
	payload [payload]uint64
}

func main() {
	msgs := 60000
	if len(os.Args) > 1 {
		msgs, _ = strconv.Atoi(os.Args[1])
	}
	q := make(chan *message, queue)
	var pwg, cwg sync.WaitGroup
	sums := make([]uint64, consumers)
	for c := 0; c < consumers; c++ {
		cwg.Add(1)
		go func(c int) {
			defer cwg.Done()
			var sum uint64
			for m := range q {
				for k := 0; k < payload; k++ {
					sum += m.payload[k] ^ m.seq
				}
			}
			sums[c] = sum
		}(c)
	}
	for p := 1; p <= producers; p++ {
		pwg.Add(1)
		go func(base uint64) {
			defer pwg.Done()
			for i := 0; i < msgs; i++ {
				m := &message{seq: base + uint64(i)}
				for k := 0; k < payload; k++ {
					m.payload[k] = m.seq * uint64(k+1)
				}
				q <- m
			}
		}(uint64(p) * 1000003)
	}
	pwg.Wait()
	close(q)
	cwg.Wait()
	var sum uint64
	for _, s := range sums {
		sum += s
	}
	fmt.Printf("prodcons checksum=%d\n", sum)
}
