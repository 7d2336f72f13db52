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
	const meminfo = "MemTotal:       32000000 kB\nMemFree:  100 kB\nMemAvailable:   2048 kB\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"nothing", nil, 0},
		{"meminfo", map[string]string{"meminfo": meminfo}, 2 << 20},
		{"v2 lower", map[string]string{"meminfo": meminfo, "cg/memory.max": "1500000\n", "cg/memory.current": "500000\n"}, 1000000},
		{"v2 higher", map[string]string{"meminfo": meminfo, "cg/memory.max": "9000000000\n", "cg/memory.current": "0\n"}, 2 << 20},
		{"v2 max", map[string]string{"meminfo": meminfo, "cg/memory.max": "max\n", "cg/memory.current": "500000\n"}, 2 << 20},
		{"v2 only", map[string]string{"cg/memory.max": "1500000", "cg/memory.current": "500000"}, 1000000},
		{"v2 full", map[string]string{"meminfo": meminfo, "cg/memory.max": "100", "cg/memory.current": "200"}, 2 << 20},
		{"v1", map[string]string{"meminfo": meminfo, "cg/memory/memory.limit_in_bytes": "1000", "cg/memory/memory.usage_in_bytes": "10"}, 990},
		{"v1 no limit", map[string]string{"meminfo": meminfo, "cg/memory/memory.limit_in_bytes": "9223372036854771712", "cg/memory/memory.usage_in_bytes": "10"}, 2 << 20},
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
