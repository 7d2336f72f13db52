// Package fileset writes a set of files all or nothing: every file is
// rendered in memory first, then written to a temporary file beside its
// target, and only when all of them are written are they renamed over their
// targets. On any error the temporaries are removed and every target is left
// as it was, byte for byte (a target replaced before a later rename failed
// is restored from a hard link, or a copy, taken before the renames).
package fileset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is one file of a set: Write writes its whole content to the given
// writer (it is called once, before anything is written to disk).
type File struct {
	Path  string
	Write func(w io.Writer) error
}

// rename is os.Rename; tests replace it to make a rename fail.
var rename = os.Rename

// Mode is the permission of a written file.
const Mode fs.FileMode = 0o644

// Write writes files all or nothing. It returns an error, and leaves every
// existing target untouched and no temporary file behind, when ctx is
// cancelled before the renames, two files share a path, a Write func fails,
// a target is a folder or another non-regular file, a target is read-only
// (its owner may not write it: a careful tool does not replace a file the
// user protected), or creating, writing or renaming a file fails. The
// renames are not atomic as a group: a crash (not an error) between two of
// them can leave a mixed set.
func Write(ctx context.Context, files []File) error {
	if len(files) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, f := range files {
		p := filepath.Clean(f.Path)
		if seen[p] {
			return fmt.Errorf("write %s: listed twice", f.Path)
		}
		seen[p] = true
		if err := checkTarget(f.Path); err != nil {
			return err
		}
	}
	// Render every file in memory.
	data := make([][]byte, len(files))
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		data[i] = buf.Bytes()
	}
	// Write the temporaries and take the backups.
	var cleanup []string // removed at the end, whatever happens
	defer func() {
		for _, p := range cleanup {
			os.Remove(p)
		}
	}()
	temps := make([]string, len(files))
	backups := make([]string, len(files)) // "" when the target did not exist
	for i, f := range files {
		tmp, err := writeTemp(f.Path, data[i])
		if err != nil {
			return err
		}
		cleanup = append(cleanup, tmp)
		temps[i] = tmp
		b, err := backup(f.Path)
		if err != nil {
			return err
		}
		if b != "" {
			cleanup = append(cleanup, b)
		}
		backups[i] = b
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write %s: %w", files[0].Path, err)
	}
	// Rename them all; on failure put back what was replaced.
	for i, f := range files {
		if err := rename(temps[i], f.Path); err != nil {
			err = fmt.Errorf("write %s: %w", f.Path, err)
			for j := i - 1; j >= 0; j-- {
				if backups[j] == "" {
					if rerr := os.Remove(files[j].Path); rerr != nil {
						err = errors.Join(err, fmt.Errorf("restore %s: %w", files[j].Path, rerr))
					}
					continue
				}
				if rerr := os.Rename(backups[j], files[j].Path); rerr != nil {
					err = errors.Join(err, fmt.Errorf("restore %s: %w", files[j].Path, rerr))
				}
			}
			return err
		}
	}
	return nil
}

// Existing returns those of paths that exist (as anything, a dangling
// link too, or that cannot be looked at): the files that writing paths
// would replace, in the order given.
func Existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			out = append(out, p)
		}
	}
	return out
}

// checkTarget returns an error when path exists and is not a regular file
// its owner may write.
func checkTarget(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	switch {
	case info.IsDir():
		return fmt.Errorf("write %s: is a folder", path)
	case !info.Mode().IsRegular():
		return fmt.Errorf("write %s: not a regular file (%v)", path, info.Mode().Type())
	case info.Mode().Perm()&0o200 == 0:
		return fmt.Errorf("write %s: the file is read-only (%v); not replacing it", path, info.Mode().Perm())
	}
	return nil
}

// writeTemp writes data to a new temporary file beside path and returns
// its name; on error nothing is left behind.
func writeTemp(path string, data []byte) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(Mode); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return f.Name(), nil
}

// backup makes a second name for path's current content (a hard link, or
// a copy where links are not supported) and returns it; "" when path does
// not exist.
func backup(path string) (string, error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".old-*")
	if err != nil {
		return "", fmt.Errorf("back up %s: %w", path, err)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	if err := os.Link(path, name); err == nil {
		return name, nil
	}
	if err := copyFile(path, name); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("back up %s: %w", path, err)
	}
	return name, nil
}

// copyFile copies src to a new file dst with src's permissions.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
