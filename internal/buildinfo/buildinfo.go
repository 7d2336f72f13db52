// Package buildinfo says which build of the binary is running, from what
// the Go toolchain recorded in it (runtime/debug.ReadBuildInfo).
package buildinfo

import (
	"runtime/debug"
	"strings"
)

// Version returns the running binary's version on one line: the main
// module's version ("(devel)" when built from a work tree), the VCS
// revision and commit time when the build recorded them (the revision
// followed by "+dirty" for uncommitted changes), and the Go version, e.g.
// "(devel), commit 46cf7a7…+dirty, 2026-12-03T13:40:00Z, go1.26.0". Without
// build information it says so: "(unknown: no build information)".
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown: no build information)"
	}
	return describe(info)
}

// describe is Version for the build information info.
func describe(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, when, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	parts := []string{v}
	if rev != "" {
		parts = append(parts, "commit "+rev+dirty)
	}
	if when != "" {
		parts = append(parts, when)
	}
	parts = append(parts, info.GoVersion)
	return strings.Join(parts, ", ")
}
