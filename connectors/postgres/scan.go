// Package postgres audits a live PostgreSQL database for personal data
// (`lethe scan`): it samples every table read-only, runs the PII scanner on
// every column and returns one data-map entry per column.
//
// The scan never writes, and it is meant to run against a production CRM.
// The connection is opened with default_transaction_read_only=on; each table
// is read in its own short READ ONLY transaction, so the scan holds a table's
// lock and a snapshot only while it reads that table (one transaction for the
// whole audit would keep every scanned table locked against migrations and
// hold back vacuum until the end); every statement is bounded by
// statement_timeout and lock_timeout; and each table is read through a
// bounded sample: TABLESAMPLE SYSTEM in random order for tables the planner
// estimates to be large and for partitioned tables holding more than
// SampleRows, and always a LIMIT. Errors and reasons name tables
// and columns, never values.
package postgres

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/text/encoding/charmap"

	"github.com/lethe-cdc/lethe/pipeline"

	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// ScanOptions tune a scan. The zero value scans every non-system schema with
// 2000 rows per table.
type ScanOptions struct {
	// SampleRows bounds the rows read from each table (default 2000). More
	// rows find rarer personal data (a phone number in 1% of the notes) at
	// the price of reading more of a production database.
	SampleRows int
	// Schemas limits the scan to these schemas; empty means every schema but
	// pg_catalog, information_schema and pg_toast/pg_temp ones.
	Schemas []string
	// Progress, if set, is called after each table with the schema-qualified
	// table name, the number of tables done and the total.
	Progress func(table string, done, total int)
	// StatementTimeout bounds each query (default 60s); a table whose sample
	// takes longer is reported with a reason and the scan goes on.
	StatementTimeout time.Duration
	// LegacyCharset is the code page of text that is not UTF-8 in bytea
	// columns and in a SQL_ASCII database's text columns (the zero
	// Charset: Windows-1252). The text columns of a database in a
	// single-byte server encoding are read in that encoding.
	LegacyCharset pipeline.Charset
}

const (
	defaultSampleRows = 2000
	defaultTimeout    = 60 * time.Second
	// lockTimeout bounds the wait for a table's lock (a migration holding
	// it), unless the session has a shorter one.
	lockTimeout = 5 * time.Second
	// defaultConnectTimeout bounds the connection unless the DSN sets
	// connect_timeout.
	defaultConnectTimeout = 15 * time.Second
	// sampleAbove is how many times SampleRows a table's estimated row
	// count must exceed before it is read with TABLESAMPLE instead of a
	// plain LIMIT (which reads only the first pages, cheap but biased).
	sampleAbove = 5
	// minSamplePages is the fewest pages a TABLESAMPLE expects to read.
	minSamplePages = 32
	// maxValueChars bounds how much of one value is read and scanned: a
	// 50 MB document column must not stall the audit. Personal data past
	// the first 64 Ki characters of a value goes unseen.
	maxValueChars = 65536
)

// stalledSlack is the margin past its statements' timeouts after which a
// table's read is ended as stalled, its connection dead under it (a
// variable for tests).
var stalledSlack = time.Minute

// table is one relation to scan.
type table struct {
	oid          int64
	schema, name string
	// estRows is pg_class.reltuples, -1 when never analyzed; for a
	// partitioned table, the sum over its partitions (whose parent is never
	// analyzed by autovacuum).
	estRows float64
	// pages is pg_class.relpages, summed over partitions likewise; for a
	// table never vacuumed nor analyzed (-1 rows, 0 pages, also when just
	// bulk-loaded with millions of rows) scanTable measures it on disk.
	pages       int64
	partitioned bool
	// dec reads the sample's text columns, in the server's encoding
	// (textDecoder), set by Scan.
	dec textDecoder
	// shownSchema, shownName and shownColumns are the names as the report
	// shows them (shownAs), set by Scan.
	shownSchema, shownName string
	shownColumns           []string
	// unanalyzed: a partition of a partitioned table was never analyzed,
	// so estRows leaves its rows out and scanTable measures the pages.
	unanalyzed bool
	// inherits: other tables inherit from this one (INHERITS, the way
	// tables were partitioned before PostgreSQL 10): its own rows are read
	// (ONLY), as the children are listed and read on their own.
	inherits bool
	// foreign: a foreign table, whose rows live in another system: reading
	// them would query that system, so it is listed, not read.
	foreign bool
	// foreignParts: a partitioned table with a foreign table among its
	// partitions, at any depth: reading it would query that system too,
	// so it is listed, not read, and its partitions are listed on their
	// own (the foreign ones as foreign tables).
	foreignParts bool
	// unpopulated: a materialized view created WITH NO DATA and never
	// refreshed, which the server refuses to read (SQLSTATE 55000).
	unpopulated bool
	// rowSecurity: row-level security filters what the user reads, so
	// the sample may miss rows, and personal data in them.
	rowSecurity bool
	// noSchemaUsage: the user may not use the table's schema (no USAGE
	// privilege), so it reads none of the table, whatever its grants.
	noSchemaUsage bool
	columns       []string
	attnums       []int32 // the columns' numbers in the table
	nspOID        int64   // the schema's oid
	// readable says which columns the user may SELECT (a table grant, or a
	// column grant).
	readable []bool
	// kinds says how a column's text is read: "bytea" for bytes (a domain
	// over bytea too) and "bytea[]" for arrays of them, whose text form is
	// hex, in which no detector can see a name or an address; "out" for a
	// type a user defined, read through its output function, not a cast;
	// "" for the rest, read as text.
	kinds []string
}

// qualified names the table as the data map does (datamap.QualifiedName),
// its names as a report may show them (shownAs).
func (t table) qualified() string { return datamap.QualifiedName(t.shownSchema, t.shownName) }

// shownAs is name as a report shows it (pipeline.ShownName): itself, or a
// placeholder of its own, told apart by id, which is stable while the
// object exists and holds no personal data: one placeholder for all merged
// two tables into one in the report, and numbers in the order met changed
// with the schema (reviews).
func shownAs(name, id string) string {
	shown := pipeline.ShownName(name)
	if shown == name {
		return name
	}
	return strings.TrimSuffix(shown, ">") + " " + id + ">"
}

// est is the planner's row estimate, or for a table never analyzed a guess
// from its size on disk (50 rows a page); -1 when there is neither. A
// partitioned table of which a partition was never analyzed counts at least
// that guess: the statistics count such a partition's rows as none, however
// many it holds (a review: 200,000 rows loaded into a new month's partition
// beside an analyzed one of 2,000).
func (t table) est() float64 {
	guess := float64(t.pages) * 50
	switch {
	case t.estRows < 0 && t.pages > 0:
		return guess
	case t.partitioned && t.unanalyzed:
		return max(t.estRows, guess)
	}
	return t.estRows
}

// maxRowsPerPage is the most rows a heap page holds (PostgreSQL's
// MaxHeapTuplesPerPage, 8 KiB pages): a table of more pages than the limit
// over it may hold more rows than the limit, however narrow.
const maxRowsPerPage = 291

