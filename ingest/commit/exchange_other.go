//go:build !linux

package commit

import "errors"

// exchange is not available: SwapDir renames twice.
func exchange(a, b string) error { return errors.ErrUnsupported }
