package main

import (
	"fmt"

	"gainguard/ingest"
)

// readProfile reads the --profile file, if any, and merges the profile
// flags over it into c.profile (flags win). Its notes (unknown keys...)
// name the file.
func (c *analyzeConfig) readProfile() error {
	c.profile = c.override
	if c.profileFile == "" {
		return nil
	}
	f, err := ingest.OpenRegular(c.profileFile, true)
	if err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	p, err := ingest.ReadProfile(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", c.profileFile, err)
	}
	for i, n := range p.Notes {
		p.Notes[i] = c.profileFile + ": " + n
	}
	c.profile = p.Merge(c.override)
	return nil
}
