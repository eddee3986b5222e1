package kafka

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
)

// reapEvery is how often the embedded broker looks for group members that
// stopped heartbeating without leaving (a variable for tests).
var reapEvery = 5 * time.Second

// defaultSession is the session timeout of a member whose JoinGroup was
// not seen (kgo's and Kafka's default).
const defaultSession = 45 * time.Second

// reaper expires the members of classic consumer groups that kfake keeps
// for ever. Kafka times out every member that has not heartbeated within
// its session timeout. kfake starts a member's session timer only when its
// JoinGroup answer reaches it. A worker that dies while it waits in
// JoinGroup (killed during another member's rebalance) therefore never
// gets a timer. The leader assigns it partitions all the same, and it
// holds them for as long as the broker runs: an audit killed two workers
// in a row and saw 1,666 inputs stand still for minutes, with the
// surviving worker ready and reporting no lag.
//
// The reaper does what Kafka does, from outside kfake. It watches the
// requests members send (JoinGroup, SyncGroup, Heartbeat, offset
// commits). A member of a stable group that has sent nothing for longer
// than its session timeout gets a LeaveGroup in its name, which
// rebalances its partitions to the living. Members of a stable group
// heartbeat every few seconds (kgo: 3 s), so a silent one is dead.
type reaper struct {
	log *zap.Logger // nil: no log

	mu   sync.Mutex
	seen map[memberKey]memberSeen
}

type memberKey struct{ group, member string }

type memberSeen struct {
	last     time.Time     // the member's last request
	session  time.Duration // its session timeout
	instance *string       // its static membership id (KIP-345)
}

// watchGroups starts the reaper on c until stop is closed.
func watchGroups(c *kfake.Cluster, addr string, log *zap.Logger, stop <-chan struct{}, wg *sync.WaitGroup) {
	r := &reaper{log: log, seen: make(map[memberKey]memberSeen)}
	for _, k := range []kmsg.Key{kmsg.JoinGroup, kmsg.SyncGroup, kmsg.Heartbeat, kmsg.OffsetCommit, kmsg.TxnOffsetCommit, kmsg.LeaveGroup} {
		c.ControlKey(k.Int16(), func(req kmsg.Request) (kmsg.Response, error, bool) {
			r.observe(req)
			return nil, nil, false // watched only: the broker answers as usual
		})
	}
	wg.Go(func() {
		t := time.NewTicker(reapEvery)
		defer t.Stop()
		var cl *kgo.Client
		defer func() {
			if cl != nil {
				cl.Close()
			}
		}()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			if !r.any() {
				continue
			}
			if cl == nil {
				var err error
				if cl, err = kgo.NewClient(kgo.SeedBrokers(addr)); err != nil {
					continue
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), reapEvery)
			r.reap(ctx, cl)
			cancel()
		}
	})
}

// observe notes the member a group request comes from.
func (r *reaper) observe(req kmsg.Request) {
	var group, member string
	var session time.Duration
	var instance *string
	switch q := req.(type) {
	case *kmsg.JoinGroupRequest:
		group, member, instance = q.Group, q.MemberID, q.InstanceID
		session = time.Duration(q.SessionTimeoutMillis) * time.Millisecond
	case *kmsg.SyncGroupRequest:
		group, member, instance = q.Group, q.MemberID, q.InstanceID
	case *kmsg.HeartbeatRequest:
		group, member, instance = q.Group, q.MemberID, q.InstanceID
	case *kmsg.OffsetCommitRequest:
		group, member, instance = q.Group, q.MemberID, q.InstanceID
	case *kmsg.TxnOffsetCommitRequest:
		group, member, instance = q.Group, q.MemberID, q.InstanceID
	case *kmsg.LeaveGroupRequest:
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.seen, memberKey{q.Group, q.MemberID})
		for _, m := range q.Members {
			delete(r.seen, memberKey{q.Group, m.MemberID})
		}
		return
	}
	if group == "" || member == "" {
		return // a first JoinGroup, before the broker gave an id; a simple consumer's commit
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k := memberKey{group, member}
	s := r.seen[k]
	if session > 0 {
		s.session = session
	} else if s.session == 0 {
		s.session = defaultSession
	}
	s.last, s.instance = time.Now(), instance
	r.seen[k] = s
}

// any reports whether a member is watched.
func (r *reaper) any() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen) > 0
}

// reap sends a LeaveGroup for each silent member of a stable group, and
// forgets members that are gone.
func (r *reaper) reap(ctx context.Context, cl *kgo.Client) {
	r.mu.Lock()
	groups := make(map[string]bool)
	for k := range r.seen {
		groups[k.group] = true
	}
	r.mu.Unlock()
	names := slices.Collect(maps.Keys(groups))
	described, err := kadm.NewClient(cl).DescribeGroups(ctx, names...)
	if err != nil {
		return // the next round tries again
	}
	now := time.Now()
	for _, g := range described {
		// A group that is gone (deleted, as lethe bench deletes its own)
		// describes with an error: its members are forgotten below once
		// silent for long, never reaped.
		in := make(map[string]bool, len(g.Members))
		for _, m := range g.Members {
			in[m.MemberID] = g.Err == nil
		}
		var silent []kmsg.LeaveGroupRequestMember
		r.mu.Lock()
		for k, s := range r.seen {
			switch {
			case k.group != g.Group:
			case !in[k.member]:
				if now.Sub(s.last) > 2*s.session {
					delete(r.seen, k) // left, expired or replaced long ago
				}
			case g.Err == nil && g.State == "Stable" && now.Sub(s.last) > s.session:
				m := kmsg.NewLeaveGroupRequestMember()
				m.MemberID, m.InstanceID = k.member, s.instance
				silent = append(silent, m)
			}
		}
		r.mu.Unlock()
		if len(silent) == 0 {
			continue
		}
		if n := r.leave(ctx, cl, g.Group, silent); n > 0 && r.log != nil {
			r.log.Warn("removed group members that stopped heartbeating without leaving, as Kafka would after their session timeout (kfake keeps them, and their partitions)",
				zap.String("group", g.Group), zap.Int("members", n))
		}
	}
}

// leave sends a LeaveGroup for the silent members of group and forgets
// those the broker removed (or no longer knows), returning how many it
// removed. A member whose leave failed stays watched, still silent, so the
// next round sends it again: forgotten, it would keep its partitions for as
// long as the broker runs, as it never sends anything again.
func (r *reaper) leave(ctx context.Context, cl *kgo.Client, group string, silent []kmsg.LeaveGroupRequestMember) int {
	req := kmsg.NewPtrLeaveGroupRequest()
	req.Group, req.Members = group, silent
	resp, err := req.RequestWith(ctx, cl)
	if err == nil {
		err = kerr.ErrorForCode(resp.ErrorCode)
	}
	if err != nil {
		if r.log != nil {
			r.log.Debug("removing silent group members failed; the next round tries again", zap.String("group", group), zap.Error(err))
		}
		return 0
	}
	left := make(map[string]bool, len(resp.Members))
	for _, m := range resp.Members {
		err := kerr.ErrorForCode(m.ErrorCode)
		left[m.MemberID] = err == nil || errors.Is(err, kerr.UnknownMemberID)
	}
	removed := 0
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range silent {
		// An answer without members is one of a version before them: its
		// error code, nil, was the whole answer.
		if left[m.MemberID] || len(resp.Members) == 0 {
			delete(r.seen, memberKey{group, m.MemberID})
			removed++
		}
	}
	return removed
}
