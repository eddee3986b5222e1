package pipeline

import (
	"time"
)

// Header is a Kafka record header.
type Header struct {
	Key   string
	Value []byte
}

// Message is one record read from a source topic. It is broker-neutral so the
// engine can be driven by Kafka, a test or a benchmark.
type Message struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       []byte
	Value     []byte // nil for tombstones
	Headers   []Header
	Timestamp time.Time
}

// Position renders "topic/partition/offset", the value of the input header
// every output carries so that any checker can match outputs to inputs.
func (m *Message) Position() string {
	return Position{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}.String()
}

// Output is one record the engine wants written. All outputs of a batch are
// written in the same transaction that commits the batch's input offsets.
type Output struct {
	Topic   string
	Key     []byte
	Value   []byte
	Headers []Header
	// Timestamp is the record's Kafka timestamp. The outputs about one input
	// (its sanitized records and tombstones, its ERASE) carry the input's,
	// when it is plausible,
	// as Kafka Streams and MirrorMaker carry theirs: a holder that orders a
	// record without an event time of its own by its timestamp then orders
	// it as lethe ordered the input, also when lethe replays old inputs.
	// Zero means the time it is produced.
	Timestamp time.Time
}

// Header keys lethe sets on its outputs.
const (
	// HeaderInput names the input record an output came from: "topic/partition/offset".
	HeaderInput = "lethe.input"
	// HeaderReason is the dead-letter reason. It never contains a field value.
	HeaderReason = "lethe.reason"
	// HeaderTopic, HeaderPartition and HeaderOffset locate a dead-lettered input.
	HeaderTopic     = "lethe.topic"
	HeaderPartition = "lethe.partition"
	HeaderOffset    = "lethe.offset"
	// HeaderField names the field a dead-letter reason is about, when known.
	HeaderField = "lethe.field"
	// HeaderEncoding names the encoding of a command record: "avro" or "json".
	HeaderEncoding = "lethe.encoding"
)
