package yamlkey

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileBytes is the most ReadFile reads: a config is a few KiB, and a
// policy with a rule for each of ten thousand columns about 1 MiB.
const MaxFileBytes = 16 << 20

// ReadFile reads a YAML file lethe is given (a config, a policy) as
// os.ReadFile does, to at most MaxFileBytes: a path naming /dev/zero or
// /dev/urandom was read without end, lethe run --check among the readers,
// until memory ran out. A pipe stays readable (--config <(envsubst <
// lethe.yaml)). Its errors are *fs.PathError, for callers that leave the
// path out.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFileBytes {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("larger than %d bytes: not a config or policy file", MaxFileBytes)}
	}
	return b, nil
}
