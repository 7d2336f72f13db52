package graph

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestStackRunBatchMatchesModels runs one batch per model through a stack of
// three models (hidden tanh and relu layers, L2) and through three single
// models of the same seeds: the per-model losses and every gradient must
// agree to 1e-12, and each model's initial parameters must be those New
// draws for its seed.
func TestStackRunBatchMatchesModels(t *testing.T) {
	cfg := Config{Features: 3, BatchRows: 4, Hidden: []Dense{{Units: 4, Activation: Tanh}, {Units: 2, Activation: ReLU}}, L2: 0.1}
	seeds := []uint64{1, 2, 3}
	st, err := NewStack(cfg, seeds)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	x, y := randomData(rand.New(rand.NewPCG(1, 1)), 10, 3)
	idx := [][]int{{0, 1, 2, 3}, {4, 5, 6}, {9, 8, 7, 6}} // model 1's batch is padded
	losses, err := st.RunBatch(x, y, idx)
	if err != nil {
		t.Fatal(err)
	}
	for k, seed := range seeds {
		c := cfg
		c.Seed = seed
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		sl, err := st.Layers(k)
		if err != nil {
			t.Fatal(err)
		}
		for l, ml := range m.Layers() {
			for i := range ml.Kernel {
				for j := range ml.Kernel[i] {
					if sl[l].Kernel[i][j] != ml.Kernel[i][j] {
						t.Fatalf("model %d layer %d: initial kernel differs", k, l+1)
					}
				}
			}
		}
		sm, err := st.Model(k)
		if err != nil {
			t.Fatal(err)
		}
		sml := sm.Layers()
		sm.Close()
		if a, b := flat(sml[0].Kernel), flat(sl[0].Kernel); a[0] != b[0] || a[len(a)-1] != b[len(b)-1] {
			t.Errorf("model %d: Model(k) has other parameters", k)
		}
		loss, err := m.RunBatch(x, y, idx[k])
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(loss-losses[k]) > 1e-12 {
			t.Errorf("model %d: loss %.17g stacked, %.17g alone", k, losses[k], loss)
		}
		mg, err := m.LayerGradients()
		if err != nil {
			t.Fatal(err)
		}
		vg, err := st.ModelValueGrads(k)
		if err != nil {
			t.Fatal(err)
		}
		for l := range mg {
			kg, _ := vg[2*l].Grad()
			bg, _ := vg[2*l+1].Grad()
			want := append(flat(mg[l].Kernel), mg[l].Bias...)
			got := append(floats(kg), floats(bg)...)
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12 {
					t.Errorf("model %d layer %d gradient %d: %.17g stacked, %.17g alone", k, l+1, i, got[i], want[i])
				}
			}
		}
	}
}

func flat(k [][]float64) []float64 {
	var out []float64
	for _, r := range k {
		out = append(out, r...)
	}
	return out
}

// TestStackErrors checks NewStack's and RunBatch's errors.
func TestStackErrors(t *testing.T) {
	if _, err := NewStack(Config{Features: 2}, nil); err == nil {
		t.Error("no seeds: no error")
	}
	if _, err := NewStack(Config{Features: 0}, []uint64{1}); err == nil {
		t.Error("no features: no error")
	}
	st, err := NewStack(Config{Features: 2, BatchRows: 2}, []uint64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	x, y := []float64{1, 1, 2, 2}, []float64{0, 1}
	for _, idx := range [][][]int{{{0}}, {{0}, {}}, {{0}, {0, 1, 1}}, {{0}, {2}}} {
		if _, err := st.RunBatch(x, y, idx); !errors.Is(err, ErrBatch) {
			t.Errorf("batches %v: error %v, want ErrBatch", idx, err)
		}
	}
	if _, err := st.Layers(2); err == nil {
		t.Error("Layers(2) of 2 models: no error")
	}
}

// Output returns model k's output kernel and bias, as Layers does.
func TestStackOutput(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		st, err := NewStack(Config{Features: 3, BatchRows: 4, Dtype: dt, Bias: 0.25, Hidden: []Dense{{Units: 2, Activation: Tanh}}}, []uint64{1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		for k := range 3 {
			l, err := st.Layers(k)
			if err != nil {
				t.Fatal(err)
			}
			kernel, bias, err := st.Output(k)
			if err != nil {
				t.Fatal(err)
			}
			out := l[len(l)-1]
			if len(kernel) != 2 || kernel[0] != out.Kernel[0][0] || kernel[1] != out.Kernel[1][0] || bias != out.Bias[0] || bias != 0.25 {
				t.Errorf("%s model %d: output %v, %v; layers %v", dt, k, kernel, bias, out)
			}
		}
		if _, _, err := st.Output(3); err == nil {
			t.Errorf("%s: model 3 of 3 is not an error", dt)
		}
		st.Close()
	}
}
