package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lethe-cdc/lethe/connectors/postgres"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/pii"
)

func runScan(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("scan", stderr)
	dsn := fs.String("postgres", "", "PostgreSQL connection string (read-only access is enough); required. "+
		"Leave the password out (a command line is visible to every user of the machine): it is taken from PGPASSWORD or ~/.pgpass")
	sample := fs.Int("sample", 2000, "rows sampled per table at most")
	format := fs.String("format", "json", "output format: json, csv or html")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	legacy := fs.String("legacy-charset", "", "single-byte code page of text that is not UTF-8, in bytea columns and a SQL_ASCII database's text "+
		"(a WHATWG label: windows-1250, iso-8859-2, koi8-r); windows-1252 when empty")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dsn == "" {
		return usagef("--postgres is required")
	}
	if *sample < 1 {
		return usagef("--sample must be at least 1")
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	cs, err := pipeline.ParseCharset(*legacy)
	if err != nil {
		return usagef("--legacy-charset: %s", err)
	}
	opt := postgres.ScanOptions{SampleRows: *sample, LegacyCharset: cs}
	if !*quiet {
		opt.Progress = func(table string, done, total int) {
			fmt.Fprintf(stderr, "scanned %d/%d tables (%s)\n", done, total, table)
		}
	}
	entries, err := postgres.Scan(ctx, *dsn, opt, pii.NewScanner())
	var de *postgres.DSNError
	if errors.As(err, &de) {
		return usagef("--postgres: cannot parse the connection string: %s", de.Problem)
	}
	return writeScan(stdout, *format, scanTitle(*dsn, time.Now()), entries, err)
}

// writeScan prints a scan's data map, or returns err when the scan failed.
// An interrupted scan's (Ctrl-C, SIGTERM, or its connection lost: a server
// restart, pg_terminate_backend) is printed too, the tables it did not
// finish listed as not scanned, and its HTML title says it is incomplete
// and why; the error is returned all the same, so that lethe exits 1 and
// a script does not take the report for a whole audit.
func writeScan(w io.Writer, format, title string, entries []datamap.Entry, err error) error {
	var ie *postgres.InterruptedError
	if err != nil && !errors.As(err, &ie) {
		return err
	}
	var lost *postgres.ConnectionLostError
	switch {
	case ie != nil && errors.As(ie.Err, &lost):
		title += fmt.Sprintf("; incomplete: the connection to the server was lost after %d of %d tables", ie.Scanned, ie.Total)
	case ie != nil:
		title += fmt.Sprintf("; incomplete: interrupted after %d of %d tables", ie.Scanned, ie.Total)
	}
	if werr := writeEntries(w, format, title, entries); werr != nil {
		return errors.Join(err, werr)
	}
	if ie != nil {
		return fmt.Errorf("%w; the data map printed is incomplete: the tables not finished are listed as not scanned", err)
	}
	return nil
}

// scanTitle names the database audited and when, never the password nor
// the role: a report kept as evidence (Art. 5(2)) must say what it
// describes, and a role may be named by a person's e-mail address (a leak
// hunt found one in the title), as may the database a DSN without one
// connects to, the role's own.
func scanTitle(dsn string, at time.Time) string {
	where := "the database"
	if c, err := pgx.ParseConfig(dsn); err == nil {
		db := "the role's own database"
		if c.Database != "" {
			db = "database " + pipeline.ShownName(c.Database)
		}
		where = fmt.Sprintf("%s on %s:%d", db, c.Host, c.Port)
	}
	return fmt.Sprintf("lethe scan: personal data in %s, %s", where, at.UTC().Format(time.RFC3339))
}
