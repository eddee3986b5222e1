package bench

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
)

const inTopic = "crm.public.customers"

func TestRun(t *testing.T) {
	const n = 2000
	e := kafkatest.Broker(t, kafka.EmbeddedConfig{Partitions: 4})
	produceInputs(t, e.Addr(), inTopic, 4, n)
	ensurePassthroughTopic(t, e.Addr())
	cfg := testRunnerConfig(t, e.Addr(), "bench-test", "bench-test-1")
	cfg.MaxBatch = 500
	res, err := Run(context.Background(), cfg, Passthrough{}, n)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	if res.Inputs != n || res.Outputs != n || res.Commits < n/500 || res.InputsPerSec <= 0 || res.Elapsed <= 0 {
		t.Fatalf("implausible result %+v", res)
	}
	if runtime.GOOS == "linux" && (res.CPU <= 0 || res.Cores <= 0 || res.CPUPerInput != res.CPU/n) {
		t.Fatalf("CPU not measured: %+v", res)
	}
	var count int
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := kafka.ScanTopic(ctx, []string{e.Addr()}, inTopic+".passthrough", func(*kgo.Record) { count++ }); err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("passthrough topic holds %d committed records, want %d", count, n)
	}
	if _, err := Run(context.Background(), cfg, Passthrough{}, 0); err == nil {
		t.Fatal("RunBench with wantInputs 0 succeeded")
	}
}

func BenchmarkRunnerPassthrough(b *testing.B) {
	for _, batch := range []int{500, 5000} {
		b.Run("batch="+strconv.Itoa(batch), func(b *testing.B) {
			const n = 100000
			e := kafkatest.Broker(b, kafka.EmbeddedConfig{Partitions: 4})
			produceInputs(b, e.Addr(), inTopic, 4, n)
			ensurePassthroughTopic(b, e.Addr())
			b.ReportAllocs()
			b.ResetTimer()
			var total time.Duration
			for i := range b.N {
				cfg := testRunnerConfig(b, e.Addr(), "bench-"+strconv.Itoa(i), "bench-"+strconv.Itoa(i))
				cfg.MaxBatch = batch
				cfg.Logger = nil
				res, err := Run(context.Background(), cfg, Passthrough{}, n)
				if err != nil {
					b.Fatal(err)
				}
				total += res.Elapsed
			}
			b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "inputs/s")
		})
	}
}

func ensurePassthroughTopic(t testing.TB, addr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, kafkatest.Admin(t, addr), kafka.TopicSpec{Name: inTopic + ".passthrough", Partitions: 4}); err != nil {
		t.Fatal(err)
	}
}

// produceInputs creates topic with parts partitions and writes n records
// keyed k<i>, each with one header.
func produceInputs(t testing.TB, addr, topic string, parts int32, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, kafkatest.Admin(t, addr), kafka.TopicSpec{Name: topic, Partitions: parts}); err != nil {
		t.Fatalf("ensure topics: %v", err)
	}
	cl := kafkatest.Client(t, []string{addr}, kgo.ProducerLinger(0))
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{
			Topic:   topic,
			Key:     []byte("k" + strconv.Itoa(i)),
			Value:   []byte(`{"after":{"customer_id":` + strconv.Itoa(i) + `}}`),
			Headers: []kgo.RecordHeader{{Key: "src", Value: []byte("test")}},
		}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce %d inputs: %v", n, err)
	}
}

// testRunnerConfig is a runner over inTopic with short waits.
func testRunnerConfig(t testing.TB, addr, group, txnID string) kafka.RunnerConfig {
	return kafka.RunnerConfig{
		Brokers:         []string{addr},
		Group:           group,
		Topics:          []string{inTopic},
		TransactionalID: txnID,
		MaxBatch:        50,
		MaxWait:         20 * time.Millisecond,
		Logger:          zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)),
		ClientOpts: []kgo.Opt{
			kgo.FetchMaxWait(200 * time.Millisecond),
			kgo.HeartbeatInterval(200 * time.Millisecond),
		},
	}
}
