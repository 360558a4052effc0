package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// envReaders are the standard-library functions that read the process
// environment.
var envReaders = map[string]map[string]bool{
	"os":      {"Getenv": true, "LookupEnv": true, "Environ": true, "ExpandEnv": true},
	"syscall": {"Getenv": true, "Environ": true},
}

// envReads returns the env-reading calls in a Go file, as "os.Getenv at
// file:line", whatever name the file imports os or syscall under.
func envReads(fset *token.FileSet, f *ast.File) []string {
	local := map[string]string{} // local name → import path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if envReaders[path] == nil {
			continue
		}
		name := path
		if imp.Name != nil {
			name = imp.Name.Name
		}
		local[name] = path
	}
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
			if path, ok := local[id.Name]; ok && envReaders[path][sel.Sel.Name] {
				found = append(found, path+"."+sel.Sel.Name+" at "+fset.Position(sel.Pos()).String())
			}
		}
		return true
	})
	return found
}

// TestOnlyCmdReadsEnvironment: no package but cmd reads an environment
// variable. The libraries take what the environment would set (the test
// hooks, SOURCE_DATE_EPOCH) as options or hooks that cmd sets (see Main).
// Test files may read the environment; the packages may not.
func TestOnlyCmdReadsEnvironment(t *testing.T) {
	out, err := exec.Command("go", "list", "-f",
		`{{.ImportPath}} {{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{range .CgoFiles}} {{.}}{{end}}{{range .IgnoredGoFiles}} {{.}}{{end}}`,
		"gainguard/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	fset := token.NewFileSet()
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, dir := fields[0], fields[1]
		if pkg == "gainguard/cmd" || strings.HasPrefix(pkg, "gainguard/cmd/") {
			continue
		}
		for _, name := range fields[2:] {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			path := filepath.Join(dir, name)
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files++
			for _, r := range envReads(fset, f) {
				t.Errorf("%s reads the environment (%s): only cmd may; take it as an option or a hook that cmd sets", pkg, r)
			}
		}
	}
	if files < 50 {
		t.Fatalf("checked only %d files: the package list is wrong", files)
	}
}

// TestEnvReads: the checker above finds every way a file reads the
// environment, and does not flag a local variable that shadows nothing.
func TestEnvReads(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{`package p; import "os"; var _ = os.Getenv("X")`, 1},
		{`package p; import "os"; func f() { _, _ = os.LookupEnv("X"); _ = os.Environ(); _ = os.ExpandEnv("$X") }`, 3},
		{`package p; import o "os"; var _ = o.Getenv("X")`, 1},
		{`package p; import "syscall"; var _, _ = syscall.Getenv("X")`, 1},
		{`package p; import "os"; var _ = os.Getpid()`, 0},
		{`package p; type e struct{}; func (e) Getenv(string) string { return "" }; var os e; var _ = os.Getenv("X")`, 0},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", tc.src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if got := envReads(fset, f); len(got) != tc.want {
			t.Errorf("%s: found %v, want %d", tc.src, got, tc.want)
		}
	}
}
