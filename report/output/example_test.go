package output_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"gainguard/ingest"
	"gainguard/report"
	"gainguard/report/output"
)

func ExampleWriteAll() {
	dir, err := os.MkdirTemp("", "gainguard-out")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	d := &report.Dataset{
		Files: []ingest.FileResult{
			{Path: "runs/monitor.fit", Athlete: "alex", Format: "fit", Status: ingest.StatusSkipped, Reason: "monitoring file"},
		},
		Version:   "dev",
		Generated: time.Date(2024, 3, 18, 9, 0, 0, 0, time.UTC),
	}
	if err := output.WriteAll(dir, d); err != nil {
		log.Fatal(err)
	}
	for _, name := range output.OutputFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			fmt.Println(name)
		}
	}
	// Output:
	// activities.parquet
	// runs.parquet
	// lifts.parquet
	// sets.parquet
	// weeks.parquet
	// rules.parquet
	// days.parquet
	// strength.parquet
	// progress.parquet
	// files.parquet
	// report.html
}
