package tables

import (
	"os"
	"time"

	"github.com/parquet-go/parquet-go"
)

// Reading the tables back, for gainguard merge (report/output's Merge,
// docs/scale.md): only the columns its pages show, from one partition
// file (which has no athlete column: it is in the path).

// WeekSummary holds the weeks.parquet columns the pages of a merged
// sharded run show (report/output Merge).
type WeekSummary struct {
	WeekStart         int32    `parquet:"week_start,date"`
	Runs              int32    `parquet:"runs"`
	RunDistanceKm     *float64 `parquet:"run_distance_km,optional"`
	Lifts             int32    `parquet:"lifts"`
	InterferenceScore *float64 `parquet:"interference_score,optional"`
	InterferenceBand  string   `parquet:"interference_band"`
	UnderFuelingScore *float64 `parquet:"under_fueling_score,optional"`
	UnderFuelingBand  string   `parquet:"under_fueling_band"`
	Tier              string   `parquet:"tier"`
	Confidence        string   `parquet:"confidence"`
	RuleIDs           []string `parquet:"rule_ids,list"`
}

// Week is the week's first day.
func (w WeekSummary) Week() string {
	return time.Unix(int64(w.WeekStart)*86400, 0).UTC().Format("2006-01-02")
}

// FileSummary holds the files.parquet columns the pages of a merged
// sharded run show.
type FileSummary struct {
	Path       string `parquet:"path"`
	Status     string `parquet:"status"`
	Reason     string `parquet:"reason"`
	Activities int32  `parquet:"activities"`
}

// ReadWeekSummaries reads the rows of one weeks partition file.
func ReadWeekSummaries(path string) ([]WeekSummary, error) {
	return parquet.ReadFile[WeekSummary](path)
}

// ReadFileSummaries reads the rows of one files partition file.
func ReadFileSummaries(path string) ([]FileSummary, error) {
	return parquet.ReadFile[FileSummary](path)
}

// NumRows is the row count of a Parquet file, from its footer.
func NumRows(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return 0, err
	}
	return pf.NumRows(), nil
}
