package debezium

import "github.com/linkedin/goavro/v2"

func newCodecForTest(schema string) (*goavro.Codec, error) { return goavro.NewCodec(schema) }
