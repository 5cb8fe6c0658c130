// Generated from portfolio.yaml by `make generate`. Do not edit: edit portfolio.yaml.
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
            record: "product_environment:probe_success:avg1h",
            expr: "avg by (product, environment, team) (avg_over_time(probe_success{%(blackboxSelector)s}[1h]))" % $._config,
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
        name: "portfolio-thresholds-driftguard",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.driftguard.uptime,
            labels: {
              product: "driftguard",
              team: "platform",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.driftguard.errorRate,
            labels: {
              product: "driftguard",
              team: "platform",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.driftguard.responseTimeSeconds,
            labels: {
              product: "driftguard",
              team: "platform",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "driftguard",
              team: "platform",
              tier: "1",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.995)",
            labels: {
              product: "driftguard",
              slo: "availability",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "driftguard",
              slo: "availability",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.95)",
            labels: {
              product: "driftguard",
              slo: "latency",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "driftguard",
              slo: "latency",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(1)",
            labels: {
              product: "driftguard",
              slo: "latency",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-thresholds-marketing",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.marketing.uptime,
            labels: {
              product: "marketing",
              team: "growth",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.marketing.errorRate,
            labels: {
              product: "marketing",
              team: "growth",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.marketing.responseTimeSeconds,
            labels: {
              product: "marketing",
              team: "growth",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "marketing",
              team: "growth",
              tier: "2",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.995)",
            labels: {
              product: "marketing",
              slo: "availability",
              team: "growth",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "marketing",
              slo: "availability",
              team: "growth",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.95)",
            labels: {
              product: "marketing",
              slo: "latency",
              team: "growth",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "marketing",
              slo: "latency",
              team: "growth",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(0.8)",
            labels: {
              product: "marketing",
              slo: "latency",
              team: "growth",
              source: "probes",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-thresholds-memeMixer",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.memeMixer.uptime,
            labels: {
              product: "memeMixer",
              team: "creator",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.memeMixer.errorRate,
            labels: {
              product: "memeMixer",
              team: "creator",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.memeMixer.responseTimeSeconds,
            labels: {
              product: "memeMixer",
              team: "creator",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "memeMixer",
              team: "creator",
              tier: "2",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.98)",
            labels: {
              product: "memeMixer",
              slo: "availability",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "memeMixer",
              slo: "availability",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.95)",
            labels: {
              product: "memeMixer",
              slo: "latency",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "memeMixer",
              slo: "latency",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(1.5)",
            labels: {
              product: "memeMixer",
              slo: "latency",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-thresholds-overlayStudio",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.overlayStudio.uptime,
            labels: {
              product: "overlayStudio",
              team: "creator",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.overlayStudio.errorRate,
            labels: {
              product: "overlayStudio",
              team: "creator",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.overlayStudio.responseTimeSeconds,
            labels: {
              product: "overlayStudio",
              team: "creator",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "overlayStudio",
              team: "creator",
              tier: "3",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.98)",
            labels: {
              product: "overlayStudio",
              slo: "availability",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "overlayStudio",
              slo: "availability",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.95)",
            labels: {
              product: "overlayStudio",
              slo: "latency",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "overlayStudio",
              slo: "latency",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(1.2)",
            labels: {
              product: "overlayStudio",
              slo: "latency",
              team: "creator",
              source: "probes",
              environment: "production",
            },
          },
        ],
      },
      {
        name: "portfolio-thresholds-reports",
        rules: [
          {
            record: "product:threshold_uptime:ratio",
            expr: "vector(%g)" % $._config.thresholds.reports.uptime,
            labels: {
              product: "reports",
              team: "platform",
            },
          },
          {
            record: "product:threshold_error:ratio",
            expr: "vector(%g)" % $._config.thresholds.reports.errorRate,
            labels: {
              product: "reports",
              team: "platform",
            },
          },
          {
            record: "product:threshold_response_time:seconds",
            expr: "vector(%g)" % $._config.thresholds.reports.responseTimeSeconds,
            labels: {
              product: "reports",
              team: "platform",
            },
          },
          {
            record: "product:portfolio_product:info",
            expr: "vector(1)",
            labels: {
              product: "reports",
              team: "platform",
              tier: "2",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.99)",
            labels: {
              product: "reports",
              slo: "availability",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "reports",
              slo: "availability",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:objective:ratio",
            expr: "vector(0.95)",
            labels: {
              product: "reports",
              slo: "latency",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:time_period:days",
            expr: "vector(30)",
            labels: {
              product: "reports",
              slo: "latency",
              team: "platform",
              source: "probes",
              environment: "production",
            },
          },
          {
            record: "slo:latency_threshold:seconds",
            expr: "vector(2)",
            labels: {
              product: "reports",
              slo: "latency",
              team: "platform",
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
