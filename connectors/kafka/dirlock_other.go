//go:build !unix

package kafka

import "os"

// lockDataDir does not lock on this platform: the caller must not start two
// brokers on one data directory.
func lockDataDir(string) (*os.File, error) { return nil, nil }
