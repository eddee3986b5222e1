package worker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/schemas"
)

// commandSchema encodes commands in Avro with the id the schema registry
// gives lethe's command schema. New registers it; when the registry is out
// of reach then, Run registers it before it reads, retrying with backoff
// while /healthz answers 200 and /readyz "waiting". A worker started during
// a registry outage used to exit at once, and Kubernetes restarted it in a
// loop (a review); a running worker already waited out an outage.
type commandSchema struct {
	url      string
	register func(context.Context) (uint32, error)

	id atomic.Uint32 // 0 until registered: the registry's ids start at 1

	mu        sync.Mutex
	waitSince time.Time
	waitOn    string
}

// Encode implements pipeline.CommandEncoder. Run reads nothing before the
// schema is registered.
func (c *commandSchema) Encode(cmd *pipeline.Command) ([]byte, string, error) {
	id := c.id.Load()
	if id == 0 {
		return nil, "", errors.New("command schema not registered yet")
	}
	return schemas.AvroCommands{SchemaID: id}.Encode(cmd)
}

// try registers the schema once.
func (c *commandSchema) try(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	id, err := c.register(rctx)
	if err == nil && id == 0 {
		err = errors.New("the registry gave schema id 0")
	}
	if err != nil {
		return err
	}
	c.id.Store(id)
	c.mu.Lock()
	c.waitSince, c.waitOn = time.Time{}, ""
	c.mu.Unlock()
	return nil
}

// await registers the schema unless it is, retrying with backoff until the
// registry answers, refuses (any failure schemas.RegistryUnavailable does
// not wait out: a restart would not help either) or ctx ends. Nil c: no
// registry.
func (c *commandSchema) await(ctx context.Context, log *zap.Logger) error {
	if c == nil || c.id.Load() != 0 {
		return nil
	}
	wait := time.Second
	for {
		err := c.try(ctx)
		switch {
		case err == nil:
			log.Info("command schema registered: lethe starts reading", zap.String("registry", c.url), zap.Uint32("schema_id", c.id.Load()))
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case !schemas.RegistryUnavailable(err):
			return fmt.Errorf("register command schema at %s: %w", c.url, err)
		}
		c.mu.Lock()
		if c.waitSince.IsZero() {
			c.waitSince = time.Now()
		}
		c.waitOn = "schema registry " + c.url + ": " + err.Error()
		c.mu.Unlock()
		log.Warn("schema registry out of reach: the command schema is not registered, nothing is read yet", zap.String("registry", c.url), zap.Duration("retry_in", wait), zap.Error(err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// waiting reports since when, and on what, the registration waits; the
// zero time when it does not. Nil c: never.
func (c *commandSchema) waiting() (time.Time, string) {
	if c == nil {
		return time.Time{}, ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waitSince, c.waitOn
}
