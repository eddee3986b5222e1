package kafka

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// A member that dies while it waits in JoinGroup is assigned partitions
// all the same (the leader knows it from its join) and, on kfake, never
// expires: its JoinGroup answer could not be delivered, and kfake starts a
// member's session timer only with a delivered answer. The reaper removes
// it after its session timeout, and the living member gets every
// partition. Without the reaper the consumer below never reads partition
// one of the two (an audit saw workers stand still this way).
func TestDeadJoinerExpires(t *testing.T) {
	old := reapEvery
	reapEvery = 300 * time.Millisecond
	t.Cleanup(func() { reapEvery = old })
	core, logs := observer.New(zap.WarnLevel)
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Logger: zap.New(core)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	const topic, group = "reap.in", "reap-group"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	adm := newAdmin(t, e.Addr())
	if err := EnsureTopics(ctx, adm, TopicSpec{Name: topic, Partitions: 2}); err != nil {
		t.Fatal(err)
	}
	// Members speak the group protocol by hand, so that every step is
	// the test's: the living member leads and assigns; the dying one joins
	// and is killed before the join completes.
	living := newMember(ctx, t, e.Addr(), group, topic)
	living.join(ctx, t, true)
	stopBeats := living.heartbeat(ctx, t)
	defer func() { stopBeats() }()
	waitAlone(ctx, t, adm, group, living)

	// Whether kfake sees the dead connection when it answers the join is
	// a coin toss (its select has both the answer's buffer and the closed
	// connection ready): a round whose member got its answer expires on
	// kfake's own timer. Rounds go on until one member was stuck and
	// reaped; without the reaper that round fails.
	for round := 1; round <= 8 && reaped(logs) == 0; round++ {
		// The living member pauses (well within its session) so that
		// the dying one's join waits for it, and the dying one is gone
		// before the living one joins again and completes the rebalance.
		stopBeats()
		dying := newMember(ctx, t, e.Addr(), group, topic)
		go dying.join(ctx, t, false)
		time.Sleep(200 * time.Millisecond)
		dying.cl.Close() // the process killed: its join's answer is never read
		time.Sleep(200 * time.Millisecond)
		stopBeats = living.heartbeat(ctx, t)
		// The living member, leading, gave the dead one a partition.
		// Without the reaper, a member whose answer kfake could not
		// deliver keeps it for as long as the broker runs.
		waitAlone(ctx, t, adm, group, living)
	}
	if reaped(logs) == 0 {
		t.Log("no round left a member without a session timer; the reaper was not needed")
	}
}

// reaped counts the reaper's log lines.
func reaped(logs *observer.ObservedLogs) int {
	return logs.FilterMessageSnippet("stopped heartbeating").Len()
}

// member is a consumer group member speaking the protocol by hand.
type member struct {
	cl           *kgo.Client
	group, topic string
	id           string
	generation   int32
	mu           sync.Mutex // one protocol step at a time
}

func newMember(ctx context.Context, t *testing.T, addr, group, topic string) *member {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return &member{cl: cl, group: group, topic: topic}
}

const memberSession = 6 * time.Second // kfake's smallest

// join joins the group (twice: the broker first hands out the member id),
// and, as the leader, assigns partitions round-robin over the members.
func (m *member) join(ctx context.Context, t *testing.T, mustSucceed bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	meta := kmsg.NewConsumerMemberMetadata()
	meta.Topics = []string{m.topic}
	req := kmsg.NewPtrJoinGroupRequest()
	req.Group, req.ProtocolType, req.MemberID = m.group, "consumer", m.id
	req.SessionTimeoutMillis = int32(memberSession / time.Millisecond)
	req.RebalanceTimeoutMillis = req.SessionTimeoutMillis
	p := kmsg.NewJoinGroupRequestProtocol()
	p.Name, p.Metadata = "range", meta.AppendTo(nil)
	req.Protocols = append(req.Protocols, p)
	var resp *kmsg.JoinGroupResponse
	for range 2 {
		var err error
		if resp, err = req.RequestWith(ctx, m.cl); err != nil {
			if mustSucceed {
				t.Errorf("join: %v", err)
			}
			return
		}
		m.id, req.MemberID = resp.MemberID, resp.MemberID
		if resp.ErrorCode == 0 {
			break
		}
	}
	if resp.ErrorCode != 0 {
		if mustSucceed {
			t.Errorf("join: error code %d", resp.ErrorCode)
		}
		return
	}
	sync := kmsg.NewPtrSyncGroupRequest()
	m.generation = resp.Generation
	sync.Group, sync.MemberID, sync.Generation = m.group, m.id, resp.Generation
	sync.ProtocolType, sync.Protocol = kmsg.StringPtr("consumer"), kmsg.StringPtr("range")
	if resp.LeaderID == m.id {
		for i, mem := range resp.Members {
			a := kmsg.NewConsumerMemberAssignment()
			at := kmsg.NewConsumerMemberAssignmentTopic()
			at.Topic = m.topic
			for part := int32(i); part < 2; part += int32(len(resp.Members)) {
				at.Partitions = append(at.Partitions, part)
			}
			a.Topics = append(a.Topics, at)
			sa := kmsg.NewSyncGroupRequestGroupAssignment()
			sa.MemberID, sa.MemberAssignment = mem.MemberID, a.AppendTo(nil)
			sync.GroupAssignment = append(sync.GroupAssignment, sa)
		}
	}
	if sresp, err := sync.RequestWith(ctx, m.cl); mustSucceed && (err != nil || sresp.ErrorCode != 0) {
		t.Errorf("sync: %v (error code %d)", err, sresp.ErrorCode)
	}
}

