package main

import (
	"context"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"nnlr/dataset"
	"nnlr/experiment"
)

// checkFlagError checks a refused flag value: one line, short (long values
// are cut in messages).
func checkFlagError(t *testing.T, what string, err error) {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, "\n") || len(msg) > 400 {
		t.Fatalf("%s: the error is not one short line (%d bytes): %.400q", what, len(msg), msg)
	}
}

// silence makes a command return its errors without printing.
func silence(cmd *cobra.Command, args []string) {
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
}

// FuzzListFlags feeds arbitrary values to the list flags --hidden, --init
// (compare) and --lrs (sweep): parsing never panics and either refuses
// the value with one short line, or gives a configuration that is valid
// for the seed data: positive widths, finite initial values (d + 1 of
// them), learning rates within the accepted range. Nothing is trained.
// CI runs it for a fixed number of inputs (see .ci/run).
func FuzzListFlags(f *testing.F) {
	for _, s := range [][3]string{
		{"16,8", "zeros", "0.001,0.01,0.1,1"},
		{"", "glorot_uniform", "1"},
		{"100000,100000", "0.5,-0.3,0.1", "1e-310"},
		{" 4 , 4 ", "1,2", "1e100,1e101"},
		{"0", "nan,1,2", "-1"},
		{"9223372036854775807", "1e400,0,0", "0x1p-3,1"},
		{",", ",,", ",,"},
		{"1e3", "inf", "NaN"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	ds := dataset.Seed()
	f.Fuzz(func(t *testing.T, hidden, init, lrs string) {
		var co *compareOptions
		cmd := newCompareCmd(func(_ context.Context, o *compareOptions, _, _ io.Writer) error {
			co = o
			return nil
		})
		silence(cmd, []string{"--hidden=" + hidden, "--init=" + init})
		if err := cmd.Execute(); err != nil {
			checkFlagError(t, "--hidden/--init", err)
		} else {
			for _, w := range co.hidden.widths.Values {
				if w < 1 {
					t.Fatalf("--hidden %q accepted with width %d", hidden, w)
				}
			}
			cfg, err := co.config(ds)
			if err != nil {
				checkFlagError(t, "--init for the seed data", err)
			} else {
				if err := cfg.Validate(); err != nil {
					t.Fatalf("--hidden %q --init %q: accepted, but the configuration is invalid: %v", hidden, init, err)
				}
				if cfg.Init == experiment.InitExplicit {
					if len(cfg.InitialKernel) != 2 || math.IsNaN(cfg.InitialBias) || math.IsInf(cfg.InitialBias, 0) {
						t.Fatalf("--init %q: kernel %v bias %v", init, cfg.InitialKernel, cfg.InitialBias)
					}
				}
			}
		}

		var so *sweepOptions
		sw := newSweepCmd(func(_ context.Context, o *sweepOptions, _, _ io.Writer) error {
			so = o
			return nil
		})
		silence(sw, []string{"--lrs=" + lrs})
		if err := sw.Execute(); err != nil {
			checkFlagError(t, "--lrs", err)
			return
		}
		for _, lr := range so.lrs {
			if !(lr >= 1e-100 && lr <= 1e100) {
				t.Fatalf("--lrs %q accepted with learning rate %v", lrs, lr)
			}
		}
	})
}