// Scan connects to dsn, samples every table of the selected schemas and runs
// s over every column value. It returns one datamap.Entry per column, sorted
// by table and column. A table that cannot be read (no privilege, timeout)
// still gets its entries, with the cause in Reasons; Scan fails only when it
// cannot connect, list the tables or ctx ends. When ctx ends after the
// tables are listed (a signal, a deadline), or the connection is lost (a
// server restart, a network cut, an administrator's pg_terminate_backend,
// idle_session_timeout), Scan returns the entries of every table, those it
// had not finished not scanned for the interruption, and an
// *InterruptedError: the tables read are not lost. A lost connection is
// not made again: an administrator who ended the scan's session meant it
// to stop, and after a restart or a failover the same address may lead to
// another server, whose tables would be mixed with the first's in one
// report.
func Scan(ctx context.Context, dsn string, opt ScanOptions, s pipeline.Detector) ([]datamap.Entry, error) {
	if opt.SampleRows <= 0 {
		opt.SampleRows = defaultSampleRows
	}
	if opt.StatementTimeout <= 0 {
		opt.StatementTimeout = defaultTimeout
	}
	// PostgreSQL counts milliseconds, and "0ms" is no timeout at all.
	opt.StatementTimeout = max(opt.StatementTimeout, time.Millisecond)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, &DSNError{Problem: parseProblem(err)}
	}
	if problem := misparsed(dsn, cfg); problem != "" {
		return nil, &DSNError{Problem: problem}
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	// Bytes in hex, which sampleBytes reads, also where the database says
	// escape and the protocol is simple.
	cfg.RuntimeParams["bytea_output"] = "hex"
	if cfg.RuntimeParams["idle_in_transaction_session_timeout"] == "" {
		// A table's transaction is open while lethe reads and detects
		// its sample; the timeout only ends one held by a scan that
		// stalled, so it never falls below a minute even when statements
		// are kept short.
		idle := max(2*opt.StatementTimeout, time.Minute)
		cfg.RuntimeParams["idle_in_transaction_session_timeout"] = strconv.FormatInt(idle.Milliseconds(), 10)
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "lethe-scan"
	}
	if cfg.ConnectTimeout == 0 { // connect_timeout in the DSN wins
		cfg.ConnectTimeout = defaultConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		if !targetShown(dsn) {
			return nil, fmt.Errorf("postgres scan: connect to <host>:<port>/<database>: %w", withoutTarget(err, cfg))
		}
		host, db := shownName(cfg.Host, "<host>"), shownName(cfg.Database, "<database>")
		return nil, fmt.Errorf("postgres scan: connect to %s:%d/%s: %w", host, cfg.Port, db, withoutNames(err, cfg))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// Only built-in functions, operators and types: one a user of the
	// database defined in a schema on the search path (public.unnest(
	// bytea[]), which beats the polymorphic built-in; public.left where
	// the path names pg_catalog after public) ran with the scanning
	// role's privileges and returned what it liked (a review). The
	// catalog is read with pg_catalog alone on the path; the tables with
	// the session's path, which functions of row-level security policies
	// may need, and their queries name pg_catalog's functions and types
	// (sampleQuery, sizeSQL).
	if _, err := conn.Exec(ctx, "SET search_path = pg_catalog"); err != nil {
		return nil, fmt.Errorf("postgres scan: set search_path: %w", err)
	}
	// Names in UTF-8 whatever the server's encoding (the client encoding
	// is the database's, or its or the role's setting, unless set; pgx's
	// simple protocol takes no other), but for SQL_ASCII, whose names come
	// as they are stored. Values are read as the bytes the server stores
	// where lethe decodes its encoding (textDecoder): SQL_ASCII and the
	// single-byte ones.
	enc := conn.PgConn().ParameterStatus("server_encoding")
	client := "UTF8"
	if enc == "SQL_ASCII" && cfg.DefaultQueryExecMode != pgx.QueryExecModeSimpleProtocol {
		// A SQL_ASCII server refuses names that are not UTF-8 to a
		// UTF-8 client, and one such name failed the listing of every
		// table (a review); pgx's simple protocol takes UTF-8 only.
		client = enc
	}
	if _, err := conn.Exec(ctx, "SET client_encoding = '"+client+"'"); err != nil {
		return nil, fmt.Errorf("postgres scan: set client_encoding to %s on a %s database: %w", client, enc, err)
	}
	// Dates and times in ISO form, as Debezium gives them to the stream
	// and the detectors know them ("1980-05-17 00:00:00+00"), whatever
	// style the database, the role or the DSN sets; the order of day and
	// month, which ISO does not use, stays. The Postgres style's "Sat May
	// 17 00:00:00 1980 UTC" and "05-17-1980" read as phone numbers: a
	// created_at column was reported as one, a birth date as both.
	if _, err := conn.Exec(ctx, "SET DateStyle = ISO"); err != nil {
		return nil, fmt.Errorf("postgres scan: set DateStyle: %w", err)
	}
	// Statement and lock timeouts only ever shortened: a shorter one the
	// DBA set for the role, or the DSN sets, stays.
	if _, err := conn.Exec(ctx, lowerTimeoutsSQL, fmt.Sprintf("%dms", opt.StatementTimeout.Milliseconds()), fmt.Sprintf("%dms", lockTimeout.Milliseconds())); err != nil {
		return nil, fmt.Errorf("postgres scan: set timeouts: %w", err)
	}

	tables, err := listTables(ctx, conn, opt.Schemas)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "RESET search_path"); err != nil {
		return nil, fmt.Errorf("postgres scan: reset search_path: %w", err)
	}
	dec := decoderFor(enc, opt.LegacyCharset)
	for i := range tables {
		t := &tables[i]
		t.dec = dec
		t.shownSchema, t.shownName = shownAs(t.schema, fmt.Sprintf("schema oid %d", t.nspOID)), shownAs(t.name, fmt.Sprintf("oid %d", t.oid))
		for k, c := range t.columns { // attnums has a number per column: one array_agg each
			t.shownColumns = append(t.shownColumns, shownAs(c, fmt.Sprintf("column %d", t.attnums[k])))
		}
	}
	var entries []datamap.Entry
	var interrupted *InterruptedError
	for i, t := range tables {
		var stopped error // why the tables left are not read
		if interrupted != nil {
			stopped = interrupted.Err
		}
		es, err := scanTable(ctx, conn, t, opt, s, stopped)
		var lost *ConnectionLostError
		switch {
		case err == nil || interrupted != nil:
		case ctx.Err() != nil:
			interrupted = &InterruptedError{Scanned: i, Total: len(tables), Err: ctx.Err()}
		case errors.As(err, &lost):
			interrupted = &InterruptedError{Scanned: i, Total: len(tables), Err: lost}
		default:
			return nil, err
		}
		// After an interruption the tables left are still listed, each
		// not scanned for it, or for its own reason where it would not
		// have been read anyway (a foreign table).
		entries = append(entries, es...)
		if opt.Progress != nil && interrupted == nil {
			opt.Progress(t.qualified(), i+1, len(tables))
		}
	}
	datamap.Sort(entries)
	if interrupted != nil {
		return entries, interrupted
	}
	return entries, nil
}

