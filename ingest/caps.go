package ingest

import "fmt"

// capStrings cuts every string of the decoded activities that comes from
// the file's content (names, exercise names, sport, device product) to
// [MaxNameBytes], so that one hostile or broken file cannot copy a
// multi-megabyte string into every row of every table. It returns the
// note for the file's row, or "" when nothing was cut.
func capStrings(acts []Activity) string {
	n := 0
	capField := func(s *string) {
		if c, cut := CapString(*s, MaxNameBytes); cut {
			*s = c
			n++
		}
	}
	for i := range acts {
		a := &acts[i]
		capField(&a.Name)
		capField(&a.Sport)
		capField(&a.SubSport)
		capField(&a.Manufacturer)
		capField(&a.Product)
		for k := range a.Sets {
			capField(&a.Sets[k].Exercise)
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d names over %d bytes cut to their first %d", n, MaxNameBytes, MaxNameBytes)
}
