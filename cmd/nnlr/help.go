package main

import (
	"embed"
	"strings"
)

// helpFiles are the commands' long help texts, help/<command>.txt: prose
// kept as text beside the code, wrapped as --help prints it.
//
//go:embed help/*.txt
var helpFiles embed.FS

// longHelp returns the long help of the command name (help/<name>.txt, the
// root's is nnlr.txt) without its final newline.
func longHelp(name string) string {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic(err) // a file missing from the build: a programmer's error
	}
	return strings.TrimSuffix(string(b), "\n")
}
