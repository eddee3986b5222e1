// Package pgtest gives tests a PostgreSQL database of their own: a private
// PostgreSQL 15 cluster started in a temporary directory (initdb + pg_ctl,
// run as an unprivileged OS user when the test runs as root, because
// postgres refuses to run as root), or, when LETHE_TEST_PG_DSN is set, a
// fresh database created on that server (the real stack in CI).
//
// Either way the test gets an empty database that is dropped (or the cluster
// stopped and removed) when it ends.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable that points tests at an existing
// server instead of a private cluster. Its user must be allowed to create
// databases.
const EnvDSN = "LETHE_TEST_PG_DSN"

// DefaultBinDir is where Debian's postgresql-15 package puts initdb and pg_ctl;
// override it with LETHE_PG_BIN.
const DefaultBinDir = "/usr/lib/postgresql/15/bin"

// BasePort is the first TCP port tried for a private cluster (the shared
// dev stack uses 55432); busy ports are skipped.
const BasePort = 55433

// OSUser is the unprivileged account clusters run under when tests run as root.
const OSUser = "lethe-pg"

var seq atomic.Int64

// Start returns the DSN of an empty database for t. It skips the test when
// no PostgreSQL binaries are installed and CI is not "true" (in CI a missing
// server is a failure, not a skip).
func Start(t testing.TB) string {
	t.Helper()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return freshDatabase(t, dsn)
	}
	bin := os.Getenv("LETHE_PG_BIN")
	if bin == "" {
		bin = DefaultBinDir
	}
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pgtest: no PostgreSQL binaries in %s and CI=true: install postgresql-15 or set %s", bin, EnvDSN)
		}
		t.Skipf("pgtest: no PostgreSQL binaries in %s (install postgresql-15, or set %s)", bin, EnvDSN)
	}
	return startCluster(t, bin)
}

// freshDatabase creates a database for t on an existing server and drops it
// at the end of the test.
func freshDatabase(t testing.TB, dsn string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("lethe_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, seq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Logf("pgtest: drop database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("pgtest: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		// keyword/value form
		return dsn + " dbname=" + name
	}
	u.Path = "/" + name
	return u.String()
}

// startCluster runs initdb and pg_ctl in a temporary directory.
func startCluster(t testing.TB, bin string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "lethe-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	asUser := func(name string, args ...string) *exec.Cmd { return exec.Command(name, args...) }
	if os.Geteuid() == 0 {
		u, err := ensureUser()
		if err != nil {
			t.Fatalf("pgtest: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		asUser = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", OSUser, "--", name}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	run := func(cmd *exec.Cmd) {
		t.Helper()
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pgtest: %s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
		}
	}
	run(asUser(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"))
	// Another test process may take the port between the check and the
	// start: try a few.
	port := 0
	for attempt := 0; ; attempt++ {
		port = freePort(t)
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB -c max_connections=30", port, dir)
		cmd := asUser(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", filepath.Join(dir, "postgres.log"), "-o", opts, "-w", "-t", "60", "start")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil {
			break
		}
		if attempt == 3 {
			log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			t.Fatalf("pgtest: pg_ctl start: %v\n%s\n%s", err, out, log)
		}
	}
	t.Cleanup(func() {
		cmd := asUser(filepath.Join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "-t", "30", "stop")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("pgtest: pg_ctl stop: %v\n%s", err, out)
		}
	})
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// ensureUser returns the unprivileged OS user, creating it if missing.
func ensureUser() (*user.User, error) {
	if u, err := user.Lookup(OSUser); err == nil {
		return u, nil
	}
	out, err := exec.Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OSUser).CombinedOutput()
	if err != nil {
		// Another test process may have created it meanwhile.
		if u, lerr := user.Lookup(OSUser); lerr == nil {
			return u, nil
		}
		return nil, fmt.Errorf("useradd %s: %v: %s", OSUser, err, out)
	}
	return user.Lookup(OSUser)
}

// freePort returns the first port from BasePort on that nothing listens on.
func freePort(t testing.TB) int {
	t.Helper()
	for p := BasePort + int((seq.Add(1)-1)%50); p < BasePort+200; p++ {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			continue
		}
		l.Close()
		return p
	}
	t.Fatalf("pgtest: no free port in %d..%d", BasePort, BasePort+200)
	return 0
}
