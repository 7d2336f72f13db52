package hugepage

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// alignOffset returns the index of raw's first element on a 2 MiB boundary
// (raw holds at least pageBytes/8 more elements than are needed after it).
func alignOffset(raw []float64) int {
	p := uintptr(unsafe.Pointer(&raw[0]))
	return int(((p+pageBytes-1)&^(pageBytes-1) - p) / 8)
}

// advise asks for huge pages under s, which starts on a 2 MiB boundary; a
// refusal (a kernel without transparent huge pages) leaves ordinary pages.
func advise(s []float64) {
	if len(s) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*8&^(pageBytes-1))
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
}
