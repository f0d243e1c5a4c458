// Go twin of bench/workloads/hashmap.c: a hash map with lock striping (64
// sync.Mutex stripes over 4096 buckets, each a Go map), four goroutines doing
// 60% lookups, 30% add-to-value upserts and 10% deletes. Prints the same
// checksum (the sum of all values added) as the C program.
//
//	hashmap [OPS]
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

const (
	workers = 4
	buckets = 4096
	stripes = 64
	keys    = 20000
)

var (
	stripe [stripes]sync.Mutex
	bucket [buckets]map[uint64]uint64 // bucket b guarded by stripe[b%stripes]
)

type tally struct{ added, removed, hits uint64 }

func hash(key uint64) uint64 {
	key ^= key >> 33
	key *= 0xff51afd7ed558ccd
	key ^= key >> 33
	return key % buckets
}

func main() {
	ops := 400000
	if len(os.Args) > 1 {
		ops, _ = strconv.Atoi(os.Args[1])
	}
	for b := range bucket {
		bucket[b] = make(map[uint64]uint64)
	}
	var tallies [workers]tally
	var wg sync.WaitGroup
	for id := 0; id < workers; id++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			t := &tallies[id]
			x := uint64(0x2545F4914F6CDD1D) * uint64(id+1)
			for i := 0; i < ops; i++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				key := (x >> 8) % keys
				b, op := hash(key), x%10
				m := &stripe[b%stripes]
				m.Lock()
				v, found := bucket[b][key]
				switch {
				case op < 6:
					if found {
						t.hits += v & 1
					}
				case op < 9:
					add := (x >> 20) & 0xfff
					bucket[b][key] = v + add
					t.added += add
				case found:
					delete(bucket[b], key)
					t.removed += v
				}
				m.Unlock()
			}
		}(id)
	}
	wg.Wait()
	var added, removed, remaining uint64
	for _, t := range tallies {
		added += t.added
		removed += t.removed
	}
	for _, m := range bucket {
		for _, v := range m {
			remaining += v
		}
	}
	if remaining+removed != added {
		fmt.Fprintf(os.Stderr, "hashmap: lost updates: %d + %d != %d\n", remaining, removed, added)
		os.Exit(1)
	}
	fmt.Printf("hashmap checksum=%d\n", added)
}
