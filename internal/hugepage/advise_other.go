//go:build !linux

package hugepage

// alignOffset is 0 where huge pages are not requested.
func alignOffset([]float64) int { return 0 }

// advise does nothing where huge pages are not requested.
func advise([]float64) {}
