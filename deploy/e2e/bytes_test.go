package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
)

// TestDebeziumBytesThroughLethe runs a table whose personal data Debezium
// writes as bytes with its defaults (decimal.handling.mode=precise,
// binary.handling.mode=bytes) through real Debezium and lethe: a phone
// number in a NUMERIC column (a VariableScaleDecimal), a card number in a
// NUMERIC(20,0) (a Connect Decimal) and an e-mail address in a bytea. None
// may reach the sanitized topic raw, as digits or as the base64 Kafka
// Connect writes; an amount without personal data goes out as it came.
func TestDebeziumBytesThroughLethe(t *testing.T) {
	needStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	table := "bytes_" + runID
	prefix := "e2ebytes" + runID
	conn, err := pgx.Connect(ctx, crmDSN)
	if err != nil {
		t.Fatalf("connect to PostgreSQL as crm: %v", err)
	}
	defer conn.Close(context.Background())
	for _, q := range []string{
		`CREATE TABLE ` + table + ` (id int PRIMARY KEY, phone_number numeric, card_number numeric(20,0), raw bytea, balance numeric(10,2))`,
		`ALTER TABLE ` + table + ` REPLICA IDENTITY FULL`,
		`CREATE PUBLICATION ` + table + ` FOR TABLE ` + table,
		`INSERT INTO ` + table + ` VALUES (1, 491711234567, 4111111111111111, convert_to('Kontakt: anna.schmidt@example.de', 'UTF8'), 1.57)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", strings.Fields(q)[0], err)
		}
	}
	tableConnector(ctx, t, table, prefix, "crm-postgres.json")

	// The snapshot's record, as Debezium wrote it.
	input := prefix + ".public." + table
	var raw string
	deadline := time.Now().Add(2 * time.Minute)
	for raw == "" {
		if err := kafka.ScanTopic(ctx, []string{broker}, input, func(r *kgo.Record) {
			if r.Value != nil {
				raw = string(r.Value)
			}
		}); err != nil && time.Now().After(deadline) {
			t.Fatalf("read %s: %v", input, err)
		}
		if raw == "" {
			if time.Now().After(deadline) {
				t.Fatalf("Debezium wrote nothing to %s in 2 minutes", input)
			}
			time.Sleep(time.Second)
		}
	}
	b64 := func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
	phone, card := b64(big.NewInt(491711234567).Bytes()), b64(big.NewInt(4111111111111111).Bytes())
	mail := b64([]byte("Kontakt: anna.schmidt@example.de"))
	for _, v := range []string{phone, card, mail} {
		if !strings.Contains(raw, `"`+v+`"`) {
			t.Fatalf("Debezium's record does not hold %s as this test expects (decimal and binary handling changed?)", v)
		}
	}

	rt := newRunTopics("bytes")
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

	outs := kcatRead(ctx, t, rt.sanitized(table))
	if len(outs) != 1 || outs[0].Value == nil {
		t.Fatalf("%d sanitized records, want the snapshot's one", len(outs))
	}
	got := *outs[0].Value
	for _, v := range []string{phone, card, mail, "491711234567", "4111111111111111", "anna.schmidt"} {
		if strings.Contains(got, v) {
			t.Errorf("%q reached the sanitized topic", v)
		}
	}
	var env struct{ After map[string]any }
	if err := json.Unmarshal([]byte(got), &env); err != nil {
		t.Fatal(err)
	}
	if env.After["balance"] != "AJ0=" {
		t.Errorf("balance went out as %v, want the record's AJ0=", env.After["balance"])
	}
}

// connectorRequest sends a request about the Kafka Connect connector
// name: PUT its config (then waits for it to run), or DELETE it.
func connectorRequest(ctx context.Context, t *testing.T, method, name string, cfg map[string]string) {
	t.Helper()
	var body []byte
	if cfg != nil {
		var err error
		if body, err = json.Marshal(cfg); err != nil {
			t.Fatal(err)
		}
	}
	url := connectURL + "/connectors/" + name
	if method == http.MethodPut {
		url += "/config"
	}
	deadline := time.Now().Add(time.Minute)
	for {
		req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s connector %s: %v", method, name, err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusConflict && time.Now().Before(deadline) {
			time.Sleep(time.Second) // Connect's workers are rebalancing
			continue
		}
		if resp.StatusCode >= 300 && !(method == http.MethodDelete && resp.StatusCode == http.StatusNotFound) {
			t.Fatalf("%s connector %s: HTTP %d", method, name, resp.StatusCode)
		}
		break
	}
	if method != http.MethodPut {
		return
	}
	for {
		err := connectorRunning(name)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("connector %s: %v", name, err)
		}
		time.Sleep(time.Second)
	}
}
