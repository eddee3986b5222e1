package schemas

import (
	"errors"
	"fmt"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"
)

func TestRegistryUnavailable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{errors.New("dial tcp: connection refused"), true},
		{fmt.Errorf("lookup: %w", &sr.ResponseError{StatusCode: 503}), true},
		{&sr.ResponseError{StatusCode: 500}, true},
		{&sr.ResponseError{StatusCode: 429}, true},
		{&sr.ResponseError{StatusCode: 408}, true},
		{&sr.ResponseError{StatusCode: 401}, true},
		{&sr.ResponseError{StatusCode: 403}, true},
		// A 404 without the error code a registry writes with it is a
		// proxy's in front of it (Traefik while the registry has no
		// ready pod): it says nothing about what was asked.
		{&sr.ResponseError{StatusCode: 404}, true},
		{&sr.ResponseError{StatusCode: 404, ErrorCode: 40403}, false},
		{&sr.ResponseError{StatusCode: 404, ErrorCode: 40401}, false},
		{&sr.ResponseError{StatusCode: 422}, false},
		{&sr.ResponseError{StatusCode: 400}, false},
	} {
		if got := RegistryUnavailable(tc.err); got != tc.want {
			t.Errorf("RegistryUnavailable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
