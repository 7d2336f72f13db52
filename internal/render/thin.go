package render

import "fmt"

// MaxPlottedPoints is the most data points a boundary or class figure
// draws: above it every stride-th row is drawn (stride = ⌈n / MaxPlottedPoints⌉),
// so a million-row data set renders in about a second instead of a blob that
// takes seconds to draw; the title says so. The text and JSON reports always
// use every row.
const MaxPlottedPoints = 20000

// pointStride is the step between the rows a figure draws of n rows (1:
// every row).
func pointStride(n int) int {
	if n <= MaxPlottedPoints {
		return 1
	}
	return (n + MaxPlottedPoints - 1) / MaxPlottedPoints
}

// thinnedNote is the title line of a figure that draws every stride-th of
// n rows ("" when it draws them all).
func thinnedNote(n, stride int) string {
	if stride <= 1 {
		return ""
	}
	return fmt.Sprintf("\n1 in %d of the %d points drawn", stride, n)
}
