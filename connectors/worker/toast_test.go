package worker

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// javaNameUUID is Java's UUID.nameUUIDFromBytes, with which Debezium's
// PostgreSQL connector makes the placeholder of a uuid[] from its own.
func javaNameUUID(b []byte) string {
	h := md5.Sum(b)
	h[6] = h[6]&0x0f | 0x30
	h[8] = h[8]&0x3f | 0x80
	s := hex.EncodeToString(h[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// Debezium's PostgreSQL connector writes its placeholder for an unchanged
// TOASTed column in the column's type (UnchangedToastedPlaceholder): an
// hstore as a map of the placeholder to itself (hstore.handling.mode=map)
// or that map's JSON text (json), a uuid[] as the one-element list of the
// placeholder's name UUID, a bytea[] as the list of the placeholder's
// bytes (base64 in JSON). Each says "unchanged", not a value: replaced
// per a column rule, it would overwrite the holders' copy with a pseudonym
// of the placeholder, as the scalar and text[] forms once did.
func TestDebeziumToastPlaceholderFormsPassThrough(t *testing.T) {
	const ph = pipeline.UnavailableValue
	p, err := policy.Parse(strings.NewReader("version: x\ncolumns: {customers.attrs: {category: user.contact, action: pseudonymize}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := demoParts(t)
	d.policy = p
	mapSchema := `{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"string","optional":true},"optional":true,"field":"attrs"}`
	jsonSchema := `{"type":"string","optional":true,"name":"io.debezium.data.Json","version":1,"field":"attrs"}`
	uuidSchema := `{"type":"array","items":{"type":"string","optional":true,"name":"io.debezium.data.Uuid","version":1},"optional":true,"field":"attrs"}`
	byteaSchema := `{"type":"array","items":{"type":"bytes","optional":true},"optional":true,"field":"attrs"}`
	for _, tc := range []struct {
		name, schema, value string
	}{
		{"hstore as a map", mapSchema, `{"` + ph + `":"` + ph + `"}`},
		{"hstore as JSON text", jsonSchema, `"{\"` + ph + `\":\"` + ph + `\"}"`},
		{"uuid[]", uuidSchema, `["` + javaNameUUID([]byte(ph)) + `"]`},
		{"bytea[]", byteaSchema, `["` + base64.StdEncoding.EncodeToString([]byte(ph)) + `"]`},
	} {
		for _, withSchema := range []bool{true, false} {
			payload := `{"before":null,"after":{"id":42,"attrs":` + tc.value + `},"source":{"version":"3.0.0.Final","connector":"postgresql","name":"crm",` +
				`"ts_ms":1700000000001,"snapshot":"false","db":"crm","schema":"public","table":"customers","txId":781,"lsn":24023128},"op":"u","ts_ms":1700000000002}`
			v := payload
			if withSchema {
				fields := `[{"type":"int64","optional":false,"field":"id"},` + tc.schema + `]`
				v = `{"schema":{"type":"struct","fields":[{"type":"struct","fields":` + fields + `,"optional":true,"name":"crm.public.customers.Value","field":"before"},` +
					`{"type":"struct","fields":` + fields + `,"optional":true,"name":"crm.public.customers.Value","field":"after"},` +
					`{"type":"string","optional":false,"field":"op"}],"optional":false,"name":"crm.public.customers.Envelope","version":2},"payload":` + payload + `}`
			}
			e := d.engine(t, debezium.NewDecoder(), 1)
			m := pipeline.Message{Topic: "crm.public.customers", Key: []byte(`{"id":42}`), Value: []byte(v), Timestamp: time.UnixMilli(1700000000002)}
			out, err := e.Handle(context.Background(), []pipeline.Message{m}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var env struct{ After map[string]json.RawMessage }
			if err := json.Unmarshal(onlyOn(t, out, "lethe.sanitized.customers").Value, &env); err != nil {
				t.Fatal(err)
			}
			if got := string(env.After["attrs"]); got != tc.value {
				t.Errorf("%s (schema %v): attrs went out as %s, want Debezium's placeholder as it came, %s", tc.name, withSchema, got, tc.value)
			}
		}
	}
}
