package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"nnlr/internal/cmdutil"
	"nnlr/internal/serve"
)

// serveOptions are the flags of nnlr serve.
type serveOptions struct {
	addr string
	open bool
}

// newServeCmd returns nnlr serve: the local page (package internal/serve).
func newServeCmd() *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve a local page where you change the solver and watch both boundaries move",
		Long:  longHelp("serve"),
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return runServe(ctx, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", serve.DefaultAddr, "address to listen on, host:port (a non-loopback host makes the page reachable from other machines)")
	cmd.Flags().BoolVar(&o.open, "open", false, "open the page in the default browser")
	return cmd
}

// runServe listens, prints the page's address and serves until ctx ends.
func runServe(ctx context.Context, o *serveOptions, stdout, stderr io.Writer) error {
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return cmdutil.Usagef("--addr %q: want host:port, e.g. 127.0.0.1:8080", o.addr)
	}
	ln, err := serve.Listen(o.addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", o.addr, err)
	}
	srv, err := serve.New(ln.Addr().String(), serve.DefaultLimits(), log.New(stderr, "", log.LstdFlags))
	if err != nil {
		ln.Close()
		return err
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(stderr, "nnlr serve: warning: listening on %s, reachable from other machines\n", host)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "nnlr serve: open %s (Ctrl-C stops)\n", url)
	if o.open {
		if err := serve.OpenBrowser(url); err != nil {
			fmt.Fprintf(stderr, "nnlr serve: --open: %v; open %s yourself\n", err, url)
		}
	}
	return srv.Serve(ctx, ln)
}
