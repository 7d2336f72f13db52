package explain

import (
	"context"

	"gonum.org/v1/gonum/mat"
)

// Prepared holds the parts of a diagnosis that depend on the data alone —
// the row span of [X, 1] (RowSpan), the feature scale
// (MeasureFeatureScale) and the optimum of the penalised objective for
// given penalties (NewtonOptimum) — computed in a goroutine of their own
// (Prepare), e.g. while the models train. Diagnose uses them through
// Inputs.Prepared when they were prepared for the same X and Y, waiting
// for each part only when it needs it, and computes whatever was not
// prepared itself; the diagnosis is the same either way.
type Prepared struct {
	x      *mat.Dense
	y      []float64
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine ends
	parts  []*preparedPart
}

// preparedPart is one result of a preparation: ok is set, and ready
// closed, once it is computed (ready is closed unset when the preparation
// stops first).
type preparedPart struct {
	ready chan struct{}
	ok    bool
	l2    float64 // the penalty of an optimum
	span  *mat.Dense
	scale FeatureScale
	opt   Optimum
	err   error
}

// The parts' positions in Prepared.parts; optima follow.
const (
	partSpan = iota
	partScale
	partOptima
)

// prepareMaxWork bounds (d+1)²·max(n, d+1), the order of the work of a
// step of a preparation that cannot be cut short (the SVD or QR of the
// row span, the feature scale's eigenvalues of ZᵀZ, a Newton iteration's
// SVD of the Hessian): above it Prepare prepares nothing, so that Stop does
// not wait seconds for such a step (it waited 11 s for 40 × 2,000 data
// here) when the training it ran beside is interrupted. 2³⁰ admits the
// 1,000,000 × 20 data of the README's speed table.
const prepareMaxWork = 1 << 30

// Prepare starts computing, in a new goroutine, the row span of [x, 1]
// (x n × d, y its n labels), the feature scale of x and NewtonOptimum(x,
// y, l2) for each of l2s (repeated values once), in that order, checking
// ctx between them and between Newton's iterations; nothing for data too
// large for a step to end quickly (prepareMaxWork). Diagnose uses the
// results through Inputs.Prepared.
// Call Stop when done with it.
func Prepare(ctx context.Context, x *mat.Dense, y []float64, l2s ...float64) *Prepared {
	ctx, cancel := context.WithCancel(ctx)
	p := &Prepared{x: x, y: y, cancel: cancel, done: make(chan struct{})}
	for range partOptima {
		p.parts = append(p.parts, &preparedPart{ready: make(chan struct{})})
	}
	seen := map[float64]bool{}
	for _, l2 := range l2s {
		if !seen[l2] {
			seen[l2] = true
			p.parts = append(p.parts, &preparedPart{ready: make(chan struct{}), l2: l2})
		}
	}
	n, d := x.Dims()
	slow := float64(d+1)*float64(d+1)*float64(max(n, d+1)) > prepareMaxWork
	go func() {
		defer close(p.done)
		defer func() { // parts not reached stay unset
			for _, part := range p.parts {
				select {
				case <-part.ready:
				default:
					close(part.ready)
				}
			}
		}()
		if slow {
			return // nothing prepared: each part is computed when needed
		}
		for i, part := range p.parts {
			if ctx.Err() != nil {
				return
			}
			switch i {
			case partSpan:
				part.span, part.err = augmentedRowSpan(x)
			case partScale:
				part.scale, part.err = MeasureFeatureScale(x)
			default:
				part.opt, part.err = newtonOptimum(ctx, x, y, part.l2)
			}
			if ctx.Err() != nil {
				return // a part cut short is not prepared
			}
			part.ok = true
			close(part.ready)
		}
	}()
	return p
}

// Stop cancels the preparation between two of its parts and waits for its
// goroutine (a nil p does nothing).
func (p *Prepared) Stop() {
	if p != nil {
		p.cancel()
		<-p.done
	}
}

// part waits for the part at position i, or for the optimum of penalty l2
// (i = partOptima), and returns it when it was prepared for x and y (the
// same matrix and labels, not copies), or nil.
func (p *Prepared) part(i int, l2 float64, x *mat.Dense, y []float64) *preparedPart {
	if p == nil || p.x != x || len(p.y) != len(y) || (len(y) > 0 && &p.y[0] != &y[0]) {
		return nil
	}
	for j, part := range p.parts {
		if (i < partOptima && j == i) || (i == partOptima && j >= partOptima && part.l2 == l2) {
			if <-part.ready; part.ok {
				return part
			}
			return nil
		}
	}
	return nil
}

// rowSpan returns augmentedRowSpan(x), prepared or computed now.
func (p *Prepared) rowSpan(x *mat.Dense, y []float64) (*mat.Dense, error) {
	if part := p.part(partSpan, 0, x, y); part != nil {
		return part.span, part.err
	}
	return augmentedRowSpan(x)
}

// featureScale returns MeasureFeatureScale(x), prepared or computed now.
func (p *Prepared) featureScale(x *mat.Dense, y []float64) (FeatureScale, error) {
	if part := p.part(partScale, 0, x, y); part != nil {
		return part.scale, part.err
	}
	return MeasureFeatureScale(x)
}

// optimum returns NewtonOptimum(x, y, l2), prepared or computed now.
func (p *Prepared) optimum(x *mat.Dense, y []float64, l2 float64) (Optimum, error) {
	if part := p.part(partOptima, l2, x, y); part != nil {
		return part.opt, part.err
	}
	return NewtonOptimum(x, y, l2)
}
