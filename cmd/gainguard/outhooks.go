package main

import (
	"gainguard/ingest"
	"gainguard/ingest/commit"
)

// outputHooks are the commit hooks of the files cmd writes itself (the
// plan page, the up-to-date record): under the full-disk test fault
// ("outputs", [ingest.SetFault]) they fail as the outputs do.
var outputHooks = &commit.Hooks{
	Fault: func(path string) error { return ingest.InjectedFault("outputs", path) },
}
