package k8scheck

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

// dir is deploy/k8s, relative to this package's directory.
const dir = "../k8s"

// The parts of the manifests the checks read.
type (
	labels   map[string]string
	selector struct {
		MatchLabels labels `yaml:"matchLabels"`
	}
	envVar struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			SecretKeyRef *struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
			FieldRef *struct {
				FieldPath string `yaml:"fieldPath"`
			} `yaml:"fieldRef"`
		} `yaml:"valueFrom"`
	}
	containerPort struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	}
	probe struct {
		HTTPGet *struct {
			Path string `yaml:"path"`
			Port string `yaml:"port"`
		} `yaml:"httpGet"`
		PeriodSeconds    int `yaml:"periodSeconds"`
		FailureThreshold int `yaml:"failureThreshold"`
	}
	container struct {
		Name           string          `yaml:"name"`
		Args           []string        `yaml:"args"`
		Env            []envVar        `yaml:"env"`
		Ports          []containerPort `yaml:"ports"`
		ReadinessProbe *probe          `yaml:"readinessProbe"`
		LivenessProbe  *probe          `yaml:"livenessProbe"`
		StartupProbe   *probe          `yaml:"startupProbe"`
		Resources      struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
		SecurityContext struct {
			AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
			ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
			Capabilities             struct {
				Drop []string `yaml:"drop"`
			} `yaml:"capabilities"`
		} `yaml:"securityContext"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
		} `yaml:"volumeMounts"`
	}
	statefulSet struct {
		Kind string `yaml:"kind"`
		Spec struct {
			ServiceName string   `yaml:"serviceName"`
			Selector    selector `yaml:"selector"`
			Template    struct {
				Metadata struct {
					Labels labels `yaml:"labels"`
				} `yaml:"metadata"`
				Spec struct {
					TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
					SecurityContext               struct {
						RunAsNonRoot *bool `yaml:"runAsNonRoot"`
					} `yaml:"securityContext"`
					Containers []container `yaml:"containers"`
					Volumes    []struct {
						Name      string `yaml:"name"`
						ConfigMap *struct {
							Name string `yaml:"name"`
						} `yaml:"configMap"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	pdb struct {
		Spec struct {
			Selector                   selector `yaml:"selector"`
			UnhealthyPodEvictionPolicy string   `yaml:"unhealthyPodEvictionPolicy"`
		} `yaml:"spec"`
	}
	service struct {
		Metadata struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			ClusterIP string `yaml:"clusterIP"`
			Selector  labels `yaml:"selector"`
		} `yaml:"spec"`
	}
	kustomization struct {
		Resources          []string    `yaml:"resources"`
		ConfigMapGenerator []generator `yaml:"configMapGenerator"`
	}
	generator struct {
		Name  string   `yaml:"name"`
		Files []string `yaml:"files"`
	}
)

// manifests is deploy/k8s as kustomize would put it together.
type manifests struct {
	sts    statefulSet
	pdb    pdb
	svc    service
	kust   kustomization
	config []byte // the generated ConfigMap's lethe.yaml
}

