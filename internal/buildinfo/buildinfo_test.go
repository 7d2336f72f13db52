package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

// The version names the module's version, the commit (dirty or not) and
// its time when recorded, and the Go version.
func TestDescribe(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-12-03T13:40:00Z"}}
	for _, c := range []struct {
		info debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{GoVersion: "go1.26.0"}, "(devel), go1.26.0"},
		{debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3, go1.26.0"},
		{debug.BuildInfo{GoVersion: "go1.26.0", Settings: vcs}, "(devel), commit abc123, 2026-12-03T13:40:00Z, go1.26.0"},
		{debug.BuildInfo{GoVersion: "go1.26.0", Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "true"})},
			"(devel), commit abc123+dirty, 2026-12-03T13:40:00Z, go1.26.0"},
		{debug.BuildInfo{GoVersion: "go1.26.0", Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "false"})},
			"(devel), commit abc123, 2026-12-03T13:40:00Z, go1.26.0"},
	} {
		if got := describe(&c.info); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

// The test binary has build information: its version ends in the Go version.
func TestVersion(t *testing.T) {
	if v := Version(); !strings.Contains(v, "go1.") || strings.Contains(v, "\n") {
		t.Errorf("Version() = %q", v)
	}
}