// InterruptedError is a scan whose context ended (a signal, a deadline), or
// whose connection was lost, after the tables were listed: Scan returns it
// with the entries of every table, those it finished as read and the
// others not scanned, the reason saying so.
type InterruptedError struct {
	Scanned int // tables finished before the interruption
	Total   int // tables listed
	// Err is the context's error, or a *ConnectionLostError.
	Err error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("postgres scan: interrupted after %d of %d tables: %v", e.Scanned, e.Total, e.Err)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// ConnectionLostError is the cause of an InterruptedError whose connection
// to the server was lost while the scan read the tables. Its text names
// the cause (Cause) and never quotes the server's message nor the
// network's error (which may name hosts): it goes into the reasons of the
// tables left.
type ConnectionLostError struct {
	// Code is the SQLSTATE the server ended the session with (57P01 for
	// pg_terminate_backend and a shutdown, 57P05 for
	// idle_session_timeout), "" when the connection broke without one.
	Code string
	// Cause names the SQLSTATE and its condition, or the class of the
	// failure (the server closed the connection, a network error, no
	// answer in time).
	Cause string
	err   error
}

func (e *ConnectionLostError) Error() string {
	return "the connection to the server was lost (" + e.Cause + ")"
}

// Unwrap is the error pgx returned, for errors.Is and errors.As: its text
// may quote the server or name hosts, which Error leaves out.
func (e *ConnectionLostError) Unwrap() error { return e.err }

// connectionLost makes the error of a read after which the connection is
// closed a *ConnectionLostError naming its cause.
func connectionLost(err error) *ConnectionLostError {
	var pe *pgconn.PgError
	var ne net.Error
	lost := &ConnectionLostError{err: err}
	switch {
	case errors.As(err, &pe):
		lost.Code = pe.Code
		lost.Cause = "SQLSTATE " + pe.Code
		if what, ok := sessionEnds[pe.Code]; ok {
			lost.Cause += ", " + what
		} else if strings.HasPrefix(pe.Code, "08") {
			lost.Cause += ", connection exception"
		}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		lost.Cause = "the connection ended without a word from the server (EOF): a backend ended while it sent, a server restart or a network cut"
	case pgconn.Timeout(err), errors.As(err, &ne) && ne.Timeout():
		lost.Cause = "no answer from the server within the table's time limit: a network cut, or a server that stalled"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		lost.Cause = "connection reset: the server or the network ended it"
	case errors.As(err, &ne):
		lost.Cause = "network error"
	default:
		lost.Cause = "connection closed"
	}
	return lost
}

// sessionEnds are the SQLSTATEs a server ends a session with, and what
// they mean.
var sessionEnds = map[string]string{
	"57P01": "admin_shutdown: an administrator ended the session (pg_terminate_backend) or the server is shutting down",
	"57P02": "crash_shutdown: the server restarts after a process of it crashed",
	"57P03": "cannot_connect_now: the server is starting or shutting down",
	"57P04": "database_dropped",
	"57P05": "idle_session_timeout",
	"25P03": "idle_in_transaction_session_timeout",
}

// sizeSQL and partitionsSizeSQL are a relation's size on disk in bytes,
// its partitions' for a partitioned table, and the size of a page; 0 for
// one dropped since it was listed, whose sample then fails and says so.
// Run with the session's search path, they name pg_catalog's functions
// and types and use no operator.
const (
	sizeSQL = `SELECT coalesce(pg_catalog.pg_relation_size($1::pg_catalog.oid), 0)::pg_catalog.int8,
  pg_catalog.current_setting('block_size')::pg_catalog.int8`
	partitionsSizeSQL = `SELECT coalesce(pg_catalog.sum(pg_catalog.pg_relation_size(relid)), 0)::pg_catalog.int8,
  pg_catalog.current_setting('block_size')::pg_catalog.int8
FROM pg_catalog.pg_partition_tree($1::pg_catalog.oid) WHERE isleaf`
)

// lowerTimeoutsSQL sets statement_timeout to $1 and lock_timeout to $2 for
// the session unless they are set shorter already (0 is none).
const lowerTimeoutsSQL = `
SELECT set_config(name, want, false)
FROM (VALUES ('statement_timeout', $1::text), ('lock_timeout', $2::text)) AS t(name, want)
WHERE current_setting(name)::interval = '0' OR current_setting(name)::interval > want::interval`

const listTablesSQL = `
-- Every type with the type it is at bottom: a domain's base, through
-- domains over domains.
WITH RECURSIVE base(oid, root) AS (
  SELECT t.oid, t.oid FROM pg_catalog.pg_type t WHERE t.typtype <> 'd'
  UNION ALL
  SELECT t.oid, b.root FROM pg_catalog.pg_type t JOIN base b ON t.typbasetype = b.oid WHERE t.typtype = 'd'
),
-- The partitioned tables a foreign table is a partition of, at any depth
-- (an archive moved to another server through postgres_fdw): reading
-- them would query that system. Not through a pending detach, whose
-- parent no longer reads the partition.
foreign_above(relid) AS (
  SELECT i.inhparent FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class f ON f.oid = i.inhrelid
  WHERE f.relkind = 'f' AND f.relispartition AND NOT coalesce((to_jsonb(i) ->> 'inhdetachpending')::bool, false)
  UNION
  SELECT i.inhparent FROM pg_catalog.pg_inherits i JOIN foreign_above fa ON i.inhrelid = fa.relid
  WHERE NOT coalesce((to_jsonb(i) ->> 'inhdetachpending')::bool, false)
)
SELECT c.oid::int8, n.oid::int8, n.nspname, c.relname,
       CASE WHEN c.relkind = 'p' THEN coalesce(parts.est, -1) ELSE c.reltuples::float8 END,
       CASE WHEN c.relkind = 'p' THEN coalesce(parts.pages, 0) ELSE c.relpages::int8 END,
       c.relkind = 'p', coalesce(parts.unanalyzed, false),
       c.relkind <> 'p' AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid),
       c.relkind = 'f',
       c.oid IN (SELECT relid FROM foreign_above),
       c.relkind = 'm' AND NOT c.relispopulated,
       c.relrowsecurity AND coalesce(row_security_active(c.oid), false),
       -- NULL for a schema dropped since, as below.
       NOT coalesce(has_schema_privilege(n.oid, 'USAGE'), false),
       array_agg(a.attname::text ORDER BY a.attnum),
       array_agg(a.attnum::int4 ORDER BY a.attnum),
       -- NULL for a column or table dropped since the query's snapshot:
       -- the privilege is looked up in the catalog as it is now.
       array_agg(coalesce(has_column_privilege(c.oid, a.attnum, 'SELECT'), false) ORDER BY a.attnum),
       array_agg(CASE
         WHEN tb.root = 'bytea'::regtype THEN 'bytea'
         -- Arrays of bytea or of a domain over it, and domains over those.
         WHEN eb.root = 'bytea'::regtype THEN 'bytea[]'
         -- A type a user defined (an enum, a composite, a range, arrays
         -- of them), from which the user may have made a cast to text.
         WHEN rt.typnamespace <> 'pg_catalog'::regnamespace THEN 'out'
         ELSE '' END ORDER BY a.attnum)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
-- The column's type at bottom; if an array, its element's at bottom.
JOIN base tb ON tb.oid = a.atttypid
JOIN pg_catalog.pg_type rt ON rt.oid = tb.root
LEFT JOIN base eb ON eb.oid = rt.typelem AND rt.typcategory = 'A'
LEFT JOIN LATERAL (
  -- A partition never analyzed (reltuples -1) counts by its pages, as
  -- est guesses for a table; none analyzed nor vacuumed leaves -1, and
  -- scanTable measures the partitions on disk. The partitions are found
  -- in pg_inherits, not with pg_partition_tree, which locks each one: a
  -- migration holding one would stall the listing of every table.
  WITH RECURSIVE tree(relid) AS (
    SELECT c.oid
    UNION ALL
    SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN tree ON i.inhparent = tree.relid
    -- Not a partition an interrupted DETACH CONCURRENTLY left pending,
    -- whose rows the parent no longer returns (the column is PostgreSQL
    -- 14's: read through to_jsonb, so that older servers are served).
    WHERE NOT coalesce((to_jsonb(i) ->> 'inhdetachpending')::bool, false)
  )
  SELECT CASE WHEN bool_or(pc.reltuples >= 0 OR pc.relpages > 0)
              THEN sum(CASE WHEN pc.reltuples >= 0 THEN pc.reltuples ELSE pc.relpages * 50 END)::float8 END AS est,
         sum(pc.relpages)::int8 AS pages,
         bool_or(pc.reltuples < 0) AS unanalyzed
  FROM tree
  JOIN pg_catalog.pg_class pc ON pc.oid = tree.relid
  WHERE pc.relkind <> 'p'
) parts ON c.relkind = 'p'
WHERE c.relkind IN ('r', 'p', 'm', 'f')
  -- A partition is read through its parent, but for one an interrupted
  -- DETACH CONCURRENTLY left pending: the parent no longer returns its
  -- rows, which it still holds, so it is read as a table of its own (the
  -- listing left it out, and its personal data out of the report).
  AND (NOT c.relispartition OR EXISTS (
    SELECT 1 FROM pg_catalog.pg_inherits i
    WHERE i.inhrelid = c.oid AND coalesce((to_jsonb(i) ->> 'inhdetachpending')::bool, false))
    -- and one whose parent has a foreign partition, which is not read.
    OR EXISTS (
    SELECT 1 FROM pg_catalog.pg_inherits i JOIN foreign_above fa ON fa.relid = i.inhparent
    WHERE i.inhrelid = c.oid))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1::text[]))
GROUP BY n.oid, n.nspname, c.relname, c.reltuples, c.relpages, c.relkind, c.relrowsecurity, c.oid, parts.est, parts.pages, parts.unanalyzed
ORDER BY 3, 4`

// listTables reads tables (ordinary, partitioned parents, materialized
// views, foreign tables) and their columns from pg_catalog.
func listTables(ctx context.Context, conn querier, schemas []string) ([]table, error) {
	if schemas == nil {
		schemas = []string{}
	}
	rows, err := conn.Query(ctx, listTablesSQL, schemas)
	if err != nil {
		return nil, fmt.Errorf("postgres scan: list tables: %w", err)
	}
	var out []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.oid, &t.nspOID, &t.schema, &t.name, &t.estRows, &t.pages, &t.partitioned, &t.unanalyzed, &t.inherits, &t.foreign, &t.foreignParts, &t.unpopulated, &t.rowSecurity, &t.noSchemaUsage, &t.columns, &t.attnums, &t.readable, &t.kinds); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres scan: list tables: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres scan: list tables: %w", err)
	}
	return out, nil
}

