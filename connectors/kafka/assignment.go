package kafka

import (
	"context"
	"slices"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"
)

// syncedAssignment is the runner's group balancer: franz-go's
// cooperative-sticky one, which notes the whole assignment each sync of
// the group hands this member.
//
// franz-go's GroupTransactSession passes on only the first revoke until
// End is called: a second rebalance that takes partitions while a batch is
// open (or in the instant End resets the session) reaches no callback of
// the runner, which would go on listing those partitions as its own, and
// the worker keeping their state, until the session restarted. The sync
// names them all the same: in the classic protocol franz-go stores what
// ParseSyncAssignment returns as the member's assignment, revokes what
// the last one had and this one has not (the callback the session may
// swallow), then calls OnPartitionsAssigned, every time, even with
// nothing added. So there the runner compares what it owns with the sync
// and reports what is missing as revoked (reconcile).
//
// KIP-848 groups (kgo.ServerSideBalancer) have no sync: the broker
// assigns through heartbeats, nothing is noted, and reconcile does
// nothing. franz-go runs KIP-848 only with its own sticky or range
// balancer first in the list, which this wrapper is not; a
// kgo.Balancers option in RunnerConfig.ClientOpts replaces it.
type syncedAssignment struct {
	kgo.GroupBalancer
	mu     sync.Mutex
	synced map[string][]int32 // the last sync's assignment, until taken
	noted  bool
}

func newSyncedAssignment() *syncedAssignment {
	return &syncedAssignment{GroupBalancer: kgo.CooperativeStickyBalancer()}
}

// ParseSyncAssignment parses the assignment as the wrapped balancer does
// and notes it.
func (b *syncedAssignment) ParseSyncAssignment(assignment []byte) (map[string][]int32, error) {
	a, err := b.GroupBalancer.ParseSyncAssignment(assignment)
	if err != nil {
		return a, err
	}
	noted := make(map[string][]int32, len(a))
	for t, ps := range a {
		noted[t] = slices.Clone(ps)
	}
	b.mu.Lock()
	b.synced, b.noted = noted, true
	b.mu.Unlock()
	return a, nil
}

// take returns the assignment of the last sync not taken yet, and
// whether there was one.
func (b *syncedAssignment) take() (map[string][]int32, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a, ok := b.synced, b.noted
	b.synced, b.noted = nil, false
	return a, ok
}

// reconcile runs first in OnPartitionsAssigned: it reports as revoked the
// partitions the runner owns that the sync this assignment comes from
// does not give it, whose revoke GroupTransactSession kept from the
// runner. Nothing when there was no sync (KIP-848) or none is missing.
// The transaction open, if any, aborts anyway: the session is still
// marked revoked by the revoke it did pass on, which is why it kept this
// one (unless End was resetting the mark just then: franz-go's window,
// see ADR 0001).
func (r *Runner) reconcile(ctx context.Context) {
	synced, ok := r.synced.take()
	if !ok {
		return
	}
	given := make(map[string]map[int32]bool, len(synced))
	for t, ps := range synced {
		given[t] = make(map[int32]bool, len(ps))
		for _, p := range ps {
			given[t][p] = true
		}
	}
	r.ownMu.Lock()
	missing := map[string][]int32{}
	for t, ps := range r.owned {
		for p := range ps {
			if !given[t][p] {
				missing[t] = append(missing[t], p)
			}
		}
	}
	r.ownMu.Unlock()
	if len(missing) == 0 {
		return
	}
	for _, ps := range missing {
		slices.Sort(ps)
	}
	n := r.own(missing, false)
	r.log.Info("partitions revoked without a callback (the transact session passes on one revoke per transaction)",
		zap.Any("partitions", missing), zap.Int("owned", n))
	r.waitingSince.Store(0)
	if r.cfg.OnRevoked != nil {
		r.cfg.OnRevoked(ctx, missing)
	}
}

// warnClassic warns when cl was asked for a KIP-848 group with the
// runner's balancer, which franz-go does not run KIP-848 with: the group
// uses the classic protocol.
func (r *Runner) warnClassic(cl *kgo.Client) {
	if on, _ := cl.OptValue(kgo.ServerSideBalancer).(bool); !on {
		return
	}
	if bs, _ := cl.OptValue(kgo.Balancers).([]kgo.GroupBalancer); len(bs) > 0 && bs[0] == kgo.GroupBalancer(r.synced) {
		r.log.Warn("kgo.ServerSideBalancer is set without kgo.Balancers: the group runs the classic protocol; pass kgo.Balancers(kgo.StickyBalancer()) or kgo.RangeBalancer() too for KIP-848")
	}
}
