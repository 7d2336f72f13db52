package sysmem

import (
	"os"
	"path/filepath"
	"testing"
)

// write writes files (path relative to dir → content) below dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The memory available is MemAvailable, lowered to the room under a cgroup
// v2 or v1 limit; a group without a limit, unreadable files and missing
// ones are passed over; nothing readable is 0.
func TestAvailable(t *testing.T) {
	const (
		meminfo = "MemTotal:       32000000 kB\nMemFree:  100 kB\nMemAvailable:   2048 kB\n"
		v2max   = "cg/memory.max"
		v2cur   = "cg/memory.current"
		v1limit = "cg/memory/memory.limit_in_bytes"
		v1usage = "cg/memory/memory.usage_in_bytes"
	)
	for _, c := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"nothing", nil, 0},
		{"meminfo", map[string]string{"meminfo": meminfo}, 2 << 20},
		{"v2 lower", map[string]string{"meminfo": meminfo, v2max: "1500000\n", v2cur: "500000\n"}, 1000000},
		{"v2 higher", map[string]string{"meminfo": meminfo, v2max: "9000000000\n", v2cur: "0\n"}, 2 << 20},
		{"v2 max", map[string]string{"meminfo": meminfo, v2max: "max\n", v2cur: "500000\n"}, 2 << 20},
		{"v2 only", map[string]string{v2max: "1500000", v2cur: "500000"}, 1000000},
		{"v2 full", map[string]string{"meminfo": meminfo, v2max: "100", v2cur: "200"}, 2 << 20},
		{"v1", map[string]string{"meminfo": meminfo, v1limit: "1000", v1usage: "10"}, 990},
		{"v1 no limit", map[string]string{"meminfo": meminfo, v1limit: "9223372036854771712", v1usage: "10"}, 2 << 20},
	} {
		dir := t.TempDir()
		write(t, dir, c.files)
		if got := available(filepath.Join(dir, "meminfo"), filepath.Join(dir, "cg")); got != c.want {
			t.Errorf("%s: %d bytes, want %d", c.name, got, c.want)
		}
	}
}

// On this machine the files, when there, give a positive amount.
func TestAvailableHere(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip(err)
	}
	if got := Available(); got <= 0 {
		t.Errorf("Available() = %d with /proc/meminfo present", got)
	}
}
