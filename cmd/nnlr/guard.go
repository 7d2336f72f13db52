package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"nnlr/experiment"
	"nnlr/internal/cliflag"
	"nnlr/internal/cmdutil"
)

// blankFlags are the flags whose value names something: given but blank
// (--features " ", --label ""), they are refused rather than silently
// ignored, as --data "" is.
var blankFlags = map[string]string{
	"data":          "name a CSV file",
	"dataset":       "name a built-in data set (nnlr datasets lists them)",
	"label":         "name the label column, or leave the flag out for the last column",
	"features":      "name feature columns A,B,…, or leave the flag out for every column but the label",
	"positive":      "name the class that is y = 1, or leave the flag out",
	"classes":       "name two classes A,B, or leave the flag out",
	"plot-features": "name two features A,B, or leave the flag out for the first two",
	"out":           "name a folder",
}

// checkGiven refuses, as usage errors, flags that were given but would be
// ignored or name nothing: an empty --data (it would silently run the seed
// problem), --activation without --hidden, and a flag of blankFlags given
// empty or only spaces (cliflag.CheckBlank).
func checkGiven(f *pflag.FlagSet) error {
	if f.Changed("data") && f.Lookup("data").Value.String() == "" {
		return cmdutil.Usagef("--data: empty file name")
	}
	if f.Changed("activation") && f.Lookup("hidden").Value.String() == "" {
		return cmdutil.Usagef("--activation: the hidden layers' activation needs --hidden (the output layer is set by --output)")
	}
	if err := cliflag.CheckBlank(f, blankFlags); err != nil {
		return cmdutil.Usage(err)
	}
	return nil
}

// memoryAdvice words an *experiment.MemoryError with the CLI's flags.
func memoryAdvice(err error) error {
	var me *experiment.MemoryError
	if errors.As(err, &me) {
		return cmdutil.Reword(me.Error()+"; use fewer or narrower --hidden layers, a smaller --batch-size, fewer --runs, or a smaller data set", err)
	}
	return err
}

// tableBytesPerFileByte is how much memory a CSV file takes once read, per
// byte of the file (a table of strings and their positions, then the
// matrix: about 7.5, measured on a 1,000,000 × 20 file).
const tableBytesPerFileByte = 8

// checkDataFits refuses a --data file whose table would not fit in the
// memory available (sysmem.Available; 0: no check), before reading it.
func checkDataFits(path string, avail int64) error {
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() || avail <= 0 {
		return nil // the loader reports a missing file
	}
	if need := float64(info.Size()) * tableBytesPerFileByte; need > float64(avail) {
		return fmt.Errorf("--data %s: the file holds %s; reading it needs about %s of memory, more than the %s available",
			path, experiment.Bytes(float64(info.Size())), experiment.Bytes(need), experiment.Bytes(float64(avail)))
	}
	return nil
}