func decode(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

func load(t *testing.T) manifests {
	t.Helper()
	var m manifests
	decode(t, "kustomization.yaml", &m.kust)
	for file, v := range map[string]any{"deployment.yaml": &m.sts, "pdb.yaml": &m.pdb, "service.yaml": &m.svc} {
		if !slices.Contains(m.kust.Resources, file) {
			t.Fatalf("kustomization.yaml does not apply %s", file)
		}
		decode(t, file, v)
	}
	var err error
	if m.config, err = os.ReadFile(filepath.Join(dir, "lethe.yaml")); err != nil {
		t.Fatal(err)
	}
	return m
}

// lethe returns the lethe container, or a zero one.
func (m *manifests) lethe() container {
	for _, c := range m.sts.Spec.Template.Spec.Containers {
		if c.Name == "lethe" {
			return c
		}
	}
	return container{}
}

func (c container) env(name string) *envVar {
	for i := range c.Env {
		if c.Env[i].Name == name {
			return &c.Env[i]
		}
	}
	return nil
}

// bytesOf reads a Kubernetes memory quantity (1Gi, 512M) or a GOMEMLIMIT
// (900MiB, 1GiB, 1000000B), or returns -1.
func bytesOf(q string) int64 {
	m := regexp.MustCompile(`^(\d+)([KMGT]?)(i?)B?$`).FindStringSubmatch(q)
	if m == nil {
		return -1
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	base := int64(1000)
	if m[3] == "i" {
		base = 1024
	}
	if m[2] != "" {
		for range strings.Index("KMGT", m[2]) + 1 {
			n *= base
		}
	}
	return n
}

// placeholders are the ${NAME} lethe expands in its config.
var placeholders = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// check lists everything wrong with m.
func check(m manifests) []string {
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	pod := m.sts.Spec.Template
	c := m.lethe()
	if c.Name == "" {
		return []string{"no container named lethe"}
	}

	// A stable name per worker: its transactional and group instance ids.
	if m.sts.Kind != "StatefulSet" {
		fail("kind %s: workers need the stable names of a StatefulSet", m.sts.Kind)
	}
	if m.sts.Spec.ServiceName != m.svc.Metadata.Name || m.svc.Spec.ClusterIP != "None" {
		fail("serviceName %q must name the headless Service %q", m.sts.Spec.ServiceName, m.svc.Metadata.Name)
	}
	for what, sel := range map[string]labels{"statefulset selector": m.sts.Spec.Selector.MatchLabels,
		"pdb selector": m.pdb.Spec.Selector.MatchLabels, "service selector": m.svc.Spec.Selector} {
		for k, v := range sel {
			if pod.Metadata.Labels[k] != v {
				fail("%s %s=%s does not select the pods (labels %v)", what, k, v, pod.Metadata.Labels)
			}
		}
		if len(sel) == 0 {
			fail("%s is empty", what)
		}
	}

	// The config: mounted where the args say, generated by kustomize.
	mount := ""
	for _, vm := range c.VolumeMounts {
		if vm.Name == "config" {
			mount = vm.MountPath
		}
	}
	cmName := ""
	for _, v := range pod.Spec.Volumes {
		if v.Name == "config" && v.ConfigMap != nil {
			cmName = v.ConfigMap.Name
		}
	}
	i := slices.Index(c.Args, "--config")
	if i < 0 || i+1 >= len(c.Args) || mount == "" || c.Args[i+1] != mount+"/lethe.yaml" {
		fail("args %v must name lethe.yaml in the config volume, mounted at %q", c.Args, mount)
	}
	if !slices.ContainsFunc(m.kust.ConfigMapGenerator, func(g generator) bool {
		return g.Name == cmName && slices.Contains(g.Files, "lethe.yaml")
	}) {
		fail("config volume's ConfigMap %q is not generated from lethe.yaml", cmName)
	}

	// Every ${NAME} of the config is set (lethe refuses to start without
	// it); the ids are the pod's name; keys come only from a Secret.
	cfg := string(m.config)
	for _, p := range placeholders.FindAllStringSubmatch(cfg, -1) {
		if c.env(p[1]) == nil {
			fail("lethe.yaml's ${%s} is not in the container's env", p[1])
		}
	}
	if e := c.env("POD_NAME"); e == nil || e.ValueFrom == nil || e.ValueFrom.FieldRef == nil || e.ValueFrom.FieldRef.FieldPath != "metadata.name" {
		fail("POD_NAME must be the pod's name (fieldRef metadata.name)")
	}
	for _, id := range []string{"transactional_id", "instance_id"} {
		if !regexp.MustCompile(`(?m)^` + id + `: .*\$\{POD_NAME\}`).MatchString(cfg) {
			fail("lethe.yaml's %s must hold ${POD_NAME}: one per worker, stable across its restarts", id)
		}
	}
	for _, src := range regexp.MustCompile(`(?m)^\s+\w+: env:(\w+)`).FindAllStringSubmatch(cfg, -1) {
		if e := c.env(src[1]); e == nil || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			fail("secret %s must come from a Secret (env valueFrom.secretKeyRef)", src[1])
		}
	}

	// Probes reach http.addr's port.
	var conf struct {
		HTTP struct {
			Addr string `yaml:"addr"`
		} `yaml:"http"`
	}
	_ = yaml.Unmarshal(m.config, &conf)
	_, port, _ := net.SplitHostPort(conf.HTTP.Addr)
	for name, pr := range map[string]struct {
		p    *probe
		path string
	}{"livenessProbe": {c.LivenessProbe, "/healthz"}, "readinessProbe": {c.ReadinessProbe, "/readyz"}, "startupProbe": {c.StartupProbe, "/healthz"}} {
		if pr.p == nil || pr.p.HTTPGet == nil || pr.p.HTTPGet.Path != pr.path {
			fail("%s must GET %s", name, pr.path)
			continue
		}
		if !slices.ContainsFunc(c.Ports, func(p containerPort) bool {
			return (p.Name == pr.p.HTTPGet.Port || strconv.Itoa(p.ContainerPort) == pr.p.HTTPGet.Port) && strconv.Itoa(p.ContainerPort) == port
		}) {
			fail("%s port %q is not http.addr's port %q", name, pr.p.HTTPGet.Port, port)
		}
	}

	// The port opens once Kafka answered (the worker waits up to 30 s) and
	// the topics are checked: the startup probe must outlast that, or the
	// liveness probe restarts a worker whose brokers answer slowly.
	if sp := c.StartupProbe; sp != nil {
		period, failures := cmp.Or(sp.PeriodSeconds, 10), cmp.Or(sp.FailureThreshold, 3)
		if period*failures < 60 {
			fail("startupProbe allows %d s, want at least 60 (Kafka's first answer may take 30)", period*failures)
		}
	}

	// Locked down.
	sc := c.SecurityContext
	if r := pod.Spec.SecurityContext.RunAsNonRoot; r == nil || !*r {
		fail("runAsNonRoot must be true")
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		!slices.Contains(sc.Capabilities.Drop, "ALL") {
		fail("container must have a read-only root filesystem, no privilege escalation and capabilities ALL dropped")
	}

	// The runtime's limits fit the pod's. Without a CPU limit the Go runtime
	// takes every core of the node for GOMAXPROCS, and the engine runs a
	// lane per GOMAXPROCS (parallelism: 0), each holding ~6 MiB of caches
	// and a record in flight: on a 128-core node the lanes alone filled
	// 800 MiB of the 1 GiB.
	limit := bytesOf(c.Resources.Limits["memory"])
	if limit <= 0 {
		fail("limits.memory %q: a memory limit is needed", c.Resources.Limits["memory"])
	}
	if e := c.env("GOMEMLIMIT"); e == nil || bytesOf(e.Value) <= 0 || bytesOf(e.Value) >= limit {
		fail("GOMEMLIMIT must be set below limits.memory %q", c.Resources.Limits["memory"])
	}
	// The heap grows to GOMEMLIMIT under load (the memo, caches, batches in
	// flight), past a smaller request: the kubelet evicts pods above their
	// request first when the node runs short, and the scheduler packs nodes
	// by requests, so a busy worker was the first evicted from a node
	// overcommitted by its own neighbours.
	if req := c.Resources.Requests["memory"]; bytesOf(req) != limit {
		fail("requests.memory %q must equal limits.memory %q: the heap grows to GOMEMLIMIT, and pods above their request are evicted first", req, c.Resources.Limits["memory"])
	}
	if _, cpuLimit := c.Resources.Limits["cpu"]; !cpuLimit {
		if e := c.env("GOMAXPROCS"); e == nil || !regexp.MustCompile(`^[1-9]\d*$`).MatchString(e.Value) {
			fail("without limits.cpu, GOMAXPROCS must be set: the Go runtime would take every core of the node, and the engine a lane per core")
		}
	}

	// A worker that is not ready may be evicted: under the default policy
	// it may only while the budget holds, and a registry outage or a
	// hanging transaction makes every worker not ready at once, which
	// blocked every drain of their nodes.
	if m.pdb.Spec.UnhealthyPodEvictionPolicy != "AlwaysAllow" {
		fail("pdb unhealthyPodEvictionPolicy %q: a worker that is not ready must not block node drains (AlwaysAllow)", m.pdb.Spec.UnhealthyPodEvictionPolicy)
	}
	return errs
}

func TestManifests(t *testing.T) {
	for _, e := range check(load(t)) {
		t.Error(e)
	}
}

// TestConfigChecks runs lethe run --check's checks on the ConfigMap's
// config, with the environment the pod gives it.
func TestConfigChecks(t *testing.T) {
	m := load(t)
	c := m.lethe()
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			t.Setenv(e.Name, e.Value)
		case e.ValueFrom.SecretKeyRef != nil: // what deployment.yaml's openssl rand -hex 32 makes
			t.Setenv(e.Name, hex.EncodeToString(randomKey(t)))
		case e.ValueFrom.FieldRef != nil:
			t.Setenv(e.Name, "lethe-0")
		}
	}
	cfg, err := worker.LoadConfig(filepath.Join(dir, "lethe.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	if w := cfg.DevKeyWarnings(); len(w) > 0 {
		t.Errorf("dev keys in production: %v", w)
	}
}

func randomKey(t *testing.T) []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

// TestCheckCatchesDrift changes one thing at a time and expects check to
// object, so that TestManifests cannot pass by checking nothing.
func TestCheckCatchesDrift(t *testing.T) {
	if errs := check(load(t)); len(errs) != 0 {
		t.Fatalf("baseline: %v", errs)
	}
	onLethe := func(f func(c *container)) func(*manifests) {
		return func(m *manifests) {
			cs := m.sts.Spec.Template.Spec.Containers
			for i := range cs {
				if cs[i].Name == "lethe" {
					f(&cs[i])
				}
			}
		}
	}
	dropEnv := func(name string) func(*manifests) {
		return onLethe(func(c *container) {
			c.Env = slices.DeleteFunc(slices.Clone(c.Env), func(e envVar) bool { return e.Name == name })
		})
	}
	cases := []struct {
		name   string
		mutate func(*manifests)
		want   string
	}{
		{"deployment", func(m *manifests) { m.sts.Kind = "Deployment" }, "StatefulSet"},
		{"pdb selects nothing", func(m *manifests) { m.pdb.Spec.Selector.MatchLabels = labels{"app": "other"} }, "pdb selector"},
		{"config path", onLethe(func(c *container) { c.Args = []string{"run", "--config", "/etc/other/lethe.yaml"} }), "args"},
		{"pod name unset", dropEnv("POD_NAME"), "${POD_NAME}"},
		{"pod name a literal", onLethe(func(c *container) { c.env("POD_NAME").ValueFrom = nil }), "POD_NAME must be the pod's name"},
		{"instance id shared", func(m *manifests) {
			m.config = regexp.MustCompile(`(?m)^instance_id: .*$`).ReplaceAll(m.config, []byte("instance_id: lethe"))
		}, "instance_id must hold"},
		{"key inline", onLethe(func(c *container) {
			for i := range c.Env {
				if c.Env[i].Name == "LETHE_TOKEN_KEY" {
					c.Env[i] = envVar{Name: "LETHE_TOKEN_KEY", Value: "00"}
				}
			}
		}), "LETHE_TOKEN_KEY must come from a Secret"},
		{"liveness on readyz", onLethe(func(c *container) { c.LivenessProbe.HTTPGet.Path = "/readyz" }), "livenessProbe must GET /healthz"},
		{"no startup probe", onLethe(func(c *container) { c.StartupProbe = nil }), "startupProbe must GET /healthz"},
		{"short startup probe", onLethe(func(c *container) { c.StartupProbe.FailureThreshold = 3 }), "startupProbe allows 15 s"},
		{"probe port", func(m *manifests) {
			m.config = []byte(strings.Replace(string(m.config), `":9464"`, `":9000"`, 1))
		}, "readinessProbe port"},
		{"writable root", onLethe(func(c *container) { f := false; c.SecurityContext.ReadOnlyRootFilesystem = &f }), "read-only root"},
		{"GOMEMLIMIT over the limit", onLethe(func(c *container) { c.Resources.Limits = map[string]string{"memory": "512Mi"} }), "GOMEMLIMIT"},
		{"memory request below the limit", onLethe(func(c *container) { c.Resources.Requests["memory"] = "256Mi" }), "requests.memory"},
		{"GOMAXPROCS unset", dropEnv("GOMAXPROCS"), "GOMAXPROCS must be set"},
		{"unready pods block drains", func(m *manifests) { m.pdb.Spec.UnhealthyPodEvictionPolicy = "" }, "unhealthyPodEvictionPolicy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t) // fresh: mutations must not leak between cases
			tc.mutate(&m)
			errs := check(m)
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
				t.Errorf("not caught: want an error containing %q, got %q", tc.want, errs)
			}
		})
	}
}

func TestBytesOf(t *testing.T) {
	for q, want := range map[string]int64{"1Gi": 1 << 30, "900MiB": 900 << 20, "512M": 512e6, "1000000B": 1e6, "1.5Gi": -1, "": -1} {
		if got := bytesOf(q); got != want {
			t.Errorf("bytesOf(%q) = %d, want %d", q, got, want)
		}
	}
}
