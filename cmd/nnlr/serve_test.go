package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// nnlr serve listens on loopback by default and refuses a malformed --addr
// as bad usage.
func TestServeFlags(t *testing.T) {
	t.Parallel()
	cmd := newServeCmd()
	addr := cmd.Flags().Lookup("addr").DefValue
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		t.Errorf("--addr default %q is not a loopback address", addr)
	}
	var out, errw bytes.Buffer
	if code := run([]string{"serve", "--addr", "nonsense"}, &out, &errw); code != 2 || !strings.Contains(errw.String(), "--addr") {
		t.Errorf("--addr nonsense: exit %d, %q", code, errw.String())
	}
}

// runServe prints the page's address, serves it, and stops when its
// context ends.
func TestRunServe(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, &serveOptions{addr: "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("no address in %q", line)
	}
	url := strings.Fields(line[i:])[0]
	resp, err := http.Get(url + "api/meta")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %sapi/meta: %d", url, resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("runServe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("runServe did not stop after its context ended")
	}
}
