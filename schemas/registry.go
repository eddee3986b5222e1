package schemas

import (
	"errors"
	"net/http"

	"github.com/twmb/franz-go/pkg/sr"
)

// RegistryUnavailable reports whether a failed schema registry request is
// the registry's trouble rather than the request's: it is out of reach, or
// it answered that it is failing (5xx), overloaded (429), timed out (408) or
// refused lethe's credentials (401, 403: a rotated secret, fixed by an
// operator). Those are waited out: a record must not be dead-lettered for
// them, or a registry restart would turn every record with a new schema id
// into dead letters, and a worker must not exit at start for them, or
// Kubernetes restarts it in a loop. Any other answer (400, 404, 422) is about
// what was asked: a schema id the registry does not know, a schema it will
// not take. A 404 without the error code a registry writes with it (40403
// for an unknown schema id) is no registry's answer but a proxy's in front
// of it: Traefik answers 404 while the registry's service has no ready
// endpoint, as in a rolling restart.
func RegistryUnavailable(err error) bool {
	var re *sr.ResponseError
	if !errors.As(err, &re) {
		return true // no answer at all: the network, a timeout, a garbled reply
	}
	switch s := re.StatusCode; {
	case s >= 500, s == http.StatusTooManyRequests, s == http.StatusRequestTimeout,
		s == http.StatusUnauthorized, s == http.StatusForbidden,
		s == http.StatusNotFound && re.ErrorCode == 0:
		return true
	}
	return false
}
