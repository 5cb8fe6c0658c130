// Generated from golden.yaml by `make generate`. Do not edit: edit golden.yaml.
// A monitoring mixin: override _config, e.g.
//   (import 'mixin.libsonnet') + { _config+:: { blackboxSelector: 'job="probes"' } }
(import "config.libsonnet")
+ (import "alerts.libsonnet")
+ (import "rules.libsonnet")
+ (import "dashboards.libsonnet")
