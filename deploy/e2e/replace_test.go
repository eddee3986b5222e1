package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/downstream"
	"github.com/lethe-cdc/lethe/connectors/kafka"
)

// TestReplaceInOneTransaction deletes a customer and inserts it again in one
// PostgreSQL transaction, as an ORM's "replace" does. Debezium gives both
// changes the transaction's commit time, which is also the ERASE's
// issued_at: the kafka-go reference subscriber must keep the row inserted
// after the delete, ordering the tie by the changes' log positions.
func TestReplaceInOneTransaction(t *testing.T) {
	needStack(t)
	f := crmWorker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	id := 8_000_000_000 + rand.Int64N(1_000_000_000)
	conn, err := pgx.Connect(ctx, crmDSN)
	if err != nil {
		t.Fatalf("connect to PostgreSQL as crm: %v", err)
	}
	defer conn.Close(context.Background())
	insert := `INSERT INTO customers (customer_id, first_name, last_name, email, locale) VALUES ($1, $2, 'Replace', $3, 'de-DE')`
	if _, err := conn.Exec(ctx, insert, id, "Erstfassung", fmt.Sprintf("first.%d@example.org", id)); err != nil {
		t.Fatalf("insert: %v", err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM customers WHERE customer_id = $1`, id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := tx.Exec(ctx, insert, id, "Zweitfassung", fmt.Sprintf("second.%d@example.org", id)); err != nil {
		t.Fatalf("insert again: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("commit: %v", err)
	}

	// Debezium: c, then d, its tombstone and c from the one transaction.
	type event struct {
		op, pos   string
		partition int32
		offset    int64
		tsMs, lsn int64
	}
	var evs []event
	deadline := time.Now().Add(2 * time.Minute)
	for {
		evs = evs[:0]
		err := kafka.ScanTopic(ctx, []string{broker}, crmTopic("customers"), func(r *kgo.Record) {
			if keyID(r.Key) != id {
				return
			}
			e := event{pos: fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset), partition: r.Partition, offset: r.Offset}
			if r.Value != nil {
				var v struct {
					Payload struct {
						Op     string `json:"op"`
						Source struct {
							TsMs int64 `json:"ts_ms"`
							LSN  int64 `json:"lsn"`
						} `json:"source"`
					} `json:"payload"`
				}
				if err := json.Unmarshal(r.Value, &v); err != nil {
					t.Fatalf("Debezium value at %s: %v", e.pos, err)
				}
				e.op, e.tsMs, e.lsn = v.Payload.Op, v.Payload.Source.TsMs, v.Payload.Source.LSN
			}
			evs = append(evs, e)
		})
		if err != nil {
			t.Fatal(err)
		}
		ops := make([]string, len(evs))
		for i, e := range evs {
			ops[i] = e.op
		}
		if slices.Equal(ops, []string{"c", "d", "", "c"}) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Debezium wrote ops %q for the replaced customer, want c, d, tombstone, c", ops)
		}
		time.Sleep(time.Second)
	}
	del, again := evs[1], evs[3]
	t.Logf("delete at %s (ts_ms %d, lsn %d), insert again at %s (ts_ms %d, lsn %d)", del.pos, del.tsMs, del.lsn, again.pos, again.tsMs, again.lsn)
	if del.tsMs != again.tsMs {
		t.Logf("Debezium gave the two changes different times: the tie this test is about did not arise")
	}
	waitCommitted(ctx, t, admin(t), f.cfg.Group, map[string]map[int32]int64{crmTopic("customers"): {again.partition: again.offset + 1}}, 3*time.Minute, f.r.failed)

	// The sanitized key of the row, from the record of its last insert.
	var key string
	for _, r := range kcatRead(ctx, t, f.rt.sanitized("customers")) {
		if r.input() == again.pos {
			key = deref(r.Key)
		}
	}
	if key == "" {
		t.Fatalf("no sanitized record of input %s", again.pos)
	}
	m, err := downstream.NewMirror(downstream.Config{Brokers: []string{broker}, Topic: f.rt.sanitized("customers"), Commands: f.rt.commands})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	rec, ok := m.Get(key)
	if !ok || rec.Input != again.pos {
		t.Fatalf("kafka-go mirror: the row inserted again is held %t (from input %q), want it, from %s; stats %+v", ok, rec.Input, again.pos, m.Stats())
	}
}
