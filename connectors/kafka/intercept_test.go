package kafka

// A broker whose responses a test can drop or rewrite after the broker has
// acted on the request: kfake's faults and controls answer before it acts
// (except REQUEST_TIMED_OUT on a few keys), so "EndTxn committed on the
// broker, the client never heard" needs the connection itself.

import (
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"testing"

	"github.com/twmb/franz-go/pkg/kbin"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// respAction is what an intercept hook does with a response.
type respAction int

const (
	respPass    respAction = iota // write it as the broker made it
	respDrop                      // close the connection instead: the client never hears
	respRewrite                   // write the rewritten response the hook returned
)

// interceptHook sees every request the broker has answered, with its
// decoded response, after the broker acted on it.
type interceptHook func(req kmsg.Request, resp kmsg.Response) respAction

type interceptor struct {
	mu   sync.Mutex
	hook interceptHook
}

func (ic *interceptor) set(h interceptHook) {
	ic.mu.Lock()
	ic.hook = h
	ic.mu.Unlock()
}

func (ic *interceptor) get() interceptHook {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	return ic.hook
}

type icListener struct {
	net.Listener
	ic *interceptor
}

func (l *icListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &icConn{Conn: c, ic: l.ic}, nil
}

type pendingReq struct {
	corr int32
	req  kmsg.Request
}

type icConn struct {
	net.Conn
	ic *interceptor

	rbuf    []byte // request bytes read and not yet framed (read goroutine only)
	out     []byte // framed request bytes not yet handed to the broker
	mu      sync.Mutex
	pending []pendingReq
}

func (c *icConn) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		for {
			if len(c.rbuf) >= 4 && len(c.rbuf) >= 4+int(binary.BigEndian.Uint32(c.rbuf)) {
				break
			}
			var tmp [64 << 10]byte
			n, err := c.Conn.Read(tmp[:])
			c.rbuf = append(c.rbuf, tmp[:n]...)
			if err != nil && n == 0 {
				return 0, err
			}
		}
		size := int(binary.BigEndian.Uint32(c.rbuf))
		frame := c.rbuf[:4+size]
		c.parse(frame[4:])
		c.out = append(c.out, frame...)
		c.rbuf = append(c.rbuf[:0:0], c.rbuf[4+size:]...)
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// parse notes a request read from the client, for its response.
func (c *icConn) parse(body []byte) {
	r := kbin.Reader{Src: body}
	key := r.Int16()
	version := r.Int16()
	corr := r.Int32()
	r.NullableString() // the client id
	req := kmsg.RequestForKey(key)
	if req != nil {
		req.SetVersion(version)
		if req.IsFlexible() {
			kmsg.SkipTags(&r)
		}
		if err := req.ReadFrom(r.Src); err != nil {
			req = nil
		}
	}
	c.mu.Lock()
	c.pending = append(c.pending, pendingReq{corr: corr, req: req})
	c.mu.Unlock()
}

var errDropped = errors.New("response dropped by the test")

func (c *icConn) Write(b []byte) (int, error) {
	if len(b) < 8 {
		return c.Conn.Write(b)
	}
	corr := int32(binary.BigEndian.Uint32(b[4:8]))
	c.mu.Lock()
	var pr pendingReq
	for i, p := range c.pending {
		if p.corr == corr {
			pr = p
			c.pending = append(c.pending[:i:i], c.pending[i+1:]...)
			break
		}
	}
	c.mu.Unlock()
	hook := c.ic.get()
	if hook == nil || pr.req == nil {
		return c.Conn.Write(b)
	}
	resp := pr.req.ResponseKind()
	resp.SetVersion(pr.req.GetVersion())
	body := b[8:]
	if resp.IsFlexible() && resp.Key() != 18 {
		body = body[1:] // the response header's empty tags
	}
	if err := resp.ReadFrom(body); err != nil {
		return c.Conn.Write(b)
	}
	switch hook(pr.req, resp) {
	case respDrop:
		_ = c.Conn.Close()
		return 0, errDropped
	case respRewrite:
		out := append([]byte(nil), 0, 0, 0, 0, 0, 0, 0, 0)
		if resp.IsFlexible() && resp.Key() != 18 {
			out = append(out, 0)
		}
		out = resp.AppendTo(out)
		binary.BigEndian.PutUint32(out[:4], uint32(len(out)-4))
		binary.BigEndian.PutUint32(out[4:8], uint32(corr))
		if _, err := c.Conn.Write(out); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return c.Conn.Write(b)
}

// startIntercepted starts a one-node kfake broker, configured as
// StartEmbedded configures it, whose responses ic's hook can drop or
// rewrite.
func startIntercepted(t testing.TB, parts int32, extra ...kfake.Opt) (*kfake.Cluster, string, *interceptor) {
	t.Helper()
	ic := &interceptor{}
	opts := append([]kfake.Opt{
		kfake.BrokerConfigs(map[string]string{"log.retention.ms": "-1"}),
		kfake.NumBrokers(1),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(int(parts)),
		kfake.ListenFn(func(network, addr string) (net.Listener, error) {
			inner, err := net.Listen(network, "127.0.0.1:0")
			if err != nil {
				return nil, err
			}
			return &icListener{Listener: inner, ic: ic}, nil
		}),
	}, extra...)
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, c.ListenAddrs()[0], ic
}
