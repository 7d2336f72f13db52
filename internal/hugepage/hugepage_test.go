package hugepage

import (
	"os"
	"runtime"
	"slices"
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

// TestFloatsAdvisesHugePages checks, on Linux, that the memory of a large
// slice from Floats carries the huge-page advice: the kernel lists
// MADV_HUGEPAGE as the flag "hg" of the mapping that holds it
// (/proc/self/smaps). Whether the kernel then grants 2 MiB pages depends on
// its memory at the time, so that is not asserted.
func TestFloatsAdvisesHugePages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("huge pages are advised on Linux only")
	}
	s := Floats(8 << 20)
	addr := uint64(uintptr(unsafe.Pointer(&s[0])))
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	inside := false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			lo, hi, ok := strings.Cut(f[0], "-")
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			inside = ok && err1 == nil && err2 == nil && l <= addr && addr < h
			continue
		}
		if inside && len(f) > 0 && f[0] == "VmFlags:" {
			if !slices.Contains(f[1:], "hg") {
				t.Errorf("the mapping of a 64 MiB slice has flags %v, want hg (MADV_HUGEPAGE)", f[1:])
			}
			runtime.KeepAlive(s)
			return
		}
	}
	t.Errorf("no mapping of /proc/self/smaps holds address %#x", addr)
}
