package hugepage

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestFloatsIsAZeroedSlice checks that Floats behaves as make: the length,
// capacity and zero values, below and above the huge-page size, and that a
// large slice starts on a 2 MiB boundary on Linux.
func TestFloatsIsAZeroedSlice(t *testing.T) {
	for _, n := range []int{0, 1, 1000, minBytes/8 - 1, minBytes / 8, 3*pageBytes/8 + 17, 2_000_000} {
		s := Floats(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Floats(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("Floats(%d)[%d] = %v, want 0", n, i, v)
			}
		}
		if runtime.GOOS == "linux" && n*8 >= minBytes {
			if p := uintptr(unsafe.Pointer(&s[0])); p%pageBytes != 0 {
				t.Errorf("Floats(%d) starts at %#x, not on a 2 MiB boundary", n, p)
			}
		}
		for i := range s {
			s[i] = float64(i)
		}
	}
}

// TestFloatsGetsHugePages writes a 64 MiB slice from Floats and checks,
// where the kernel offers transparent huge pages on request, that the
// process's anonymous huge pages grew by at least half of it.
func TestFloatsGetsHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !(strings.Contains(string(mode), "[madvise]") || strings.Contains(string(mode), "[always]")) {
		t.Skip("no transparent huge pages on request here")
	}
	before := anonHuge(t)
	s := Floats(8 << 20)
	for i := range s {
		s[i] = 1
	}
	if grown := anonHuge(t) - before; grown < 32<<20 {
		t.Errorf("anonymous huge pages grew by %d bytes for a 64 MiB slice, want at least 32 MiB", grown)
	}
	runtime.KeepAlive(s)
}

// anonHuge returns AnonHugePages of /proc/self/smaps_rollup, in bytes.
func anonHuge(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip("no /proc/self/smaps_rollup")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "AnonHugePages:" {
			kb, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no AnonHugePages line")
	return 0
}
