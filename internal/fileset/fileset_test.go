package fileset

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// text returns a File writing s.
func text(path, s string) File {
	return File{Path: path, Write: func(w io.Writer) error { _, err := io.WriteString(w, s); return err }}
}

// snapshot returns every name in dir with its content ("<dir>" for a folder).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			out[e.Name()] = "<dir>"
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func sameDir(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("folder holds %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (folder %v)", k, got[k], v, got)
		}
	}
}

// setup makes a folder with an existing a.png ("old a") and returns it.
func setup(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.png"), []byte("old a"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWriteAll(t *testing.T) {
	dir := setup(t)
	err := Write(context.Background(), []File{text(filepath.Join(dir, "a.png"), "new a"), text(filepath.Join(dir, "b.png"), "new b")})
	if err != nil {
		t.Fatal(err)
	}
	sameDir(t, snapshot(t, dir), map[string]string{"a.png": "new a", "b.png": "new b"})
	info, err := os.Stat(filepath.Join(dir, "b.png"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != Mode {
		t.Errorf("mode %v, want %v", info.Mode().Perm(), Mode)
	}
}

// Every failure leaves the folder as it was: a.png byte for byte, no
// b.png, no temporary or backup file.
func TestWriteNothingOnError(t *testing.T) {
	fail := errors.New("render failed")
	cases := []struct {
		name    string
		prepare func(dir string)
		files   func(dir string) []File
		ctx     func() context.Context
		want    string
	}{
		{name: "folder named like a target",
			prepare: func(dir string) { os.Mkdir(filepath.Join(dir, "c.png"), 0o755) },
			want:    "is a folder"},
		{name: "read-only target",
			prepare: func(dir string) { os.WriteFile(filepath.Join(dir, "c.png"), []byte("old c"), 0o444) },
			want:    "read-only"},
		{name: "a render fails",
			files: func(dir string) []File {
				return []File{text(filepath.Join(dir, "a.png"), "new a"), text(filepath.Join(dir, "b.png"), "new b"),
					{Path: filepath.Join(dir, "c.png"), Write: func(io.Writer) error { return fail }}}
			},
			want: "render failed"},
		{name: "listed twice",
			files: func(dir string) []File {
				return []File{text(filepath.Join(dir, "a.png"), "new a"), text(filepath.Join(dir, "b.png"), "new b"), text(filepath.Join(dir, ".", "a.png"), "x")}
			},
			want: "listed twice"},
		{name: "cancelled",
			ctx: func() context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx
			},
			want: "context canceled"},
		{name: "missing folder",
			files: func(dir string) []File {
				return []File{text(filepath.Join(dir, "a.png"), "new a"), text(filepath.Join(dir, "no", "b.png"), "new b")}
			},
			want: "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := setup(t)
			if c.prepare != nil {
				c.prepare(dir)
			}
			before := snapshot(t, dir)
			files := []File{text(filepath.Join(dir, "a.png"), "new a"), text(filepath.Join(dir, "b.png"), "new b"), text(filepath.Join(dir, "c.png"), "new c")}
			if c.files != nil {
				files = c.files(dir)
			}
			ctx := context.Background()
			if c.ctx != nil {
				ctx = c.ctx()
			}
			err := Write(ctx, files)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			sameDir(t, snapshot(t, dir), before)
		})
	}
}

// A rename that fails after others succeeded puts the replaced files back
// and removes the new ones.
func TestWriteRollsBackRenames(t *testing.T) {
	dir := setup(t)
	calls := 0
	rename = func(from, to string) error {
		calls++
		if calls == 3 {
			return errors.New("disk gone")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	before := snapshot(t, dir)
	err := Write(context.Background(), []File{text(filepath.Join(dir, "a.png"), "new a"), text(filepath.Join(dir, "b.png"), "new b"), text(filepath.Join(dir, "c.png"), "new c")})
	if err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Fatalf("error %v, want the rename's", err)
	}
	sameDir(t, snapshot(t, dir), before)
}

// The copy fallback of backup keeps content and permissions.
func TestCopyFile(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "s"), filepath.Join(dir, "d")
	if err := os.WriteFile(src, []byte("content"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(src, dst); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dst)
	info, _ := os.Stat(dst)
	if !bytes.Equal(b, []byte("content")) || info.Mode().Perm() != 0o600 {
		t.Errorf("copy %q %v", b, info.Mode().Perm())
	}
}

// Existing lists the paths that are there, a folder and a dangling link
// too, in the order given.
func TestExisting(t *testing.T) {
	dir := t.TempDir()
	file, folder := filepath.Join(dir, "a.png"), filepath.Join(dir, "sub")
	link, none := filepath.Join(dir, "link"), filepath.Join(dir, "none.png")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone"), link); err != nil {
		t.Fatal(err)
	}
	got := Existing([]string{none, link, file, folder})
	if strings.Join(got, "|") != strings.Join([]string{link, file, folder}, "|") {
		t.Errorf("Existing = %q", got)
	}
	if Existing([]string{none}) != nil {
		t.Error("a missing file exists")
	}
}
