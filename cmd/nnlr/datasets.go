package main

import (
	"io"

	"github.com/spf13/cobra"

	"nnlr/internal/cmdutil"
	"nnlr/internal/render"
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

// listDatasets writes one line per built-in data set (render.Datasets),
// then how nnlr compare takes a label of more than two classes.
func listDatasets(w io.Writer) error {
	if err := render.Datasets(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\nWith more than two classes, nnlr compare runs all of them (Dense(k, softmax) against multinomial SAG),\nor pick two: nnlr compare --dataset iris --classes versicolor,virginica\n")
	return err
}
