package tables

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// PreviousData reads the files table an earlier run left in dir (flat
// files.parquet or the partitioned files/ folder) and returns how many
// activities and records (food-log days, weigh-ins) it accounts for; ok is
// false when dir holds no files table. A table that cannot be read is an
// error: callers protecting earlier outputs should assume they hold data.
func PreviousData(dir string) (n int, ok bool, err error) {
	paths := []string{filepath.Join(dir, FilesFile)}
	if _, err := os.Stat(paths[0]); err != nil {
		paths, _ = filepath.Glob(filepath.Join(dir, strings.TrimSuffix(FilesFile, ".parquet"), "*", "*.parquet"))
	}
	for _, p := range paths {
		if _, serr := os.Stat(p); serr != nil {
			continue
		}
		ok = true
		rows, rerr := parquet.ReadFile[FileRow](p)
		if rerr != nil {
			return n, ok, rerr
		}
		for _, r := range rows {
			n += int(r.Activities) + int(r.Records)
		}
	}
	return n, ok, nil
}
