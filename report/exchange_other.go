//go:build !linux

package report

import "errors"

// exchange is not available: swapDir renames twice.
func exchange(a, b string) error { return errors.ErrUnsupported }
