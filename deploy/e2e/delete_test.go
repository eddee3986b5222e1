package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
	"github.com/lethe-cdc/lethe/pipeline"
)

// TestDeleteAndTruncateOnDebezium runs a delete and a truncate of a table
// left at PostgreSQL's default REPLICA IDENTITY through the shipped
// Debezium connector config and lethe. Its subject key (customer_id, NOT
// NULL) is not in its primary key, so the delete's before image holds only
// the key and what Debezium fills in for the rest: the ERASE must name no
// subject rather than the subject of that stand-in. The truncate must
// reach lethe (Debezium skips truncates unless told otherwise) and become
// one ERASE of the whole table. A change of the primary key, which Debezium
// writes as a delete marked with a __debezium.newkey header and a create,
// must be an ERASE of the old key that says the key changed.
func TestDeleteAndTruncateOnDebezium(t *testing.T) {
	needStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	table := "deltrunc_" + runID
	prefix := "e2edel" + runID
	conn, err := pgx.Connect(ctx, crmDSN)
	if err != nil {
		t.Fatalf("connect to PostgreSQL as crm: %v", err)
	}
	defer conn.Close(context.Background())
	for _, q := range []string{
		`CREATE TABLE ` + table + ` (id int PRIMARY KEY, customer_id bigint NOT NULL, email text)`,
		`CREATE PUBLICATION ` + table + ` FOR TABLE ` + table,
		`INSERT INTO ` + table + ` VALUES (1, 42, 'anna.schmidt@example.de'), (2, 43, 'jan.devries@example.nl')`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", strings.Fields(q)[0], err)
		}
	}
	tableConnector(ctx, t, table, prefix, "crm-postgres.json")
	input := prefix + ".public." + table
	waitRecords(ctx, t, input, 2) // the snapshot
	for _, q := range []string{`UPDATE ` + table + ` SET id = 3 WHERE id = 2`, `DELETE FROM ` + table + ` WHERE id = 1`, `TRUNCATE ` + table} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The key change (a delete, its tombstone, a create), the delete, its
	// tombstone and the truncate.
	recs := waitRecords(ctx, t, input, 8)
	var ops []string
	for _, r := range recs {
		if r.Value == nil {
			ops = append(ops, "tombstone")
			continue
		}
		for _, h := range r.Headers {
			if h.Key == pipeline.HeaderNewKey {
				ops = append(ops, "newkey")
			}
		}
		var env struct {
			Payload struct {
				Op     string
				Before map[string]any
			}
		}
		if err := json.Unmarshal(r.Value, &env); err != nil {
			t.Fatalf("%s/%d/%d: %v", input, r.Partition, r.Offset, err)
		}
		ops = append(ops, env.Payload.Op)
		if env.Payload.Op == "d" {
			// What the fix rests on: Debezium's stand-in for the NOT
			// NULL column PostgreSQL did not send.
			t.Logf("the delete's before image as Debezium wrote it: customer_id %v, email %v",
				env.Payload.Before["customer_id"], env.Payload.Before["email"] != nil)
		}
	}
	if got, want := strings.Join(ops, ","), "r,r,newkey,d,tombstone,c,d,tombstone,t"; got != want {
		t.Fatalf("Debezium wrote %s, want %s (is skipped.operations none in deploy/connect/crm-postgres.json?)", got, want)
	}

	rt := newRunTopics("deltrunc")
	wcfg := workerConfig(t, rt, worker.InputsConfig{Topics: []string{input}})
	r, err := startWorker(ctx, wcfg, filepath.Join(t.TempDir(), "worker.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := r.stop(); err != nil {
			t.Errorf("stop worker: %v", err)
		}
	}()
	adm := admin(t)
	waitCommitted(ctx, t, adm, wcfg.Group, endOffsets(ctx, t, adm, input), 2*time.Minute, r.failed)

	var erases []pipeline.Command
	for _, rec := range kcatRead(ctx, t, rt.commands) {
		var c pipeline.Command
		if rec.Value == nil || json.Unmarshal([]byte(*rec.Value), &c) != nil {
			t.Fatalf("command %s is not JSON", rec.pos())
		}
		if c.Type == pipeline.CmdErase {
			erases = append(erases, c)
		}
	}
	if len(erases) != 3 {
		t.Fatalf("%d ERASE commands, want 3 (the key change's, the delete's, the truncate's): %+v", len(erases), erases)
	}
	// The commands topic is keyed by subject: they may lie in different
	// partitions, in any order.
	byReason := map[string]pipeline.Command{}
	for _, c := range erases {
		byReason[c.Reason] = c
	}
	del, moved, trunc := byReason["crm_delete"], byReason["crm_key_change"], byReason["crm_truncate"]
	if del.Subject != "" || del.RecordKey == "" {
		t.Errorf("the delete's ERASE: subject %q record key %q; want no subject (PostgreSQL did not send customer_id) and the record's key", del.Subject, del.RecordKey)
	}
	if moved.RecordKey == "" || moved.RecordKey == del.RecordKey {
		t.Errorf("the key change's ERASE: reason %q record key %q; want crm_key_change with the old key (the delete's is %q)", moved.Reason, moved.RecordKey, del.RecordKey)
	}
	if trunc.Subject != "" || trunc.RecordKey != "" || trunc.Table != "public."+table {
		t.Errorf("the truncate's ERASE: subject %q record key %q table %q; want the whole table public.%s", trunc.Subject, trunc.RecordKey, trunc.Table, table)
	}
}

// tableConnector runs Debezium for one table with a shipped connector
// config from deploy/connect, its topics under prefix, and removes the
// connector, table, publication and slot when the test ends.
func tableConnector(ctx context.Context, t *testing.T, table, prefix, shipped string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "connect", shipped))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]string
	if err := json.Unmarshal(b, &cfg); err != nil {
		t.Fatalf("deploy/connect/%s: %v", shipped, err)
	}
	name := cfg["name"] + "-" + table
	delete(cfg, "name")
	for k, v := range map[string]string{
		"topic.prefix": prefix, "table.include.list": "public." + table, "slot.name": table, "slot.drop.on.stop": "true",
		"publication.name": table, "topic.creation.default.partitions": "1",
	} {
		cfg[k] = v
	}
	connectorRequest(ctx, t, http.MethodPut, name, cfg)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		connectorRequest(ctx, t, http.MethodDelete, name, nil)
		conn, err := pgx.Connect(ctx, crmDSN)
		if err != nil {
			t.Logf("clean up: %v", err)
			return
		}
		defer conn.Close(ctx)
		for _, q := range []string{`DROP PUBLICATION IF EXISTS ` + table, `DROP TABLE IF EXISTS ` + table} {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Logf("clean up: %s: %v", q, err)
			}
		}
		// The slot goes when the connector stops (slot.drop.on.stop);
		// should it not, drop it here.
		if _, err := conn.Exec(ctx, `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active`, table); err != nil {
			t.Logf("clean up: drop slot: %v", err)
		}
	})
}

// waitRecords waits up to two minutes for topic to hold at least n
// records, tombstones included, and returns them in offset order.
func waitRecords(ctx context.Context, t *testing.T, topic string, n int) []*kgo.Record {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var recs []*kgo.Record
		err := kafka.ScanTopic(ctx, []string{broker}, topic, func(r *kgo.Record) { recs = append(recs, r) })
		if err == nil && len(recs) >= n {
			return recs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d records after 2 minutes (%v), want %d", topic, len(recs), err, n)
		}
		time.Sleep(time.Second)
	}
}
