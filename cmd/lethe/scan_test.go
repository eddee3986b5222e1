package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/connectors/postgres"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
)

// An interrupted scan (Ctrl-C) prints the data map of what it read, the
// tables it did not finish listed as not scanned, marked incomplete, and
// still fails, so that a script does not take it for a whole audit; any
// other failure prints nothing.
func TestWriteScanInterrupted(t *testing.T) {
	entries := []datamap.Entry{
		{Table: "public.a_kunden", Column: "email", Personal: true, Categories: []string{"user.contact.email"}, Coverage: datamap.CoverageSampled},
		{Table: "public.b_kontakte", Column: "email", Categories: []string{}, Coverage: datamap.CoverageNone,
			Reasons: []string{"not scanned: the scan was interrupted before this table (context canceled)"}},
	}
	interrupted := &postgres.InterruptedError{Scanned: 1, Total: 2, Err: context.Canceled}
	const title = "lethe scan: personal data in database crm on db:5432, 2026-12-02T16:00:00Z"
	for _, format := range []string{"json", "csv", "html"} {
		var out bytes.Buffer
		err := writeScan(&out, format, title, entries, interrupted)
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "incomplete") {
			t.Errorf("%s: err %v, want the interruption, saying the data map is incomplete", format, err)
		}
		if !strings.Contains(out.String(), "public.a_kunden") || !strings.Contains(out.String(), "interrupted before this table") {
			t.Errorf("%s: output %q, want the tables read and those not", format, out.String())
		}
		if format == "html" && !strings.Contains(out.String(), "incomplete: interrupted after 1 of 2 tables") {
			t.Errorf("html: title not marked incomplete:\n%s", out.String())
		}
		if format == "json" {
			var got []datamap.Entry
			if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 2 {
				t.Errorf("json: %d entries (%v), want the 2 as a data map", len(got), err)
			}
		}
	}
	var out bytes.Buffer
	if err := writeScan(&out, "json", title, nil, fmt.Errorf("postgres scan: list tables: %w", errors.New("boom"))); err == nil || out.Len() != 0 {
		t.Errorf("a failed scan: err %v, output %q; want the error and nothing printed", err, out.String())
	}
	out.Reset()
	if err := writeScan(&out, "json", title, entries, nil); err != nil || !strings.Contains(out.String(), "public.a_kunden") {
		t.Errorf("a whole scan: err %v, output %q", err, out.String())
	}
}

// A scan whose connection was lost (an administrator's pg_terminate_backend,
// a server restart) prints its data map as an interrupted one does, the
// title saying why it is incomplete, and still fails (exit 1).
func TestWriteScanConnectionLost(t *testing.T) {
	const cause = "SQLSTATE 57P01, admin_shutdown: an administrator ended the session (pg_terminate_backend) or the server is shutting down"
	entries := []datamap.Entry{
		{Table: "public.a_kunden", Column: "email", Personal: true, Categories: []string{"user.contact.email"}, Coverage: datamap.CoverageSampled},
		{Table: "public.b_kontakte", Column: "email", Categories: []string{}, Coverage: datamap.CoverageNone,
			Reasons: []string{"not scanned: the connection to the server was lost before this table (" + cause + ")"}},
	}
	lost := &postgres.InterruptedError{Scanned: 1, Total: 2, Err: &postgres.ConnectionLostError{Code: "57P01", Cause: cause}}
	const title = "lethe scan: personal data in database crm on db:5432, 2026-12-02T16:00:00Z"
	for _, format := range []string{"json", "csv", "html"} {
		var out bytes.Buffer
		err := writeScan(&out, format, title, entries, lost)
		var cle *postgres.ConnectionLostError
		if !errors.As(err, &cle) || !strings.Contains(err.Error(), "57P01") || !strings.Contains(err.Error(), "incomplete") {
			t.Errorf("%s: err %v, want the lost connection, saying the data map is incomplete", format, err)
		}
		if !strings.Contains(out.String(), "public.a_kunden") || !strings.Contains(out.String(), "lost before this table") {
			t.Errorf("%s: output %q, want the tables read and those not", format, out.String())
		}
		if format == "html" && !strings.Contains(out.String(), "incomplete: the connection to the server was lost after 1 of 2 tables") {
			t.Errorf("html: title not marked incomplete for the lost connection:\n%s", out.String())
		}
	}
}
