package fit

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/muktihari/fit/kit/hash/crc16"
)

// TestCRCMatchesLibrary: fastCRC equals the library's CRC on every length
// up to 100 bytes of random data (each tail of the 8-byte loop), also when
// continued from the CRC of a prefix, and on every corpus FIT file.
func TestCRCMatchesLibrary(t *testing.T) {
	lib := func(b []byte) uint16 {
		h := crc16.New()
		h.Write(b)
		return h.Sum16()
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 100 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		if got, want := fastCRC(0, b), lib(b); got != want {
			t.Errorf("%d random bytes: fastCRC %#04x, library %#04x", n, got, want)
		}
		// Continuing: the CRC of a+b from the CRC of a.
		for k := 0; k <= n; k += 3 {
			if got, want := fastCRC(fastCRC(0, b[:k]), b[k:]), lib(b); got != want {
				t.Errorf("%d random bytes split at %d: %#04x, want %#04x", n, k, got, want)
			}
		}
	}
	requireCorpus(t)
	for _, p := range corpusFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fastCRC(0, data), lib(data); got != want {
			t.Errorf("%s: fastCRC %#04x, library %#04x", p, got, want)
		}
	}
}

// TestLibraryChecksumsOK: a sound file passes; a flipped data byte, a wrong
// header CRC, a missing end and trailing bytes each fail it; a chain of two
// passes and reports both files.
func TestLibraryChecksumsOK(t *testing.T) {
	requireCorpus(t)
	var sound []byte
	for _, p := range corpusFiles(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if seqs, ok := libraryChecksumsOK(data); ok && len(seqs) == 1 && data[0] == 14 && binary.LittleEndian.Uint16(data[12:14]) != 0 {
			sound = data
			break
		}
	}
	if sound == nil {
		t.Fatal("no corpus file with a 14-byte header and its CRC passes")
	}
	mutate := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), sound...)) }
	cases := []struct {
		name  string
		data  []byte
		files int // 0: must fail
	}{
		{"sound", sound, 1},
		{"chain of two", append(append([]byte(nil), sound...), sound...), 2},
		{"data byte flipped", mutate(func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b }), 0},
		{"header CRC wrong", mutate(func(b []byte) []byte { b[12] ^= 1; return b }), 0},
		{"header CRC zero", mutate(func(b []byte) []byte { b[12], b[13] = 0, 0; return b }), 1},
		{"cut short", sound[:len(sound)-1], 0},
		{"trailing byte", append(append([]byte(nil), sound...), 0), 0},
		{"empty", nil, 0},
	}
	for _, c := range cases {
		seqs, ok := libraryChecksumsOK(c.data)
		if ok != (c.files > 0) || len(seqs) != c.files {
			t.Errorf("%s: ok %v with %d files, want %d files", c.name, ok, len(seqs), c.files)
		}
	}
}