// querier runs a query: a connection, or a transaction in tests.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// sampleQuery builds the bounded, text-cast SELECT of t's readable columns
// and says how it samples.
func sampleQuery(t table, limit int) (sql, how string) {
	var b strings.Builder
	b.WriteString("SELECT ")
	var cols []string // the columns read, quoted
	for i, c := range t.columns {
		if !t.canRead(i) {
			continue
		}
		if len(cols) > 0 {
			b.WriteString(", ")
		}
		col := pgx.Identifier{c}.Sanitize()
		cols = append(cols, col)
		switch t.kind(i) {
		case "bytea":
			// Text stored as bytes, read as the stream reads it
			// (pipeline.BytesText: UTF-8, UTF-16 or Windows-1252; escaped
			// text found a name with an umlaut only in part). A domain
			// over bytea is cast to it.
			fmt.Fprintf(&b, "substring(%s::pg_catalog.bytea from 1 for %d)", col, maxValueChars)
		case "bytea[]":
			// The elements apart by a blank. Each element is cast, so
			// that those of a domain are bytea; not the array, whose
			// type (an array of a domain) a user may have made a cast
			// from, as from a type of theirs ("out").
			fmt.Fprintf(&b, `(SELECT substring(pg_catalog.string_agg(substring(e::pg_catalog.bytea from 1 for %d), '\x20'::pg_catalog.bytea) from 1 for %d) FROM pg_catalog.unnest(%s) AS e)`,
				maxValueChars, maxValueChars, col)
		default:
			// A cast to text is a built-in one, but from a type a user
			// defined, from which the user may have made a cast that
			// runs with the scanning role's privileges and returns what
			// it likes (a review): format reads such a value through its
			// type's output function, as the stream reads it. NULL is
			// '', blank all the same.
			text := col + "::pg_catalog.text"
			if t.kind(i) == "out" {
				text = "pg_catalog.format('%s', " + col + ")"
			}
			if t.dec.raw {
				// The stored bytes, unconverted, which lethe decodes:
				// a conversion to UTF-8 fails a whole table on a byte
				// the encoding does not define, which PostgreSQL stores
				// all the same (a review: 0x81 in a WIN1252 database).
				fmt.Fprintf(&b, "pg_catalog.convert_to(pg_catalog.left(%s, %d), '%s')", text, maxValueChars, t.dec.name)
				continue
			}
			fmt.Fprintf(&b, "pg_catalog.left(%s, %d)", text, maxValueChars)
		}
	}
	from := pgx.Identifier{t.schema, t.name}.Sanitize()
	if t.inherits {
		from = "ONLY " + from
	}
	est := t.est()
	how = fmt.Sprintf("sample: first rows, LIMIT %d", limit)
	// The first rows of a partitioned table all come from its first
	// partition (often the oldest range, or one list value), so it is
	// sampled as soon as it may hold more than the limit: by its
	// estimate, or, when a partition was never analyzed, by its pages of
	// rows as narrow as they come.
	if est > float64(sampleAbove*limit) || (t.partitioned && (est > float64(limit) || t.unanalyzed && t.pages*maxRowsPerPage > int64(limit))) {
		// SYSTEM picks whole pages at random; ask for twice what we need
		// because pages are uneven, and LIMIT keeps the promise. Each page
		// is picked on its own, so a sample expecting a handful of pages
		// can pick none (a table of narrow rows, a small limit): expect at
		// least minSamplePages, which makes an empty sample a 1 in 10^14
		// chance.
		pct := 200 * float64(limit) / est
		if t.pages > 0 {
			pct = max(pct, 100*minSamplePages/float64(t.pages))
		}
		pct = min(100, pct)
		// The sampled pages come back in physical order (and partition
		// by partition): without a shuffle, LIMIT would keep only the
		// first of them. ORDER BY with LIMIT is a top-N sort that keeps
		// at most limit rows, if they fit in work_mem: the rows are
		// sorted with their columns as stored, a long value a TOAST
		// pointer, and cut after the sort. Cut before it, the values
		// read, up to 64 KiB each, filled the sort, which spilled to the
		// server's disk (a review saw 237 MB of temporary files for one
		// table of documents), and every value sampled was read whole,
		// not only those kept.
		fmt.Fprintf(&b, " FROM (SELECT %s FROM %s TABLESAMPLE SYSTEM (%s) ORDER BY pg_catalog.random() LIMIT %d) AS sample",
			strings.Join(cols, ", "), from, strconv.FormatFloat(pct, 'f', 6, 64), limit)
		how = fmt.Sprintf("sample: TABLESAMPLE SYSTEM %.4f%% of ~%.0f rows in random order, LIMIT %d", pct, est, limit)
		return b.String(), how
	}
	fmt.Fprintf(&b, " FROM %s LIMIT %d", from, limit)
	return b.String(), how
}

// canRead reports whether the user may SELECT column i.
func (t table) canRead(i int) bool { return i < len(t.readable) && t.readable[i] }

// kind is column i's entry in kinds.
func (t table) kind(i int) string {
	if i < len(t.kinds) {
		return t.kinds[i]
	}
	return ""
}

