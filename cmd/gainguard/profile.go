package main

import (
	"fmt"

	"gainguard/ingest"
)

// readProfile reads the --profile file, if any, and merges the profile
// flags over it into c.profile (flags win). Its notes (unknown keys...)
// name the file.
func (c *analyzeConfig) readProfile() error {
	p, err := readProfileFile(c.profileFile, c.override)
	c.profile = p
	return err
}

// readProfileFile reads the profile file path (a regular file: a FIFO or
// device is refused, not waited on) and merges override (the profile
// flags) over it; with no path it is override alone. Its notes (unknown
// keys...) name the file. analyze and plan read --profile with it.
func readProfileFile(path string, override ingest.Profile) (ingest.Profile, error) {
	if path == "" {
		return override, nil
	}
	f, err := ingest.OpenRegular(path, true)
	if err != nil {
		return override, fmt.Errorf("--profile: %w", err)
	}
	p, err := ingest.ReadProfile(f)
	f.Close()
	if err != nil {
		return override, fmt.Errorf("%s: %w", path, err)
	}
	for i, n := range p.Notes {
		p.Notes[i] = path + ": " + n
	}
	return p.Merge(override), nil
}
