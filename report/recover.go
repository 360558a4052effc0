package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// manifestItems lists the files under a staged table folder as manifest
// items named as they will be once it is in place ("TABLE/athlete=…/…").
func manifestItems(staged, table string) ([]ManifestItem, error) {
	var items []ManifestItem
	err := filepath.WalkDir(staged, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(staged, p)
		if err != nil {
			return err
		}
		items = append(items, ManifestItem{Name: table + "/" + filepath.ToSlash(rel), Size: n,
			SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	})
	sort.Slice(items, func(i, j int) bool { return items[i].Name < items[j].Name })
	return items, err
}

// RecoverPartitions repairs what a partitioned run killed while
// committing left in dir: a table folder missing while its previous
// version waits aside (".TABLE.old-N", a kill between the two renames of
// a system without an atomic exchange) is put back, and the staged and
// set-aside folders (".TABLE.tmp-N", ".TABLE.old-N") are removed. It
// returns how many folders it put back or removed. Call it only while
// holding the output folder's lock.
func RecoverPartitions(dir string) (int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	tables := []string{"records"}
	for _, t := range partTables() {
		tables = append(tables, t.table)
	}
	sort.Strings(tables)
	for _, table := range tables {
		var olds, tmps []string
		for _, e := range ents {
			switch name := e.Name(); {
			case !e.IsDir():
			case strings.HasPrefix(name, "."+table+".old-"):
				olds = append(olds, name)
			case strings.HasPrefix(name, "."+table+".tmp-"):
				tmps = append(tmps, name)
			}
		}
		target := filepath.Join(dir, table)
		if _, err := os.Lstat(target); os.IsNotExist(err) && len(olds) > 0 {
			sort.Strings(olds)
			if err := os.Rename(filepath.Join(dir, olds[len(olds)-1]), target); err != nil {
				return n, err
			}
			olds = olds[:len(olds)-1]
			n++
		}
		for _, name := range append(olds, tmps...) {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return n, err
			}
			n++
		}
	}
	if n > 0 {
		return n, syncDir(dir)
	}
	return n, nil
}
