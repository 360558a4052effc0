package html

import (
	"io"
	"testing"

	"gainguard/report/internal/reporttest"
)

// BenchmarkWrite: report.html of the shared test dataset and of a year of
// daily training for one athlete (bigDataset), per report.
func BenchmarkWrite(b *testing.B) {
	small, big := reporttest.Dataset(), bigDataset("ann")
	b.Run("testdata", func(b *testing.B) {
		for b.Loop() {
			if err := Write(io.Discard, small); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("year", func(b *testing.B) {
		for b.Loop() {
			if err := Write(io.Discard, big); err != nil {
				b.Fatal(err)
			}
		}
	})
}
