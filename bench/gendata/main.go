// Command gendata writes the speed benchmarks' 200,000 × 50 Gaussian data set
// into a folder for bench/reference.py: go run ./bench/gendata DIR.
package main

import (
	"fmt"
	"os"

	"nnlr/bench"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/gendata DIR")
		os.Exit(2)
	}
	if err := bench.WriteGaussian(os.Args[1], 200_000, 50, 1); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}
