package policy

import _ "embed"

// DefaultYAML is the built-in policy; deploy/policy.yaml is a copy of it.
//
//go:embed default.yaml
var DefaultYAML string
