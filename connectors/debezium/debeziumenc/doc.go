// Package debeziumenc writes genuine Debezium change envelopes, as the
// PostgreSQL connector does: JSON with or without Kafka Connect's schema
// block (EncodeJSON), and Avro in Confluent wire format (EncodeAvro with
// known schema ids, AvroEncoder registering the schemas it derives). The
// demo CRM writes JSON with it; tests use all three to feed the decoder
// (package debezium) and the pipeline realistic input. It is the mirror
// of the decoder, kept apart so that the decoder's package only reads.
package debeziumenc
