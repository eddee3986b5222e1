package worker

// What an error may quote of a value a user gave: a name, a path or a
// value is quoted only when it cannot be a secret, since errors reach
// terminals, logs and tickets.

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/yamlkey"
)

// nameLike reports an environment variable's name as people write them:
// capitals, digits and underscores (or all in lower case), and not a key
// in hex, nor a long run with no underscore.
func nameLike(s string) bool {
	return (envName.MatchString(s) || envNameLower.MatchString(s)) && !(len(s) >= 16 && strings.Trim(s, "0123456789ABCDEFabcdef") == "") &&
		!(len(s) >= 24 && !strings.Contains(s, "_"))
}

// envName and envNameLower are the shapes of an environment variable's name.
var (
	envName      = regexp.MustCompile(`^[A-Z_][A-Z0-9_]{0,127}$`)
	envNameLower = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,127}$`)
)

// pathLike reports a file path as people write them: no part of it looks
// like a key or a password. A part does when it holds '+', '=' or the
// punctuation of passwords, or has 16 characters or more that are all hex
// or mix capitals, small letters and digits (base64). Names of words
// joined by '-' or '_' (/run/secrets/postgres_password) are paths. A base64
// key may hold '/', so every part is checked.
func pathLike(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		if strings.ContainsAny(part, "+=&!#$%*?@^~`|<>;,()[]{}'\"") || secretLike(part) {
			return false
		}
	}
	return true
}

// secretLike reports a run of 16 characters or more that is all hex, or
// mixes capitals, small letters and digits as base64 and passwords do.
func secretLike(s string) bool {
	if len(s) < 16 {
		return false
	}
	if strings.Trim(s, "0123456789abcdefABCDEF") == "" {
		return true
	}
	upper := strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
	lower := strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0
	return upper && lower && strings.ContainsAny(s, "0123456789")
}

// Shown quotes a value for an error message when it cannot be a secret,
// and otherwise says it is left out: a password or a connection string
// given to the wrong flag or key ("kafka://u:pw@host:9092" for a broker,
// "S3cret!" for a format) must not be printed back.
func Shown(v string) string {
	if strings.Contains(v, "@") || strings.Contains(v, "://") || !pathLike(v) || len(v) > 256 {
		return "(a value not shown: it may hold a secret)"
	}
	return strconv.Quote(v)
}

// ShownWord quotes v for an error about a key or flag that takes one of
// choices (log.level, sasl.mechanism, --format) when v is a near miss of
// one (Info, scram-sha-256, SCRAM-SHA-265, jsno: the case aside, at most
// two letters off; or it with -ing or -s: warning), and otherwise says it
// is left out. Shown takes any short value for a path and so printed back
// a password typed there by mistake (hunter2); a pattern of plain words
// still let passphrases through (correct-horse-battery-staple, a review).
func ShownWord(v string, choices ...string) string {
	if v == "" {
		return `""`
	}
	lv := strings.ToLower(v)
	for _, c := range choices {
		c = strings.ToLower(c)
		if yamlkey.EditDistance(lv, c) <= 2 || lv == c+"ing" || lv == c+"s" { // warning, for warn
			return strconv.Quote(v)
		}
	}
	return "(a value not shown: it may hold a secret)"
}

// ShownErr is err's message with the path of a *fs.PathError left out when
// it may be a secret (see pathLike).
func ShownErr(err error) string { return shownPathErr(err).Error() }

// shownPathErr is err, or for a *fs.PathError the same error with its path
// left out when it may be a secret; it still wraps the cause.
func shownPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %s: %w", pe.Op, shown(pe.Path, pathLike(pe.Path)), pe.Err)
	}
	return err
}

// shown is name, or a note that it is left out when it does not look like one.
func shown(name string, looksLikeOne bool) string {
	if looksLikeOne {
		return name
	}
	return "(its name is not shown: it does not look like one and may be the secret itself)"
}
