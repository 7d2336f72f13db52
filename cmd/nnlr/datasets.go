package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"nnlr/dataset"
	"nnlr/internal/cmdutil"
)

func newDatasetsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "datasets",
		Short: "List the built-in data sets (--dataset NAME) with their rows, features and classes",
		Long:  longHelp("datasets"),
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return listDatasets(cmd.OutOrStdout())
		},
	}
}

// listDatasets writes one line per built-in data set.
func listDatasets(w io.Writer) error {
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
	sb.WriteString("\nWith more than two classes, nnlr compare runs all of them (Dense(k, softmax) against multinomial SAG),\nor pick two: nnlr compare --dataset iris --classes versicolor,virginica\n")
	_, err := io.WriteString(w, sb.String())
	return err
}
