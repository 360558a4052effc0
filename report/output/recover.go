package output

import (
	"gainguard/ingest/commit"
	"gainguard/report/tables"
)

// RecoverPartitions repairs what a partitioned run killed while
// committing left in dir: a table folder missing while its previous
// version waits aside (".TABLE.old-N", a kill between the two renames of
// a system without an atomic exchange) is put back, and the staged and
// set-aside folders (".TABLE.tmp-N", ".TABLE.old-N") are removed. It
// returns how many folders it put back or removed. Call it only while
// holding the output folder's lock.
func RecoverPartitions(dir string) (int, error) {
	var names []string // records included
	for _, t := range tables.PartTables() {
		names = append(names, t.Table)
	}
	return commit.RecoverDirs(dir, names)
}
