// Package schemas holds the Avro schemas of lethe's compliance topics,
// embedded so the binary registers exactly what it writes, and the Confluent
// wire framing (magic byte 0, 4-byte schema id, Avro body).
package schemas

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/linkedin/goavro/v2"
)

// CommandAvsc is the schema of lethe.commands.
//
//go:embed command.avsc
var CommandAvsc string

// Codecs compiled once; the schemas are part of the binary, so a parse
// failure is a build defect and panics at start-up.
var (
	Command = mustCodec(CommandAvsc)
)

func mustCodec(s string) *goavro.Codec {
	c, err := goavro.NewCodec(s)
	if err != nil {
		panic("schemas: embedded schema does not compile: " + err.Error())
	}
	return c
}

// Subjects under which the schemas are registered (TopicNameStrategy).
func Subject(topic string) string { return topic + "-value" }

// Frame prepends the Confluent wire header to an Avro body.
func Frame(schemaID uint32, body []byte) []byte {
	out := make([]byte, 5, 5+len(body))
	binary.BigEndian.PutUint32(out[1:], schemaID)
	return append(out, body...)
}

// ErrNotFramed is returned by Unframe for data without the Confluent header.
var ErrNotFramed = errors.New("schemas: not in Confluent wire format (magic byte 0 and schema id)")

// Unframe splits Confluent wire format into schema id and Avro body.
func Unframe(b []byte) (uint32, []byte, error) {
	if len(b) < 5 || b[0] != 0 {
		return 0, nil, ErrNotFramed
	}
	return binary.BigEndian.Uint32(b[1:5]), b[5:], nil
}

// EncodeFramed encodes native with codec and frames it with schemaID.
func EncodeFramed(codec *goavro.Codec, schemaID uint32, native map[string]any) ([]byte, error) {
	hdr := Frame(schemaID, nil)
	out, err := codec.BinaryFromNative(hdr, native)
	if err != nil {
		return nil, fmt.Errorf("schemas: encode %s: %w", shortName(codec), err)
	}
	return out, nil
}

func shortName(c *goavro.Codec) string {
	switch c {
	case Command:
		return "Command"
	}
	return "record"
}
