package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProgressNotOnBuffer(t *testing.T) {
	for _, args := range [][]string{
		{"analyze", "--out", "OUT", samplesDir},
		{"analyze", "--log-level", "debug", "--out", "OUT", samplesDir},
	} {
		for i := range args {
			if args[i] == "OUT" {
				args[i] = t.TempDir()
			}
		}
		code, stdout, stderr := runCmd(t, args...)
		if code != exitOK {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		if strings.Contains(stderr, "\r") || strings.Contains(stderr, "files/s") {
			t.Errorf("progress bar drawn on a buffer:\n%q", stderr)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct {
		name string
		w    any
	}{{"buffer", &bytes.Buffer{}}, {"regular file", f}} {
		if isTerminal(tc.w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("%s: isTerminal = true", tc.name)
		}
	}
	if newProgress(f, false, "text") != nil {
		t.Error("newProgress on a regular file should be nil")
	}
	var nilBar *progressBar
	if nilBar.callback() != nil {
		t.Error("nil bar's callback should be nil")
	}
	nilBar.finish() // must not panic
}

func TestProgressBarDraws(t *testing.T) {
	var buf syncBuffer
	p := startProgress(&buf, time.Millisecond)
	cb := p.callback()
	cb(3, 10)
	time.Sleep(20 * time.Millisecond)
	cb(10, 10)
	p.finish()
	s := buf.String()
	if !strings.Contains(s, "10/10 files") || !strings.HasSuffix(s, "\n") || !strings.Contains(s, "\r[") {
		t.Errorf("progress output %q", s)
	}
}

// syncBuffer is a bytes.Buffer safe for the bar's goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