// scanTable samples one table in a transaction of its own: its lock and
// snapshot end with the table, and a failure (a timeout, a permission) is
// the table's alone.
//
// stopped, when not nil, is why the scan stopped before t (the context's
// error, a *ConnectionLostError): t is not read, and its entries say so.
// A table whose read ends the context or loses the connection returns
// the context's error or the *ConnectionLostError.
func scanTable(ctx context.Context, conn *pgx.Conn, t table, opt ScanOptions, s pipeline.Detector, stopped error) ([]datamap.Entry, error) {
	stats := make([]pii.ColumnStats, len(t.columns))
	// A SELECT grant is of no use without USAGE on the schema, which the
	// server's refusal did not say: "permission denied" had a DBA look for
	// the table's grant (a review).
	denied := "not scanned: no SELECT privilege"
	if t.noSchemaUsage {
		denied = "not scanned: no USAGE privilege on its schema"
	}
	entries := func(coverage, reason string) []datamap.Entry {
		out := make([]datamap.Entry, len(t.columns))
		for i := range t.columns {
			if !t.canRead(i) {
				out[i] = entry(t.qualified(), t.shownColumns[i], stats[i].Verdict(), denied)
				out[i].Coverage = datamap.CoverageNone
				continue
			}
			out[i] = entry(t.qualified(), t.shownColumns[i], stats[i].Verdict(), reason)
			out[i].Coverage = coverage
		}
		return out
	}
	switch {
	case t.foreign:
		return entries(datamap.CoverageNone, "not scanned: a foreign table, whose rows live in another system (scan that system)"), nil
	case t.foreignParts:
		return entries(datamap.CoverageNone, "not scanned: a partitioned table with foreign partitions, whose rows live in another system "+
			"(scan that system); its other partitions are listed on their own"), nil
	case t.noSchemaUsage || !slices.Contains(t.readable, true):
		return entries(datamap.CoverageNone, denied), nil
	case t.unpopulated:
		return entries(datamap.CoverageNone, "not scanned: a materialized view not populated, which holds no rows until REFRESH MATERIALIZED VIEW"), nil
	}
	// An interrupted scan lists the tables it did not reach (Scan).
	notReached := func(why error) ([]datamap.Entry, error) {
		var lost *ConnectionLostError
		if errors.As(why, &lost) {
			return entries(datamap.CoverageNone, "not scanned: the connection to the server was lost before this table ("+lost.Cause+")"), lost
		}
		return entries(datamap.CoverageNone, fmt.Sprintf("not scanned: the scan was interrupted before this table (%v)", why)), why
	}
	if stopped == nil {
		stopped = ctx.Err()
	}
	if stopped != nil {
		return notReached(stopped)
	}
	// Measured when the statistics do not say (est), not when listing:
	// reading a table's size takes its lock, which a migration may hold (a
	// timeout then is this table's alone).
	measure := t.estRows < 0 && t.pages == 0 || t.partitioned && t.unanalyzed
	// The server ends a slow statement; this ends a table whose connection
	// died under it, once each statement the table runs, its size and its
	// sample, has had its timeout: past one alone, a size and a sample each
	// within theirs were cut short, which closed the connection and failed
	// the scan (a review).
	statements := time.Duration(1)
	if measure {
		statements = 2
	}
	tctx, cancel := context.WithTimeout(ctx, statements*opt.StatementTimeout+lockTimeout+stalledSlack)
	defer cancel()
	tx, err := conn.BeginTx(tctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return notReached(ctx.Err())
		case conn.IsClosed():
			// Ended while idle between two tables: the server's
			// word (57P01), or the broken connection, comes now.
			return notReached(connectionLost(err))
		}
		return nil, fmt.Errorf("postgres scan: table %s: begin read-only transaction: %w", t.qualified(), err)
	}
	n, how := 0, ""
	if measure {
		q := sizeSQL
		if t.partitioned {
			q = partitionsSizeSQL
		}
		var size, page int64
		if err = tx.QueryRow(tctx, q, t.oid).Scan(&size, &page); err == nil {
			t.pages = size / max(page, 1)
		}
	}
	if err == nil {
		var sql string
		sql, how = sampleQuery(t, opt.SampleRows)
		n, err = readSample(tctx, tx, sql, t, stats, s)
	}
	// Nothing is written: rolling back just ends the transaction.
	_ = tx.Rollback(context.WithoutCancel(ctx))
	if err != nil {
		if ctx.Err() != nil {
			if n > 0 {
				return entries(datamap.CoveragePartial, fmt.Sprintf("partly scanned (%d read): the scan was interrupted (%v)", n, ctx.Err())), ctx.Err()
			}
			return entries(datamap.CoverageNone, fmt.Sprintf("not scanned: the scan was interrupted while it read this table (%v)", ctx.Err())), ctx.Err()
		}
		if conn.IsClosed() {
			// pgx closes the connection on a FATAL error (the
			// session ended) and on a broken or stalled one: the
			// tables left cannot be read on it.
			lost := connectionLost(err)
			if n > 0 {
				return entries(datamap.CoveragePartial, fmt.Sprintf("partly scanned (%d read): the connection to the server was lost (%s)", n, lost.Cause)), lost
			}
			return entries(datamap.CoverageNone, "not scanned: the connection to the server was lost while it read this table ("+lost.Cause+")"), lost
		}
		if n > 0 {
			// Rows read before the failure still count, but the column
			// is only partly known.
			return entries(datamap.CoveragePartial, fmt.Sprintf("partly scanned (%d read): %s", n, describe(err))), nil
		}
		return entries(datamap.CoverageNone, "not scanned: "+describe(err)), nil
	}
	switch {
	case n == 0 && (t.est() > 0 || t.rowSecurity):
		// An empty sample of a table that holds rows (or may: row-level
		// security hides them) is no evidence that its columns are not
		// personal.
		why := fmt.Sprintf("not scanned: no rows read although ~%.0f are estimated (%s)", t.est(), rowsHiddenBy(t))
		if t.est() <= 0 {
			why = "not scanned: no rows read (" + rowsHiddenBy(t) + ")"
		}
		return entries(datamap.CoverageNone, why), nil
	case t.rowSecurity:
		return entries(datamap.CoveragePartial, fmt.Sprintf("partly scanned: %s (%d read); row-level security hides the rows this role may not see", how, n)), nil
	}
	return entries(datamap.CoverageSampled, fmt.Sprintf("%s (%d read)", how, n)), nil
}

// rowsHiddenBy says why a table that holds rows gave none.
func rowsHiddenBy(t table) string {
	if t.rowSecurity {
		return "row-level security hides them from this role"
	}
	return "the sample picked none, or the statistics are out of date"
}

// readSample runs the sample query and feeds every value to the scanner.
func readSample(ctx context.Context, tx pgx.Tx, sql string, t table, stats []pii.ColumnStats, s pipeline.Detector) (int, error) {
	rows, err := tx.Query(ctx, sql)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var cols []int // the columns the query reads, in its order
	for i := range t.columns {
		if t.canRead(i) {
			cols = append(cols, i)
		}
	}
	var buf []pii.Finding
	fds := rows.FieldDescriptions()
	n := 0
	for rows.Next() {
		n++
		for j, raw := range rows.RawValues() {
			if j >= len(cols) {
				break
			}
			i := cols[j]
			isBytes := t.kind(i) == "bytea" || t.kind(i) == "bytea[]"
			if isBytes || t.dec.raw {
				raw = sampleBytes(raw, fds[j].Format)
			}
			if isBytes || t.dec.raw && t.dec.cm == nil {
				// Cut in bytes: not into a character's half.
				raw = wholeRunes(raw)
			}
			var text string
			var blank bool
			switch {
			case t.dec.raw && !isBytes:
				// Blank as decoded: a no-break space is 0xA0 in LATIN1,
				// 0x9A in KOI8-R, and C2 A0 is "Â" and one (reviews).
				// Binary, which reads as no text (legacyText), is a
				// value all the same.
				text = t.dec.text(raw)
				blank = len(raw) == 0 || text != "" && strings.TrimSpace(text) == ""
			case len(bytes.TrimSpace(raw)) == 0:
				blank = true
			case isBytes:
				text, _ = t.dec.legacy.BytesText(raw)
			default:
				text = t.dec.text(raw)
			}
			// NULL and blank values count as seen, not as non-null.
			// The reasons name the column as the report shows it: a
			// name holding personal data, or bytes that are not UTF-8,
			// went out in "column_hint:<name>" (a review).
			if blank {
				stats[i].Observe(t.shownColumns[i], nil, true)
				continue
			}
			var err error
			if buf, err = pipeline.DetectSafely(s, t.columns[i], text, buf[:0]); err != nil {
				return n, fmt.Errorf("column %s, row %d of the sample: %w", t.shownColumns[i], n, err)
			}
			stats[i].Observe(t.shownColumns[i], buf, false)
		}
	}
	return n, rows.Err()
}

