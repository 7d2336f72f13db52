package graph

// Builder assembles a model's Config a layer at a time, the way a Keras
// Sequential model is written:
//
//	m, err := graph.NewBuilder(2). // inputs: 2 features
//		Dense(8, graph.Tanh).      // hidden layer 1: kernel 2 × 8, bias 8
//		Dense(8, graph.Tanh).      // hidden layer 2: kernel 8 × 8, bias 8
//		Seed(1).
//		Build()                    // + output Dense(1, sigmoid): kernel 8 × 1, bias 1
//
// The output layer, one sigmoid unit whose loss is the binary cross-entropy
// from its logits, is always added by Build. Errors in the arguments are
// reported by Build (see New).
type Builder struct{ cfg Config }

// NewBuilder starts a model of features inputs (d, the columns of X) with
// New's defaults: no hidden layer, batch placeholder of 32 rows, Float64,
// seed 0, no L2 penalty.
func NewBuilder(features int) *Builder { return &Builder{cfg: Config{Features: features}} }

// Dense appends a hidden layer of units units and the given activation
// (Keras's Dense(units, activation), glorot_uniform kernel, zero bias).
func (b *Builder) Dense(units int, activation Activation) *Builder {
	b.cfg.Hidden = append(b.cfg.Hidden, Dense{Units: units, Activation: activation})
	return b
}

// Seed sets the seed of the kernels' glorot_uniform draws (Config.Seed).
func (b *Builder) Seed(seed uint64) *Builder { b.cfg.Seed = seed; return b }

// BatchRows sets the rows of the batch placeholder, the largest batch the
// model accepts (Config.BatchRows; use min(batch size, n)).
func (b *Builder) BatchRows(rows int) *Builder { b.cfg.BatchRows = rows; return b }

// Dtype sets the graph's precision (Config.Dtype).
func (b *Builder) Dtype(dt Dtype) *Builder { b.cfg.Dtype = dt; return b }

// L2 sets the L2 penalty on every kernel (Config.L2).
func (b *Builder) L2(l2 float64) *Builder { b.cfg.L2 = l2; return b }

// Config returns the configuration built so far (a copy).
func (b *Builder) Config() Config {
	c := b.cfg
	c.Hidden = append([]Dense(nil), b.cfg.Hidden...)
	return c
}

// Build builds the model with New, returning New's errors.
func (b *Builder) Build() (*Model, error) { return New(b.Config()) }
