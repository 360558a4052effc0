package ingest

import (
	"io/fs"
	"sync/atomic"
	"syscall"
)

// FaultEnv names the test-only environment variable that makes writes
// fail as on a full disk (ENOSPC), for the tests of what a run does then:
// "state" fails every write to the state (packs and index), "outputs"
// every output file, "outputs-once" only the first output file written.
// cmd/gainguard reads it and passes its value to [SetFault]; no library
// package reads the environment. It has no other use.
const FaultEnv = "GAINGUARD_TEST_FAULT"

var (
	faultMode atomic.Pointer[string]
	faultOnce atomic.Bool
)

// SetFault sets the fault [InjectedFault] reports for the run about to
// start (a [FaultEnv] value; "" for none) and re-arms the "-once" modes.
func SetFault(mode string) {
	faultMode.Store(&mode)
	faultOnce.Store(false)
}

// InjectedFault returns the ENOSPC error the fault set by [SetFault] asks
// for at where ("state" or "outputs"), or nil.
func InjectedFault(where, path string) error {
	p := faultMode.Load()
	if p == nil || *p == "" {
		return nil
	}
	if v := *p; v == where || (v == where+"-once" && !faultOnce.Swap(true)) {
		return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	}
	return nil
}