// sampleBytes is a bytea value's bytes: raw in binary format, or decoded
// from its text form (hex, "\x..."), which pgx gets under the simple
// protocol (default_query_exec_mode in the DSN). Decoded before the blank
// check, so that an empty value ("\x") is none (a review).
func sampleBytes(raw []byte, format int16) []byte {
	if format != pgx.TextFormatCode {
		return raw
	}
	h, ok := bytes.CutPrefix(raw, []byte(`\x`))
	if !ok {
		return raw
	}
	b := make([]byte, hex.DecodedLen(len(h)))
	n, err := hex.Decode(b, h)
	if err != nil {
		return raw
	}
	return b[:n]
}

// wholeRunes is raw without the first bytes of a UTF-8 character that
// the sample's cut split, when raw is as long as the cut: a value read in
// bytes (bytea, a SQL_ASCII database's text) is cut at maxValueChars
// bytes, which made a long letter in Russian, whose characters are two
// bytes, no UTF-8 and so binary, no text (a review found its sender's
// e-mail address missed), and German one mojibake. At most UTFMax-1
// bytes go, also of text in a legacy code page, where they are letters.
func wholeRunes(raw []byte) []byte {
	if len(raw) < maxValueChars {
		return raw
	}
	for i := len(raw) - 1; i >= 0 && i > len(raw)-utf8.UTFMax; i-- {
		if utf8.RuneStart(raw[i]) {
			if !utf8.FullRune(raw[i:]) {
				return raw[:i]
			}
			break
		}
	}
	return raw
}

// textDecoder reads the text of sampled values. With raw, text columns
// come as the bytes the server's encoding name stores (sampleQuery),
// which cm decodes, or, for SQL_ASCII, legacyText in the legacy code page
// where they are not UTF-8; the session, names included, speaks UTF-8.
// Bytea's text is read in legacy too (Charset.BytesText).
type textDecoder struct {
	name   string
	raw    bool
	cm     *charmap.Charmap
	legacy pipeline.Charset
}

// singleByte are the server encodings whose values lethe decodes.
var singleByte = map[string]*charmap.Charmap{
	"LATIN1": charmap.ISO8859_1, "LATIN2": charmap.ISO8859_2, "LATIN3": charmap.ISO8859_3,
	"LATIN4": charmap.ISO8859_4, "LATIN5": charmap.ISO8859_9, "LATIN6": charmap.ISO8859_10,
	"LATIN7": charmap.ISO8859_13, "LATIN8": charmap.ISO8859_14, "LATIN9": charmap.ISO8859_15,
	"LATIN10": charmap.ISO8859_16, "ISO_8859_5": charmap.ISO8859_5, "ISO_8859_6": charmap.ISO8859_6,
	"ISO_8859_7": charmap.ISO8859_7, "ISO_8859_8": charmap.ISO8859_8, "WIN866": charmap.CodePage866,
	"WIN874": charmap.Windows874, "WIN1250": charmap.Windows1250, "WIN1251": charmap.Windows1251,
	"WIN1252": charmap.Windows1252, "WIN1253": charmap.Windows1253, "WIN1254": charmap.Windows1254,
	"WIN1255": charmap.Windows1255, "WIN1256": charmap.Windows1256, "WIN1257": charmap.Windows1257,
	"WIN1258": charmap.Windows1258, "KOI8R": charmap.KOI8R, "KOI8U": charmap.KOI8U,
}

// decoderFor is the textDecoder of a server encoding, legacy the code
// page of text that is not UTF-8 where the server does not say.
func decoderFor(serverEncoding string, legacy pipeline.Charset) textDecoder {
	cm := singleByte[serverEncoding]
	return textDecoder{name: serverEncoding, raw: cm != nil || serverEncoding == "SQL_ASCII", cm: cm, legacy: legacy}
}

// text is raw as the detectors read it. A byte cm does not define reads as
// PostgreSQL reads it, as the C1 control of its value: x/text's ISO 8859
// tables read 0x80-0x9F as U+FFFD, which glued a name to the e-mail after
// it (a review).
func (d textDecoder) text(raw []byte) string {
	if d.cm != nil {
		r := make([]rune, len(raw))
		for i, b := range raw {
			if r[i] = d.cm.DecodeByte(b); r[i] == utf8.RuneError && b >= 0x80 {
				r[i] = rune(b)
			}
		}
		return string(r)
	}
	if utf8.Valid(raw) {
		return string(raw)
	}
	return legacyText(raw, d.legacy)
}

// legacyText is text that is not UTF-8 read in the legacy code page cs,
// with control bytes as blanks; "" for binary: bytes with controls among
// them and less than three quarters printable ASCII (a review found random
// bytes read as names), while text of a few letters beyond ASCII ("Zo\xeb",
// "N\xfa\xf1ez") has no controls.
func legacyText(raw []byte, cs pipeline.Charset) string {
	ascii, controls := 0, 0
	b := make([]byte, len(raw))
	for i, c := range raw {
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\r' && c != '\f', c == 0x7f:
			controls++
			c = ' '
		case c < 0x80:
			ascii++
		}
		b[i] = c
	}
	if controls > 0 && ascii*4 < len(raw)*3 {
		return ""
	}
	return cs.Text(b)
}

// withoutUser is err with the connecting role's name left out of its
// text: pgx names it ("failed to connect to `user=... database=crm`"), as
// the server does ("password authentication failed for user ..."), and a
// role can be named by a person's e-mail address, which an audit found in
// lethe scan's error.
func withoutUser(err error, user string) error {
	if user == "" {
		return err
	}
	// Only where the role's name stands, so that a role called "a" does
	// not take letters out of the rest of the message, nor one called
	// "crm" the name of a database. The server cuts names to 63 bytes
	// (NAMEDATALEN) before it quotes them.
	var pairs []string
	for _, u := range []string{user, user[:min(len(user), 63)]} {
		pairs = append(pairs, "user="+u, "user=<user>", `user "`+u+`"`, `user "<user>"`, `role "`+u+`"`, `role "<user>"`)
	}
	return redact(err, pairs)
}

// redact returns err with each old of the old, new pairs in its message
// replaced by its new, or err itself when none occurs.
func redact(err error, pairs []string) error {
	if len(pairs) == 0 {
		return err
	}
	msg := err.Error()
	if red := strings.NewReplacer(pairs...).Replace(msg); red != msg {
		return redactedError{msg: red, err: err}
	}
	return err
}

// redactedError is an error whose text had a value taken out.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// DSNError is a connection string Scan cannot parse. Problem is pgx's
// description of what is wrong, never the string itself: it may hold the
// password.
type DSNError struct{ Problem string }

func (e *DSNError) Error() string {
	return "postgres scan: cannot parse the connection string: " + e.Problem
}

