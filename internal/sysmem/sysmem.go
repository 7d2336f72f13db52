// Package sysmem tells how much memory the process may still take, so that
// work that would not fit is refused before it starts. It reads Linux's
// /proc and cgroup files; where they are missing it knows nothing (0).
package sysmem

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Available returns the bytes of memory the process may still take: the
// system's MemAvailable (/proc/meminfo), lowered to the room left under a
// cgroup's limit when there is one (cgroup v2 memory.max − memory.current,
// v1 memory.limit_in_bytes − memory.usage_in_bytes, under /sys/fs/cgroup).
// It returns 0 when none of them can be read: the caller checks nothing.
func Available() int64 {
	return available("/proc/meminfo", "/sys/fs/cgroup")
}

// available is Available with the meminfo file and the cgroup folder given.
func available(meminfo, cgroup string) int64 {
	avail := int64(0)
	if f, err := os.Open(meminfo); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if fields := strings.Fields(s.Text()); len(fields) >= 2 && fields[0] == "MemAvailable:" {
				if kb, err := strconv.ParseInt(fields[1], 10, 64); err == nil {
					avail = kb << 10
				}
			}
		}
		f.Close()
	}
	for _, p := range [][2]string{
		{"memory.max", "memory.current"},
		{"memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes"},
	} {
		limit, err1 := readInt(filepath.Join(cgroup, p[0]))
		used, err2 := readInt(filepath.Join(cgroup, p[1]))
		// A v1 group without a limit reports one near MaxInt64.
		if err1 == nil && err2 == nil && limit > used && limit < math.MaxInt64/2 {
			if room := limit - used; avail == 0 || room < avail {
				avail = room
			}
		}
	}
	return avail
}

// readInt reads a file holding one decimal integer ("max" is an error).
func readInt(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
}