// heartbeat heartbeats every 200 ms until stopped, joining again when
// the broker says a rebalance is on.
func (m *member) heartbeat(ctx context.Context, t *testing.T) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			m.mu.Lock()
			req := kmsg.NewPtrHeartbeatRequest()
			req.Group, req.MemberID, req.Generation = m.group, m.id, m.generation
			resp, err := req.RequestWith(ctx, m.cl)
			m.mu.Unlock()
			if err == nil && resp.ErrorCode != 0 {
				m.join(ctx, t, false) // a rebalance: join again
			}
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	return func() { cancel(); <-done }
}

// waitAlone waits until group is stable with m its only member, for up
// to three session timeouts. m may have joined again under a new id (a
// rebalance that went on without it).
func waitAlone(ctx context.Context, t *testing.T, adm *kadm.Client, group string, m *member) {
	t.Helper()
	deadline := time.Now().Add(3 * memberSession)
	var have []string
	var state string
	for time.Now().Before(deadline) {
		if gs, err := adm.DescribeGroups(ctx, group); err == nil {
			have, state = have[:0], gs[group].State
			for _, mem := range gs[group].Members {
				have = append(have, mem.MemberID)
			}
			m.mu.Lock()
			id := m.id
			m.mu.Unlock()
			if state == "Stable" && len(have) == 1 && have[0] == id {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("group %s after %s: state %s, members %v; want the living member alone", group, 3*memberSession, state, have)
}

// A LeaveGroup the reaper sends for a silent member may fail (the broker
// busy past the round's deadline, a connection dropped). The member must
// stay watched so that the next round removes it: forgotten, a dead member
// would keep its partitions for as long as the broker runs, the very hang
// the reaper is there to end.
func TestReaperRetriesAFailedLeave(t *testing.T) {
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	const topic, group = "reap.retry.in", "reap-retry-group"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	adm := newAdmin(t, e.Addr())
	if err := EnsureTopics(ctx, adm, TopicSpec{Name: topic, Partitions: 2}); err != nil {
		t.Fatal(err)
	}
	dead := newMember(ctx, t, e.Addr(), group, topic)
	dead.join(ctx, t, true) // and never heartbeats again

	var fail atomic.Bool
	fail.Store(true)
	e.Cluster().ControlKey(kmsg.LeaveGroup.Int16(), func(kmsg.Request) (kmsg.Response, error, bool) {
		e.Cluster().KeepControl()
		if fail.Load() {
			return nil, errors.New("injected: the leave is lost"), true
		}
		return nil, nil, false
	})
	r := &reaper{seen: map[memberKey]memberSeen{
		{group, dead.id}: {last: time.Now().Add(-time.Hour), session: time.Second},
	}}
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()), kgo.RequestRetries(1))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

	round, cancelRound := context.WithTimeout(ctx, 2*time.Second)
	r.reap(round, cl)
	cancelRound()
	if !r.any() {
		t.Fatal("the member whose LeaveGroup failed is no longer watched: no later round will remove it")
	}
	fail.Store(false)
	round, cancelRound = context.WithTimeout(ctx, 10*time.Second)
	r.reap(round, cl)
	cancelRound()
	gs, err := adm.DescribeGroups(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(gs[group].Members); n != 0 {
		t.Fatalf("group %s keeps %d members after the reaper's second round; want the dead one removed", group, n)
	}
}