// misparsed says what is wrong with a connection string that parsed into
// something a password written without URL-encoding makes ("" when nothing
// is): pgx, like libpq, ends a URL's user part at the first '@' or '/', so
// "postgres://u:Spring@2024@db/crm" has the host "2024@db", and
// "postgres://u:4711/Geheim@db" the port 4711 and the database
// "Geheim@db", and the connection error quoted those pieces. So a URL
// whose path (from the first '/' to the query) holds a raw '@' is refused:
// a database named with '@' is written %40 in a URL, or given in the
// key=value form.
func misparsed(dsn string, cfg *pgx.ConnConfig) string {
	for _, t := range targets(cfg) {
		if strings.Contains(t.host, "@") {
			return "a host name holding '@', as a password with an '@' makes it: URL-encode the password ('@' as %40)"
		}
	}
	rest, ok := urlRest(dsn)
	if !ok {
		// A URL of another scheme (jdbc:postgresql://..., as Java
		// configurations hold) parsed as key=value, one "key" of it a
		// run-time parameter, and the connection went to the default
		// host (a review); no parameter's name holds ':' or '/'.
		for k := range cfg.RuntimeParams {
			if strings.ContainsAny(k, ":/") {
				return "not a key=value string nor a postgres:// URL: " + formsHint
			}
		}
		return "" // key=value: no such ambiguity
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest = rest[:i] // the query's values may hold '@' and '/' (user=a@b, passfile=/...)
	}
	slash := strings.IndexByte(rest, '/')
	if slash >= 0 && strings.Contains(rest[slash:], "@") {
		return "a raw '@' after the first '/', as a password with a '/' makes it: URL-encode the password ('/' as %2F, '@' as %40); a database named with '@' is written %40"
	}
	return ""
}

// shownName returns a host or database name for an error message, or
// placeholder where it is not a plain name (a part of a password a
// malformed connection string put there): letters and digits of any
// script, blanks and the punctuation of host and database names.
func shownName(name, placeholder string) string {
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" ._-$:[],/", r)) {
			return placeholder
		}
	}
	return name
}

// targetShown reports whether a connection string's host, port and
// database can be shown in an error: a key=value string's are written
// apart, and a URL's are when it holds no '@' but the one that ends its
// user part, before any '/' or '?'. Otherwise a password that was not
// URL-encoded may have lent them its pieces: pgx, like libpq, ends the user
// part at the first '@' or '/', the host at ':', '/', '?' or ',', and takes
// what follows '?' for parameters, so "u:Spring@2024?a=b@db/crm" connects
// to the host "2024".
func targetShown(dsn string) bool {
	rest, ok := urlRest(dsn)
	if !ok {
		return true
	}
	at := strings.IndexByte(rest, '@')
	return at < 0 || strings.Count(rest, "@") == 1 && !strings.ContainsAny(rest[:at], "/?")
}

// urlRest returns a URL connection string without its scheme; ok is false
// for a key=value one.
func urlRest(dsn string) (rest string, ok bool) {
	if rest, ok = strings.CutPrefix(dsn, "postgres://"); ok {
		return rest, true
	}
	return strings.CutPrefix(dsn, "postgresql://")
}

// target is one host a connection string names, and its port.
type target struct{ host, port string }

// targets returns the hosts cfg connects to, its fallbacks' after its own.
func targets(cfg *pgx.ConnConfig) []target {
	ts := []target{{cfg.Host, strconv.Itoa(int(cfg.Port))}}
	for _, f := range cfg.Fallbacks {
		ts = append(ts, target{f.Host, strconv.Itoa(int(f.Port))})
	}
	return ts
}

// withoutTarget is withoutNames for a connection string whose target
// targetShown does not show: every host, port and the database are taken
// out of pgx's message, whatever they look like.
func withoutTarget(err error, cfg *pgx.ConnConfig) error {
	var pairs []string
	for _, t := range targets(cfg) {
		if t.host != "" { // where pgx and Go's resolver write a host
			pairs = append(pairs, t.host+":"+t.port, "<host>:<port>", "("+t.host+")", "(<host>)",
				"lookup "+t.host+" ", "lookup <host> ", "lookup "+t.host+":", "lookup <host>:", "host="+t.host, "host=<host>")
		}
	}
	if cfg.Database != "" {
		pairs = append(pairs, "database="+cfg.Database, "database=<database>", `database "`+cfg.Database+`"`, `database "<database>"`)
	}
	return withoutParams(redact(withoutUser(err, cfg.User), append(pairs, rolesDatabase(cfg)...)), cfg)
}

// withoutParams takes the DSN's run-time parameters out of err: the server
// quotes a value it refuses ("invalid value for parameter \"DateStyle\":
// \"Anna, Schmidt\"", in its own spelling of the name: a review) and the
// name of one it does not know ("unrecognized configuration parameter"),
// which a password's '&' in a URL makes of the password's rest. A value of
// four characters or more is taken out wherever it stands quoted, in the
// quotes of the server's languages too (»...«, « ... »), unless it is the
// database's or the role's name, which mean themselves there (a review
// saw a database called <parameter value>); a shorter one, and a name,
// only in those English messages, and a name in the translated ones'
// quotes where no value follows it. A known parameter's name stays in
// English: the error must say what is wrong (a review). Parameters set in
// options ('-c name=value') count as the others do, and an argument of
// options the server refuses is not quoted either (optionsParams).
func withoutParams(err error, cfg *pgx.ConnConfig) error {
	msg := err.Error()
	red := msg
	var params []param
	var args []string
	for k, v := range cfg.RuntimeParams {
		params = append(params, param{k, v})
		if strings.EqualFold(k, "options") {
			set, a := optionsParams(v)
			params, args = append(params, set...), append(args, a...)
		}
	}
	for _, a := range args {
		// "invalid command-line argument for server process: Anna"
		red = rewrite(red, ": "+a, func(rest string) (string, int) {
			if rest == "" || strings.HasPrefix(rest, " (SQLSTATE") || strings.HasPrefix(rest, "\n") {
				return ": <argument not shown>", 0
			}
			return ": " + a, 0
		})
		// "-c Anna1984 requires a value"
		red = strings.NewReplacer("-c "+a+" ", "-c <argument not shown> ", "--"+a+" ", "--<argument not shown> ").Replace(red)
	}
	for _, p := range params {
		k, v := p.name, p.value
		red = replaceFold(red, `parameter "`, k, `": "`+v+`"`, `": "<value not shown>"`)
		for _, lead := range []string{`unrecognized configuration parameter "`, `invalid configuration parameter name "`} {
			red = replaceFold(red, lead, k, `"`, `"`, "<name not shown>")
		}
		for _, q := range [][2]string{{`"`, `"`}, {"»", "«"}, {"« ", " »"}, {"«", "»"}} {
			if len(v) >= 4 && v != cfg.Database && v != cfg.User {
				red = strings.ReplaceAll(red, q[0]+v+q[1], q[0]+"<value not shown>"+q[1])
			}
			if q[0] != `"` {
				// Translated messages: a name no value follows (a
				// review saw a password's rest in German).
				red = unknownName(red, q[0]+k+q[1], q[0]+"<name not shown>"+q[1])
			}
		}
	}
	if red == msg {
		return err
	}
	return redactedError{msg: red, err: err}
}

// param is a run-time parameter of a connection string.
type param struct{ name, value string }

