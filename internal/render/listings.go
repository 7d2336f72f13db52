package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"nnlr/dataset"
	"nnlr/train"
)

// Solvers writes the solvers of the train registry, a block each after an
// empty line: the name with its Keras 2.x counterpart, the update rule,
// the hyper-parameters by the front end's names for them (flag maps a
// setting, "learning_rate", and "clip" for gradient clipping, to its name,
// e.g. "--lr") with their defaults, symbols and ranges, and the
// gorgonia.Solver that runs it. It returns the writer's error.
func Solvers(w io.Writer, flag func(setting string) string) error {
	var sb strings.Builder
	for _, s := range train.Solvers() {
		keras := s.Keras
		if keras == "" {
			keras = "no Keras counterpart"
		} else {
			keras = "Keras " + keras
		}
		fmt.Fprintf(&sb, "\n%s   (%s)\n", s.Name, keras)
		for i, line := range s.Rule {
			fmt.Fprintf(&sb, "  %-9s %s\n", label(i, "rule:"), line)
		}
		for i, h := range s.Hyperparameters {
			opt := fmt.Sprintf("%s %g", flag(h.Name), h.Default)
			fmt.Fprintf(&sb, "  %-9s %-28s %s, %s\n", label(i, "options:"), opt, h.Symbol, h.Range)
		}
		fmt.Fprintf(&sb, "  %-9s %s c (off by default)\n", "", flag("clip"))
		fmt.Fprintf(&sb, "  %-9s %s\n", "runs:", s.Implementation)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// label returns name on a block's first line and nothing on the others.
func label(i int, name string) string {
	if i == 0 {
		return name
	}
	return ""
}

// Datasets writes the built-in data sets (dataset.Builtins) as a table
// with a header line: name, rows, features, the label column (the last)
// with its classes and their row counts in sorted order, and the
// description with its source. When a set does not load it writes nothing
// and returns the error naming the set.
func Datasets(w io.Writer) error {
	var sb strings.Builder
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROWS\tFEATURES\tLABEL\tCLASSES\tDESCRIPTION")
	for _, b := range dataset.Builtins() {
		t, err := b.Table(0)
		if err != nil {
			return fmt.Errorf("data set %s: %w", b.Name, err)
		}
		classes, err := t.LabelClasses("")
		if err != nil {
			return fmt.Errorf("data set %s: %w", b.Name, err)
		}
		parts := make([]string, len(classes))
		for i, c := range classes {
			parts[i] = fmt.Sprintf("%s (%d)", c.Name, c.Count)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s (%s)\n", b.Name, t.Rows(), len(t.Header)-1,
			t.Header[len(t.Header)-1], strings.Join(parts, ", "), b.Description, b.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
