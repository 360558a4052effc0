package ingest

import (
	"io/fs"
	"os"
	"sync/atomic"
	"syscall"
)

// FaultEnv names the test-only environment variable that makes writes
// fail as on a full disk (ENOSPC), for the tests of what a run does then:
// "state" fails every write to the state (packs and index), "outputs"
// every output file, "outputs-once" only the first output file written.
// It has no other use.
const FaultEnv = "GAINGUARD_TEST_FAULT"

var faultOnce atomic.Bool

// InjectedFault returns the ENOSPC error [FaultEnv] asks for at where
// ("state" or "outputs"), or nil.
func InjectedFault(where, path string) error {
	v := os.Getenv(FaultEnv)
	if v == "" {
		return nil
	}
	if v == where || (v == where+"-once" && !faultOnce.Swap(true)) {
		return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	}
	return nil
}
