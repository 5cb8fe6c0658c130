// Generated from golden.yaml by `make generate`. Do not edit: edit golden.yaml.
{
  prometheusRules+:: {
    groups+: [
      {
        name: "portfolio-recording",
        rules: [
          {
            record: "endpoint:probe_success:avg5m",
            expr: "avg_over_time(probe_success{%(blackboxSelector)s}[5m])" % $._config,
          },
          {
            record: "product_environment:probe_success:avg5m",
            expr: "avg by (product, environment, team) (avg_over_time(probe_success{%(blackboxSelector)s}[5m]))" % $._config,
          },
          {
            record: "product_environment:probe_success:avg30m",
            expr: "avg by (product, environment, team) (avg_over_time(probe_success{%(blackboxSelector)s}[30m]))" % $._config,
          },
          {
            record: "product_environment:probe_duration_seconds:p95_5m",
            expr: "max by (product, environment, team) (quantile_over_time(0.95, probe_duration_seconds{%(blackboxSelector)s}[5m]))" % $._config,
          },
          {
            record: "product_environment:probe_ssl_earliest_cert_expiry:days_left",
            expr: "min by (product, environment, team) (probe_ssl_earliest_cert_expiry{%(blackboxSelector)s} - time()) / 86400" % $._config,
          },
          {
            record: "product:cloudflare_requests:rate5m",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[5m]))" % $._config,
          },
          {
            record: "product:cloudflare_requests_5xx:ratio_rate5m",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[5m]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[5m]))" % $._config,
          },
        ],
      },
      {
        name: "portfolio-slo-sli",
        rules: [
          {
            record: "endpoint:slo_latency_good:bool",
            expr: "(\n  probe_duration_seconds{%(blackboxSelector)s}\n  <= bool on(product, environment) group_left()\n  slo:latency_threshold:seconds\n)\n* probe_success{%(blackboxSelector)s}" % $._config,
          },
          {
            record: "slo:sli_error:ratio_rate5m",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[5m]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[5m]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate30m",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[30m]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[30m]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1h",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[1h]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[1h]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate2h",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[2h]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[2h]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate6h",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[6h]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[6h]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1d",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[1d]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[1d]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate3d",
            expr: "sum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,status_class=\"5xx\"}[3d]))\n/\nsum by (product) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s}[3d]))\nand on(product)\nslo:objective:ratio{slo=\"availability\",source=\"cloudflare\"}" % $._config,
            labels: {
              slo: "availability",
              source: "cloudflare",
            },
          },
          {
            record: "slo:sli_error:ratio_rate5m",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[5m]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate30m",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[30m]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1h",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[1h]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate2h",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[2h]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate6h",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[6h]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1d",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[1d]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate3d",
            expr: "1 - avg by (product, environment) (avg_over_time(probe_success{%(blackboxSelector)s}[3d]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"probes\"}" % $._config,
            labels: {
              slo: "availability",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate5m",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[5m]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[5m]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[5m]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[5m]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[5m]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[5m]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate30m",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[30m]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[30m]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[30m]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[30m]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[30m]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[30m]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1h",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[1h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[1h]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[1h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[1h]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[1h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[1h]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate2h",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[2h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[2h]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[2h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[2h]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[2h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[2h]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate6h",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[6h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[6h]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[6h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[6h]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[6h]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[6h]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1d",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[1d]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[1d]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[1d]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[1d]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[1d]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[1d]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate3d",
            expr: "(\n  sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[3d]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[3d]))\n  or 0 * sum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[3d]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[3d]))\n)\n/\nsum by (product, environment) (rate(http_requests_total{job=\"app-prometheus\"}[3d]) or rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[3d]))\nand on(product, environment)\nslo:objective:ratio{slo=\"availability\",source=\"services\"}",
            labels: {
              slo: "availability",
              source: "services",
            },
          },
          {
            record: "slo:sli_error:ratio_rate5m",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[5m]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate30m",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[30m]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1h",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[1h]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate2h",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[2h]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate6h",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[6h]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate1d",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[1d]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
          {
            record: "slo:sli_error:ratio_rate3d",
            expr: "1 - avg by (product, environment) (avg_over_time(endpoint:slo_latency_good:bool[3d]))",
            labels: {
              slo: "latency",
              source: "probes",
            },
          },
        ],
      },
      {
        name: "portfolio-slo-budget",
        rules: [
          {
            record: "slo:sli_error:ratio_rate_period",
            expr: "avg_over_time(slo:sli_error:ratio_rate5m[28d])\nand on(product, slo)\n(slo:time_period:days == 28)",
            labels: {
              period: "28d",
            },
          },
          {
            record: "slo:sli_error:ratio_rate_period",
            expr: "avg_over_time(slo:sli_error:ratio_rate5m[30d])\nand on(product, slo)\n(slo:time_period:days == 30)",
            labels: {
              period: "30d",
            },
          },
          {
            record: "slo:error_budget:ratio",
            expr: "1 - slo:objective:ratio",
          },
          {
            record: "slo:period_error_budget_remaining:ratio",
            expr: "1 - (\nslo:sli_error:ratio_rate_period\n/ on(product, slo) group_left(team)\nslo:error_budget:ratio\n)",
          },
          {
            record: "slo:current_burn_rate:ratio",
            expr: "slo:sli_error:ratio_rate5m\n/ on(product, slo) group_left(team)\nslo:error_budget:ratio",
          },
          {
            record: "slo:period_burn_rate:ratio",
            expr: "slo:sli_error:ratio_rate_period\n/ on(product, slo) group_left(team)\nslo:error_budget:ratio",
          },
        ],
      },
      {
        name: "portfolio-thresholds-api",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.api.uptime,
            labels: {
              product: "api",
              team: "ops",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.api.errorRate,
            labels: {
              product: "api",
              team: "ops",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.api.responseTimeSeconds,
            labels: {
              product: "api",
              team: "ops",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "api",
              team: "ops",
              tier: "1",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.999)",
            labels: {
              product: "api",
              slo: "availability",
              team: "ops",
              source: "cloudflare",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "api",
              slo: "availability",
              team: "ops",
              source: "cloudflare",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.99)",
            labels: {
              product: "api",
              slo: "latency",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "api",
              slo: "latency",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(0.25)",
            labels: {
              product: "api",
              slo: "latency",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-thresholds-site",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.site.uptime,
            labels: {
              product: "site",
              team: "web",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.site.errorRate,
            labels: {
              product: "site",
              team: "web",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.site.responseTimeSeconds,
            labels: {
              product: "site",
              team: "web",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "site",
              team: "web",
              tier: "2",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.995)",
            labels: {
              product: "site",
              slo: "availability",
              team: "web",
              source: "services",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "site",
              slo: "availability",
              team: "web",
              source: "services",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-thresholds-tcp",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.tcp.uptime,
            labels: {
              product: "tcp",
              team: "web",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.tcp.errorRate,
            labels: {
              product: "tcp",
              team: "web",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.tcp.responseTimeSeconds,
            labels: {
              product: "tcp",
              team: "web",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "tcp",
              team: "web",
              tier: "2",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.98)",
            labels: {
              product: "tcp",
              slo: "availability",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(28)",
            labels: {
              product: "tcp",
              slo: "availability",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.95)",
            labels: {
              product: "tcp",
              slo: "latency",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "tcp",
              slo: "latency",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(1)",
            labels: {
              product: "tcp",
              slo: "latency",
              team: "web",
              source: "probes",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-dashboards",
        rules: [
          {
            record: "product:github_deployments_success:increase1h",
            expr: "sum by (product) (increase(github_deployments_total{%(githubExporterSelector)s,environment=\"production\",status=\"success\"}[1h]))" % $._config,
          },
          {
            record: "product:github_deployments_success:increase1d",
            expr: "sum_over_time(product:github_deployments_success:increase1h[1d:1h])",
          },
          {
            record: "workflow_conclusion:github_workflow_runs:rate15m",
            expr: "sum by (workflow, conclusion) (rate(github_workflow_runs_total{%(githubExporterSelector)s}[15m]))" % $._config,
          },
          {
            record: "workflow_le:github_workflow_run_duration_seconds_bucket:rate15m",
            expr: "sum by (workflow, le) (rate(github_workflow_run_duration_seconds_bucket{%(githubExporterSelector)s}[15m]))" % $._config,
          },
          {
            record: "workflow_job_name_le:github_workflow_job_duration_seconds_bucket:rate15m",
            expr: "sum by (workflow, job_name, le) (rate(github_workflow_job_duration_seconds_bucket{%(githubExporterSelector)s}[15m]))" % $._config,
          },
          {
            record: "product_workflow_conclusion:github_workflow_runs:increase7d",
            expr: "(sum by (product, workflow, conclusion) (((github_workflow_runs_total{%(githubExporterSelector)s} - github_workflow_runs_total{%(githubExporterSelector)s} offset 7d) >= 0 or github_workflow_runs_total{%(githubExporterSelector)s})) > 0)\nunless on (product, workflow) github_workflow_window_runs{%(githubExporterSelector)s}" % $._config,
          },
          {
            record: "product_workflow_le:github_workflow_run_duration_seconds_bucket:increase7d",
            expr: "(sum by (product, workflow, le) (((github_workflow_run_duration_seconds_bucket{%(githubExporterSelector)s} - github_workflow_run_duration_seconds_bucket{%(githubExporterSelector)s} offset 7d) >= 0 or github_workflow_run_duration_seconds_bucket{%(githubExporterSelector)s})))\nunless on (product, workflow) github_workflow_window_runs{%(githubExporterSelector)s}" % $._config,
          },
          {
            record: "product_workflow_le:github_workflow_run_queue_seconds_bucket:increase7d",
            expr: "(sum by (product, workflow, le) (((github_workflow_run_queue_seconds_bucket{%(githubExporterSelector)s} - github_workflow_run_queue_seconds_bucket{%(githubExporterSelector)s} offset 7d) >= 0 or github_workflow_run_queue_seconds_bucket{%(githubExporterSelector)s})))\nunless on (product, workflow) github_workflow_window_runs{%(githubExporterSelector)s}" % $._config,
          },
          {
            record: "product:dora_deployment_frequency:level",
            expr: "(max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,environment=\"production\"}) >= bool 0.0333333333333)\n+ (max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,environment=\"production\"}) >= bool 0.142857142857)\n+ (max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,environment=\"production\"}) >= bool 1)" % $._config,
          },
          {
            record: "product:dora_lead_time:level",
            expr: "(max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 2592000)\n+ (max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 604800)\n+ (max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 86400)" % $._config,
          },
          {
            record: "product:dora_change_failure:level",
            expr: "(max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,environment=\"production\"}) <= bool 0.15)\n+ (max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,environment=\"production\"}) <= bool 0.1)\n+ (max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,environment=\"production\"}) <= bool 0.05)" % $._config,
          },
          {
            record: "product:dora_failed_deployment_recovery:level",
            expr: "(max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 604800)\n+ (max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 86400)\n+ (max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 3600)" % $._config,
          },
          {
            record: "product:dora_time_to_restore:level",
            expr: "(max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 604800)\n+ (max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 86400)\n+ (max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 3600)" % $._config,
          },
          {
            record: "product:dora:level",
            expr: "min by (product) (\nlabel_replace(\n(max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,environment=\"production\"}) >= bool 0.0333333333333)\n+ (max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,environment=\"production\"}) >= bool 0.142857142857)\n+ (max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,environment=\"production\"}) >= bool 1),\n\"key\", \"deployment_frequency\", \"\", \"\")\nor\nlabel_replace(\n(max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 2592000)\n+ (max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 604800)\n+ (max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 86400),\n\"key\", \"lead_time\", \"\", \"\")\nor\nlabel_replace(\n(max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,environment=\"production\"}) <= bool 0.15)\n+ (max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,environment=\"production\"}) <= bool 0.1)\n+ (max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,environment=\"production\"}) <= bool 0.05),\n\"key\", \"change_failure\", \"\", \"\")\nor\nlabel_replace(\n(max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 604800)\n+ (max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 86400)\n+ (max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,environment=\"production\"}) < bool 3600),\n\"key\", \"failed_deployment_recovery\", \"\", \"\")\n)" % $._config,
          },
        ],
      },
      {
        name: "portfolio-dora-suspected-failures",
        rules: [
          {
            record: "product:dora_change_failure_signal:max",
            expr: "max by (product) (\n    ALERTS{alertstate=\"firing\",severity=\"critical\",alertname=~\"AvailabilityBudgetBurn|ProductDown|ProductErrorRateHigh\"}\n    and on(product, environment) github_deployments_total{%(githubExporterSelector)s,environment=\"production\"}\n  or\n    ALERTS{alertstate=\"firing\",severity=\"critical\",alertname=~\"AvailabilityBudgetBurn|ProductDown|ProductErrorRateHigh\",environment=\"\"}\n    and on(product) github_deployments_total{%(githubExporterSelector)s,environment=\"production\"}\n)\nor on(product)\n0 * group by (product) (github_deployments_total{%(githubExporterSelector)s,environment=\"production\"})" % $._config,
          },
          {
            record: "product:dora_suspected_change_failure:deployment",
            expr: "sum by (product) (github_deployments_total{%(githubExporterSelector)s,environment=\"production\"})\nand on(product) (product:dora_change_failure_signal:max offset 5m == 1)\nand on(product) (min_over_time(product:dora_change_failure_signal:max[5m] offset 5m) == 0)\nand on(product) (sum by (product) (increase(github_deployments_total{%(githubExporterSelector)s,environment=\"production\"}[1h])) > 0)\nand on(product) (sum by (product) (increase(github_deployments_total{%(githubExporterSelector)s,environment=\"production\"}[5m])) == 0)" % $._config,
          },
          {
            record: "product:dora_suspected_change_failures:count30d",
            expr: "changes(product:dora_suspected_change_failure:deployment[30d]) + 1\nor on(product)\n0 * group by (product) (github_deployments_total{%(githubExporterSelector)s,environment=\"production\"})" % $._config,
          },
          {
            record: "product:github_deployments:increase30d",
            expr: "round(sum by (product) (increase(github_deployments_total{%(githubExporterSelector)s,environment=\"production\"}[30d])))" % $._config,
          },
          {
            record: "product:dora_suspected_change_failure:ratio30d",
            expr: "product:dora_suspected_change_failures:count30d\n/ on(product)\n(product:github_deployments:increase30d > 0)",
          },
        ],
      },
      {
        name: "portfolio-services-recording",
        rules: [
          {
            record: "service:http_requests:rate5m",
            expr: "sum by (product, environment, team, service) (rate(http_requests_total{job=\"app-prometheus\"}[5m]))\nor\nsum by (product, environment, team, service) (rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\"}[5m]))",
          },
          {
            record: "service:http_requests_5xx:rate5m",
            expr: "sum by (product, environment, team, service) (rate(http_requests_total{job=\"app-prometheus\",code=~\"5..\"}[5m]))\nor\nsum by (product, environment, team, service) (rate(http_server_request_duration_seconds_count{job=\"app-opentelemetry\",http_response_status_code=~\"5..\"}[5m]))\nor\n0 * service:http_requests:rate5m",
          },
          {
            record: "service:http_requests_5xx:ratio_rate5m",
            expr: "service:http_requests_5xx:rate5m\n/\nservice:http_requests:rate5m",
          },
          {
            record: "product_environment:service_http_requests_5xx:ratio_rate5m",
            expr: "sum by (product, environment, team) (service:http_requests_5xx:rate5m)\n/\nsum by (product, environment, team) (service:http_requests:rate5m)",
          },
          {
            record: "service:http_request_duration_seconds_bucket:rate5m",
            expr: "sum by (product, environment, team, service, le) (rate(http_request_duration_seconds_bucket{job=\"app-prometheus\"}[5m]))\nor\nsum by (product, environment, team, service, le) (rate(http_server_request_duration_seconds_bucket{job=\"app-opentelemetry\"}[5m]))",
          },
          {
            record: "service:http_request_duration_seconds:p50_5m",
            expr: "histogram_quantile(0.5, service:http_request_duration_seconds_bucket:rate5m)",
          },
          {
            record: "service:http_request_duration_seconds:p95_5m",
            expr: "histogram_quantile(0.95, service:http_request_duration_seconds_bucket:rate5m)",
          },
          {
            record: "service:http_request_duration_seconds:p99_5m",
            expr: "histogram_quantile(0.99, service:http_request_duration_seconds_bucket:rate5m)",
          },
          {
            record: "service_instance:node_cpu_busy:ratio_rate5m",
            expr: "1 - avg by (product, environment, team, service, instance) (rate(node_cpu_seconds_total{job=\"node\",mode=\"idle\"}[5m]))",
          },
          {
            record: "service_instance:node_memory_used:ratio",
            expr: "1 - node_memory_MemAvailable_bytes{job=\"node\"} / node_memory_MemTotal_bytes{job=\"node\"}",
          },
        ],
      },
    ],
  },
}
