package state

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gainguard/ingest"
)

// fakeFormat and writeFiles are the ingest tests' own (ingest/batch_test.go):
// a format reading one "RFC3339 kind" line per activity ("panic", "skip"
// and "fail" lines do what they say).
var fakeFormat = ingest.Format{Name: "fake", Exts: []string{".fake"}, Decode: func(r io.Reader) (ingest.Decoded, error) {
	var d ingest.Decoded
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch f[0] {
		case "panic":
			panic("boom")
		case "skip":
			return d, ingest.Skip("nothing to see")
		case "fail":
			return d, errors.New("fake: bad header")
		}
		ts, _ := time.Parse(time.RFC3339, f[0])
		d.Activities = append(d.Activities, ingest.Activity{Start: ts, Kind: ingest.Kind(f[1]), ElapsedS: 600})
	}
	return d, nil
}}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
