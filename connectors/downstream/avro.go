package downstream

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/linkedin/goavro/v2"
)

// avroCommands decodes the commands lethe writes in Avro when it has a
// schema registry: Confluent's wire format (a 0 byte, the schema id in 4
// bytes, the Avro binary), each with the schema its id names, fetched from
// the registry once (GET /schemas/ids/{id}), as Confluent's and Apicurio's
// deserializers do by default. A later schema version's new fields are
// ignored, and a command type this Mirror does not know arrives as its
// symbol and goes to Config.OnUnhandled. Each command is checked against
// its schema (checkAvro) before goavro decodes it: goavro sizes an array
// by its declared count before reading it, and a few crafted bytes would
// otherwise exhaust the Mirror's memory.
type avroCommands struct {
	url string
	hc  *http.Client

	mu      sync.Mutex
	schemas map[uint32]avroSchema
}

// avroSchema is a registry schema, as goavro decodes it and as checkAvro
// checks it.
type avroSchema struct {
	codec *goavro.Codec
	typ   *avroType
}

func newAvroCommands(url string, hc *http.Client) *avroCommands {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &avroCommands{url: strings.TrimRight(url, "/"), hc: hc, schemas: map[uint32]avroSchema{}}
}

// decode reads one framed Avro command; ctx bounds a registry lookup. Its
// errors never hold the value.
func (a *avroCommands) decode(ctx context.Context, v []byte) (Command, error) {
	if len(v) < 5 || v[0] != 0 {
		return Command{}, errors.New("not in Confluent's wire format (a 0 byte and a 4-byte schema id)")
	}
	id := binary.BigEndian.Uint32(v[1:5])
	s, err := a.schema(ctx, id)
	if err != nil {
		return Command{}, err
	}
	if err := checkAvro(s.typ, v[5:]); err != nil {
		return Command{}, fmt.Errorf("not Avro of schema id %d (%d bytes): %w", id, len(v), err)
	}
	native, rest, err := s.codec.NativeFromBinary(v[5:])
	switch {
	case err != nil:
		return Command{}, fmt.Errorf("not Avro of schema id %d (%d bytes)", id, len(v))
	case len(rest) > 0:
		return Command{}, fmt.Errorf("%d bytes after the Avro record of schema id %d", len(rest), id)
	}
	m, ok := native.(map[string]any)
	if !ok {
		return Command{}, fmt.Errorf("schema id %d is not a record", id)
	}
	return commandOf(m)
}

// schema returns schema id, fetching it once. The lookup follows ctx: a
// team's RegistryClient may have no timeout, and Run must stop when its
// context is done, not when the registry answers.
func (a *avroCommands) schema(ctx context.Context, id uint32) (avroSchema, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.schemas[id]; ok {
		return s, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.url+"/schemas/ids/"+strconv.FormatUint(uint64(id), 10), nil)
	if err != nil {
		return avroSchema{}, fmt.Errorf("schema id %d: %w", id, err)
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return avroSchema{}, fmt.Errorf("schema id %d: %w", id, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return avroSchema{}, fmt.Errorf("schema id %d: %w", id, err)
	}
	if resp.StatusCode != http.StatusOK {
		return avroSchema{}, fmt.Errorf("schema id %d: the registry answered %s", id, resp.Status)
	}
	var s struct {
		Schema     string `json:"schema"`
		SchemaType string `json:"schemaType"`
	}
	if err := json.Unmarshal(body, &s); err != nil {
		return avroSchema{}, fmt.Errorf("schema id %d: the registry's answer is not JSON", id)
	}
	if s.SchemaType != "" && s.SchemaType != "AVRO" {
		return avroSchema{}, fmt.Errorf("schema id %d is %s, not Avro", id, s.SchemaType)
	}
	c, err := goavro.NewCodec(s.Schema)
	if err != nil {
		return avroSchema{}, fmt.Errorf("schema id %d: %w", id, err)
	}
	typ, err := parseAvroSchema(c.CanonicalSchema())
	if err != nil {
		return avroSchema{}, fmt.Errorf("schema id %d: %w", id, err)
	}
	a.schemas[id] = avroSchema{c, typ}
	return a.schemas[id], nil
}

// commandOf reads the fields a Mirror uses from a decoded command (see
// schemas/command.avsc): goavro gives a union's value as a map from its
// branch to it, an enum as its symbol and a timestamp-millis as a time.
func commandOf(m map[string]any) (Command, error) {
	var c Command
	var errs []string
	str := func(v any, field string) string {
		if u, ok := v.(map[string]any); ok { // ["null", "string"]
			v = u["string"]
		}
		if v == nil {
			return ""
		}
		s, ok := v.(string)
		if !ok {
			errs = append(errs, field)
		}
		return s
	}
	strs := func(v any, field string) []string {
		l, ok := v.([]any)
		if !ok {
			errs = append(errs, field)
		}
		out := make([]string, 0, len(l))
		for _, e := range l {
			out = append(out, str(e, field))
		}
		return out
	}
	c.ID, c.Type = str(m["id"], "id"), str(m["type"], "type")
	c.Table, c.RecordKey, c.Reason = str(m["table"], "table"), str(m["record_key"], "record_key"), str(m["reason"], "reason")
	c.Topics, c.Fields = strs(m["topics"], "topics"), strs(m["fields"], "fields")
	if t, ok := m["issued_at"].(time.Time); ok {
		c.IssuedAt = t.UTC()
	} else {
		errs = append(errs, "issued_at")
	}
	src, ok := m["source"].(map[string]any)
	if !ok {
		errs = append(errs, "source")
	}
	c.Source.Topic = str(src["topic"], "source.topic")
	if p, ok := src["partition"].(int32); ok {
		c.Source.Partition = p
	} else {
		errs = append(errs, "source.partition")
	}
	if o, ok := src["offset"].(int64); ok {
		c.Source.Offset = o
	} else {
		errs = append(errs, "source.offset")
	}
	if u, ok := src["lsn"].(map[string]any); ok { // ["null", "long"]
		c.Source.LSN, _ = u["long"].(int64)
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("the Avro command lacks fields or has them of other types: %s", strings.Join(errs, ", "))
	}
	return c, nil
}