// optionsParams returns the run-time parameters an options value sets
// ("-c name=value", "-cname=value", "--name=value"; a name's dashes are
// underscores to the server), and the words the server takes for
// arguments, which it refuses and quotes: any not starting with '-', and
// a "-c" one without a value. It splits the value as the server does: at
// blanks, a backslash keeping the character after it.
func optionsParams(opts string) (set []param, args []string) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(opts); i++ {
		c := opts[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
			continue
		case c == '\\' && i+1 < len(opts):
			i++
			c = opts[i]
		}
		w.WriteByte(c)
		inWord = true
	}
	if inWord {
		words = append(words, w.String())
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		var nv string
		switch {
		case w == "-c" && i+1 < len(words):
			i++
			nv = words[i]
		case strings.HasPrefix(w, "-c"):
			nv = w[2:]
		case strings.HasPrefix(w, "--"):
			nv = w[2:]
		case !strings.HasPrefix(w, "-"):
			args = append(args, w)
			continue
		default:
			continue
		}
		if name, value, ok := strings.Cut(nv, "="); ok {
			set = append(set, param{strings.ReplaceAll(name, "-", "_"), value})
		} else if nv != "" {
			args = append(args, nv) // "-c Anna1984": "-c Anna1984 requires a value"
		}
	}
	return set, args
}

// unknownName replaces quoted, a parameter's quoted name, in msg by
// shown where no colon and value follow it, as they follow a known
// parameter's name whose value is refused.
func unknownName(msg, quoted, shown string) string {
	return rewrite(msg, quoted, func(rest string) (string, int) {
		if strings.HasPrefix(strings.TrimLeft(rest, " "), ":") {
			return quoted, 0
		}
		return shown, 0
	})
}

// replaceFold replaces in msg each lead+name+tail, name in any case (the
// server writes a parameter's name its own way), by lead+name+newTail, or
// by lead+newName+newTail when newName is given. Plain string work: a
// name or value need not be valid UTF-8, which a regular expression built
// of them would refuse (a review saw lethe scan panic).
func replaceFold(msg, lead, name, tail, newTail string, newName ...string) string {
	return rewrite(msg, lead, func(rest string) (string, int) {
		if len(rest) < len(name) || !strings.EqualFold(rest[:len(name)], name) || !strings.HasPrefix(rest[len(name):], tail) {
			return lead, 0
		}
		shown := rest[:len(name)]
		if len(newName) > 0 {
			shown = newName[0]
		}
		return lead + shown + newTail, len(name) + len(tail)
	})
}

// rewrite replaces each occurrence of lead in msg, and the first used
// bytes after it, by what edit makes of the text after it.
func rewrite(msg, lead string, edit func(rest string) (out string, used int)) string {
	var b strings.Builder
	for {
		i := strings.Index(msg, lead)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i])
		rest := msg[i+len(lead):]
		out, used := edit(rest)
		b.WriteString(out)
		msg = rest[used:]
	}
}

// rolesDatabase are the redact pairs of the database a DSN without one
// connects to: the role's own, named as the role is (a leak hunt found
// `database "anna@..." does not exist` in lethe scan's error).
func rolesDatabase(cfg *pgx.ConnConfig) []string {
	if cfg.Database != "" || cfg.User == "" {
		return nil
	}
	u := cfg.User[:min(len(cfg.User), 63)]
	return []string{`database "` + cfg.User + `"`, `database "<database>"`, `database "` + u + `"`, `database "<database>"`}
}

// withoutNames is withoutUser, and takes out a host or database name that
// shownName would not show, wherever pgx's message has it.
func withoutNames(err error, cfg *pgx.ConnConfig) error {
	var pairs []string
	for i, t := range targets(cfg) {
		if t.host != "" && shownName(t.host, "<host>") != t.host {
			pairs = append(pairs, t.host, "<host>")
		}
		if db := cfg.Database; i == 0 && db != "" && shownName(db, "<database>") != db {
			pairs = append(pairs, db, "<database>") // after the first host, as before its fallbacks
		}
	}
	return withoutParams(redact(withoutUser(err, cfg.User), append(pairs, rolesDatabase(cfg)...)), cfg)
}

// parseProblem returns what pgx says is wrong with a connection string,
// without the string: its error quotes it (password masked, at best) and
// may wrap one that quotes it whole. Nor the value of a key it refuses
// ("unknown channel_binding value: S3cret", "invalid min_protocol_version:
// \"S3cret\""): a password given to the wrong key went out whole (a leak
// hunt); pgx's own words end before the ": " that leads to it.
func parseProblem(err error) string {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) {
		return "not a connection string"
	}
	msg := pe.Error()
	if i := strings.Index(msg, "`: "); i >= 0 {
		msg = msg[i+3:]
	}
	if i := strings.Index(msg, " ("); i >= 0 {
		msg = msg[:i] // the wrapped error, which may quote the string
	}
	if i := strings.Index(msg, ": "); i >= 0 {
		msg = msg[:i] // the value of a key
	}
	if pe.ConnString != "" && strings.Contains(msg, pe.ConnString) {
		return "not a connection string"
	}
	// pgx's reason, where it is one of its fixed words, is said, and a
	// file's error without its path (a home directory may be named by a
	// person); alone, "failed to parse as keyword/value" and "failed to
	// configure TLS" left a DBA guessing (a review).
	inner := pe.Unwrap()
	why := ""
	if inner != nil {
		why, _, _ = strings.Cut(inner.Error(), ": ")
	}
	switch msg {
	case "failed to parse as keyword/value":
		if slices.Contains(pgxKeywordValueReasons, why) {
			return msg + ": " + why
		}
		return msg + ": " + formsHint
	case "failed to configure TLS":
		if !slices.Contains(pgxTLSReasons, why) {
			return msg
		}
		var path *fs.PathError
		if errors.As(inner, &path) {
			return msg + ": " + why + ": " + path.Err.Error()
		}
		return msg + ": " + why
	}
	return msg
}

// formsHint says how a connection string is written.
const formsHint = "write a URL (postgres://user@host:5432/database; a JDBC URL without its jdbc: prefix) or key=value pairs (host=... port=5432 dbname=... user=...)"

// pgxKeywordValueReasons and pgxTLSReasons are pgx's reasons for refusing
// a key=value string, and its TLS settings, that quote nothing of it: the
// words before a ": ".
var (
	pgxKeywordValueReasons = []string{"unterminated quoted string in connection info string", "forbidden NUL byte in connection string"}
	pgxTLSReasons          = []string{"sslmode is invalid", "unable to read CA file", "unable to add CA to cert pool", `both "sslcert" and "sslkey" are required`,
		"unable to read sslkey", "failed to decode sslkey", "unable to find sslpassword", "unable to decrypt key", "unable to read cert",
		"unable to load cert", "unable to load system certificate pool"}
)

// describe turns a sampling error into a reason without any server text
// that could quote data: the SQLSTATE and a fixed description.
func describe(err error) string {
	var de *pipeline.DetectionError
	if errors.As(err, &de) {
		return err.Error() // the column and the sample's row, and the runtime's error
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "42P01": // a migration on a live database
			return "the table was dropped or renamed since it was listed (SQLSTATE 42P01)"
		case "42703":
			return "a column was dropped or renamed since the table was listed (SQLSTATE 42703)"
		case "25006":
			return "a function the read ran (a row-level security policy's) tried to write, which the read-only transaction refused (SQLSTATE 25006)"
		case "57014":
			return "statement timeout (SQLSTATE 57014)"
		case "55P03":
			return "lock timeout (SQLSTATE 55P03)"
		case "42501":
			return "permission denied (SQLSTATE 42501)"
		}
		return "server error (SQLSTATE " + pe.Code + ")"
	}
	return "read failed"
}

// entry converts a column verdict into a data-map entry.
func entry(table, column string, v pii.Verdict, reason string) datamap.Entry {
	e := datamap.FromVerdict(v)
	e.Table, e.Column = table, column
	if reason != "" {
		e.Reasons = append(e.Reasons, reason)
	}
	return e
}
