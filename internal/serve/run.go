package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"time"
)

// ShutdownTimeout is how long Serve waits, once its context has ended, for
// the requests in flight to finish before it closes their connections.
const ShutdownTimeout = 5 * time.Second

// Serve answers requests on ln with s.Handler() (request headers read
// within 10 s) until ctx ends, then shuts down gracefully (at most
// ShutdownTimeout) and returns nil. It closes ln. An error that stops it
// serving before ctx ends is returned wrapped as "serve: …".
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// OpenBrowser opens url in the default browser by the system's opener
// (xdg-open; open on macOS; rundll32's FileProtocolHandler on Windows),
// without waiting for it. It returns the error of starting the opener,
// e.g. when there is none.
func OpenBrowser(url string) error {
	name, args := "xdg-open", []string{url}
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	}
	return exec.Command(name, args...).Start()
}
