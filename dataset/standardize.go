package dataset

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"gonum.org/v1/gonum/stat"
	"nnlr/internal/hugepage"
)

// Scaler is a fitted standardisation, as scikit-learn 1.2's StandardScaler:
// z = (x − Mean) / Scale per column, with Scale the population standard
// deviation (ddof 0), or 1 for a constant column, which so becomes 0.
type Scaler struct {
	// Mean holds the d column means.
	Mean []float64
	// Scale holds the d population standard deviations (1 for a constant
	// column).
	Scale []float64
	// Constant lists the indices of the columns whose values are all equal.
	Constant []int

	// exp holds, per column, the power of two the column is divided by
	// before any arithmetic, so that values near ±MaxFloat64 do not
	// overflow (dividing by a power of two is exact).
	exp []int
}

// FitScaler computes the column means and population standard deviations
// of x (n × d, finite values; with n = 0 every mean is 0 and every scale 1) with gonum/stat.PopMeanStdDev. Each
// column is first divided by the power of two at or above its largest
// magnitude, so the sums cannot overflow; a column is constant when its
// minimum equals its maximum (not when rounding leaves a tiny deviation).
func FitScaler(x *mat.Dense) *Scaler {
	n, d := x.Dims()
	s := &Scaler{Mean: make([]float64, d), Scale: make([]float64, d), exp: make([]int, d)}
	if n == 0 {
		for j := range s.Scale {
			s.Scale[j] = 1
		}
		return s
	}
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		mat.Col(col, j, x)
		lo, hi, big := col[0], col[0], 0.0
		for _, v := range col {
			lo, hi, big = math.Min(lo, v), math.Max(hi, v), math.Max(big, math.Abs(v))
		}
		if big > 0 {
			_, s.exp[j] = math.Frexp(big) // big < 2^exp
		}
		for i, v := range col {
			col[i] = math.Ldexp(v, -s.exp[j])
		}
		mean, std := stat.PopMeanStdDev(col, nil)
		s.Mean[j] = math.Ldexp(mean, s.exp[j])
		if lo == hi {
			s.Constant = append(s.Constant, j)
			s.Scale[j] = 1
			continue
		}
		s.Scale[j] = math.Ldexp(std, s.exp[j])
	}
	return s
}

// Transform returns the z-scores of x (m × d): (x − Mean) / Scale, computed
// in the scaled units of FitScaler so that no intermediate overflows;
// constant columns become 0.
func (s *Scaler) Transform(x *mat.Dense) *mat.Dense {
	m, d := x.Dims()
	z := mat.NewDense(m, d, hugepage.Floats(m*d)) // read in shuffled row order by training
	for j := 0; j < d; j++ {
		e := s.exp[j]
		mean, scale := math.Ldexp(s.Mean[j], -e), math.Ldexp(s.Scale[j], -e)
		constant := s.isConstant(j)
		for i := 0; i < m; i++ {
			if constant {
				continue
			}
			z.Set(i, j, (math.Ldexp(x.At(i, j), -e)-mean)/scale)
		}
	}
	return z
}

func (s *Scaler) isConstant(j int) bool {
	for _, c := range s.Constant {
		if c == j {
			return true
		}
	}
	return false
}

// Standardize returns a copy of ds with X replaced by its z-scores (see
// FitScaler) and Scaler set. The labels are shared with ds.
func Standardize(ds *Dataset) *Dataset {
	s := FitScaler(ds.X)
	out := *ds
	out.X = s.Transform(ds.X)
	out.Features = append([]string(nil), ds.Features...)
	out.Scaler = s
	return &out
}
