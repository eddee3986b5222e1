package demofeed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/pipeline"
)

func startBroker(t *testing.T) []string {
	t.Helper()
	return []string{kafkatest.Broker(t, kafka.EmbeddedConfig{}).Addr()}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Produce with a Rate paces itself: 300 events at 1,000 a second are due
// over at least 0.2s (the last of three chunks of 100 is due then). A loaded
// machine can only make it slower, never faster.
func TestProduceRate(t *testing.T) {
	brokers := startBroker(t)
	start := time.Now()
	if err := Produce(testCtx(t), brokers, democrm.New(3), 300, Options{Partitions: 1, Rate: 1000}); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 200*time.Millisecond {
		t.Errorf("300 events at 1000/s took %s, want at least 200ms", took)
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	cancel()
	if err := Produce(ctx, brokers, democrm.New(3), 300, Options{Partitions: 1, Rate: 1000}); !errors.Is(err, context.Canceled) {
		t.Errorf("Produce on a cancelled context = %v, want context.Canceled", err)
	}
}

// Messages are the records Produce writes, at the same partitions and
// offsets: the engine-alone bench measures the events the broker runs get.
func TestMessagesAsProduced(t *testing.T) {
	const n = 2500
	brokers := startBroker(t)
	opt := Options{Prefix: "feedtest", WithSchema: true, Partitions: 3, Junk: 7}
	if err := Produce(testCtx(t), brokers, democrm.New(5, democrm.WithTopicPrefix(opt.Prefix)), n, opt); err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{} // topic/partition/offset -> key and value
	for _, topic := range democrm.Topics(opt.Prefix) {
		err := kafka.ScanTopic(testCtx(t), brokers, topic, func(r *kgo.Record) {
			stored[fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)] = string(r.Key) + "\x00" + string(r.Value)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(stored) != n {
		t.Fatalf("the topics hold %d records, want %d", len(stored), n)
	}
	msgs := NewMessages(democrm.New(5, democrm.WithTopicPrefix(opt.Prefix)), opt)
	var in []pipeline.Message
	for len(in) < n {
		var err error
		if in, err = msgs.Append(in, min(1000, n-len(in))); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range in {
		if got, ok := stored[m.Position()]; !ok || got != string(m.Key)+"\x00"+string(m.Value) {
			t.Fatalf("message at %s: not the record Produce wrote there (found: %v)", m.Position(), ok)
		}
		// Every 7th record is cut in half (Junk), but a tombstone.
		if cut := m.Value != nil && !json.Valid(m.Value); cut != ((i+1)%7 == 0 && m.Value != nil) {
			t.Fatalf("record %d at %s: cut %v, want every 7th cut", i+1, m.Position(), cut)
		}
	}
}

// A feed that skips the events on the topics (Fed) goes on with the CRM
// where the one before stopped: 1,200 events, then 1,300 more, leave the
// records 2,500 at once leave, every 500th cut (Junk) included. Fed counts
// none on topics that do not exist.
func TestProduceGoesOnAfterFed(t *testing.T) {
	const prefix = "feedtest"
	opt := Options{Prefix: prefix, Partitions: 3, Junk: 500}
	stored := func(brokers []string) map[string]string {
		recs := map[string]string{}
		for _, topic := range democrm.Topics(prefix) {
			err := kafka.ScanTopic(testCtx(t), brokers, topic, func(r *kgo.Record) {
				recs[fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)] = string(r.Key) + "\x00" + string(r.Value)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return recs
	}
	fed := func(brokers []string) int64 {
		cl := kafkatest.Client(t, brokers)
		n, err := Fed(testCtx(t), cl, prefix)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	restarted, once := startBroker(t), startBroker(t)
	if n := fed(restarted); n != 0 {
		t.Fatalf("Fed = %d before any topic exists, want 0", n)
	}
	if err := Produce(testCtx(t), restarted, democrm.New(8, democrm.WithTopicPrefix(prefix)), 1200, opt); err != nil {
		t.Fatal(err)
	}
	resumed := opt
	if resumed.Skip = fed(restarted); resumed.Skip != 1200 {
		t.Fatalf("Fed = %d after 1200 events", resumed.Skip)
	}
	if err := Produce(testCtx(t), restarted, democrm.New(8, democrm.WithTopicPrefix(prefix)), 1300, resumed); err != nil {
		t.Fatal(err)
	}
	if err := Produce(testCtx(t), once, democrm.New(8, democrm.WithTopicPrefix(prefix)), 2500, opt); err != nil {
		t.Fatal(err)
	}
	got, want := stored(restarted), stored(once)
	if len(got) != 2500 || len(want) != 2500 {
		t.Fatalf("the topics hold %d and %d records, want 2500", len(got), len(want))
	}
	for at, rec := range want {
		if got[at] != rec {
			t.Fatalf("record at %s: not the one a single feed writes there", at)
		}
	}
}
