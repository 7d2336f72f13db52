package explain

import (
	"errors"
	"slices"
)

// Spread returns the median, the smallest and the largest of values (the
// median of an even count is the mean of the middle two). It returns an
// error when values is empty.
func Spread(values []float64) (median, lo, hi float64, err error) {
	if len(values) == 0 {
		return 0, 0, 0, errors.New("spread: no values")
	}
	v := slices.Clone(values)
	slices.Sort(v)
	k := len(v) / 2
	median = v[k]
	if len(v)%2 == 0 {
		median = (v[k-1] + v[k]) / 2
	}
	return median, v[0], v[len(v)-1], nil
}
