//go:build unix

package kafka

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir takes an exclusive lock on dir for this process: two brokers
// on one data directory overwrite each other's topic lists, and a topic one
// of them created was gone after a restart. The lock is released when the
// returned file is closed, or when the process ends, however it ends.
func lockDataDir(dir string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("embedded kafka: data dir: %w", err)
	}
	path := filepath.Join(dir, ".lethe.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("embedded kafka: data dir lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("embedded kafka: data dir %s is in use by another broker (lock %s held): stop it, or give this one another (--data-dir, or embedded.data_dir in a config)", dir, path)
		}
		return nil, fmt.Errorf("embedded kafka: data dir lock %s: %w", path, err)
	}
	return f, nil
}
