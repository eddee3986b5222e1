package postgres

import (
	"context"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// netProxy forwards TCP connections to a server, and cuts or stalls them
// on demand, as a network does.
type netProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	stall  chan struct{} // closed: the proxy stops forwarding
	closed bool
}

// proxied returns dsn through a proxy of its own, and the proxy, closed
// when the test ends; the test is skipped for a DSN that is not a URL.
func proxied(t *testing.T, dsn string) (string, *netProxy) {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" || u.Host == "" {
		t.Skip("the DSN is not a URL to route through a proxy")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &netProxy{ln: ln, target: u.Host, stall: make(chan struct{})}
	t.Cleanup(p.close)
	go p.serve()
	u.Host = ln.Addr().String()
	return u.String(), p
}

func (p *netProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			c.Close()
			s.Close()
			return
		}
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go p.pipe(c, s)
		go p.pipe(s, c)
	}
}

// pipe copies from src to dst until either ends, or holds what it read
// once the proxy stalls.
func (p *netProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-p.stall:
			return // dropped, and nothing read any more: a black hole
		default:
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if err == io.EOF {
				dst.Close()
			}
			return
		}
	}
}

// cut closes every connection, both ways, as a network cut that ends them
// does (a firewall's reset, a NAT gateway's restart).
func (p *netProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// blackhole stops forwarding, the connections left open: a cable pulled.
func (p *netProxy) blackhole() { close(p.stall) }

func (p *netProxy) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.ln.Close()
	p.cut()
}

// scanLostAt scans dsn with a detector that runs lose at the first value
// of b_notizen.notiz, the second of three tables, and checks the scan
// kept a_kunden, listed b_notizen partial or not scanned and c_kontakte
// not scanned for the lost connection; it returns the cause.
func scanLostAt(t *testing.T, dsn string, opt ScanOptions, lose func()) *ConnectionLostError {
	t.Helper()
	opt.Schemas = []string{"public"}
	entries, err := Scan(context.Background(), dsn, opt, terminating{pii.NewScanner(), "notiz", lose, &sync.Once{}})
	lost := lostConnection(t, err, 1, 3, "anna.mueller", "devries", "nowak", "Rückruf", "127.0.0.1")
	got := byColumn(entries)
	if e := got["public.a_kunden.email"]; !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("a_kunden.email: personal %v coverage %q, want its read kept", e.Personal, e.Coverage)
	}
	e := got["public.b_notizen.notiz"]
	want := map[string]string{
		datamap.CoveragePartial: "read): the connection to the server was lost (" + lost.Cause + ")",
		datamap.CoverageNone:    "not scanned: the connection to the server was lost while it read this table (" + lost.Cause + ")",
	}[e.Coverage]
	if want == "" || e.Seen >= 2000 || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, want) }) {
		t.Errorf("b_notizen.notiz: coverage %q seen %d reasons %v, want partial or none for the lost connection", e.Coverage, e.Seen, e.Reasons)
	}
	if e := got["public.c_kontakte.email"]; e.Coverage != datamap.CoverageNone || !slices.ContainsFunc(e.Reasons, func(r string) bool {
		return r == "not scanned: the connection to the server was lost before this table ("+lost.Cause+")"
	}) {
		t.Errorf("c_kontakte.email: coverage %q reasons %v, want not scanned for the lost connection", e.Coverage, e.Reasons)
	}
	return lost
}

// notesTables makes the three tables of scanLostAt.
func notesTables(t *testing.T) string {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE a_kunden (id bigint, email text)",
		"CREATE TABLE b_notizen (id bigint, notiz text)",
		"CREATE TABLE c_kontakte (id bigint, email text)",
		"INSERT INTO a_kunden VALUES (1, 'anna.mueller@web.de')",
		// More than the connection's buffers hold: the read is still
		// going when the network fails.
		"INSERT INTO b_notizen SELECT g, 'Rückruf bei jan.devries@ziggo.nl ' || repeat('x', 8000) FROM generate_series(1, 2000) g",
		"INSERT INTO c_kontakte VALUES (1, 'p.nowak@wp.pl')",
	)
	return dsn
}

// A network cut in the middle of a table ends the connection without a
// word from the server: the cause is named by its class, not a SQLSTATE,
// nor the network's error, which names the addresses.
func TestScanConnectionCutWhileReading(t *testing.T) {
	dsn, p := proxied(t, notesTables(t))
	lost := scanLostAt(t, dsn, ScanOptions{}, p.cut)
	if lost.Code != "" || strings.Contains(lost.Cause, "SQLSTATE") {
		t.Errorf("cause %q (SQLSTATE %q), want the class of a broken connection", lost.Cause, lost.Code)
	}
}

// A network that stops answering (a cable pulled, a firewall dropping
// packets) ends the table's read at its time limit, which closes the
// connection: the scan stops there, as for a cut, and does not wait on
// the dead connection for each table left.
func TestScanConnectionStalledWhileReading(t *testing.T) {
	defer func(s time.Duration) { stalledSlack = s }(stalledSlack)
	stalledSlack = 0 // the margin for a dead connection, a minute, out of the test's time
	dsn, p := proxied(t, notesTables(t))
	start := time.Now()
	lost := scanLostAt(t, dsn, ScanOptions{StatementTimeout: time.Second}, p.blackhole)
	if lost.Code != "" || !strings.Contains(lost.Cause, "no answer from the server") {
		t.Errorf("cause %q (SQLSTATE %q), want no answer in time", lost.Cause, lost.Code)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the scan took %v, want it to end at the table's time limit", d)
	}
}
