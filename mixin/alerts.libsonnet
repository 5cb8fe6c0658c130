// Generated from portfolio.yaml by `make generate`. Do not edit: edit portfolio.yaml.
{
  prometheusAlerts+:: {
    groups+: [
      {
        name: "portfolio-alerts",
        rules: [
          {
            alert: "ProductDown",
            expr: "max by (product, environment, team) (probe_success{%(blackboxSelector)s}) == 0" % $._config,
            "for": $._config.alertFor.ProductDown,
            labels: {
              severity: "critical",
              kind: "availability",
            },
            annotations: {
              summary: "{{ $labels.product }} ({{ $labels.environment }}) is down",
              description: "Every health probe of {{ $labels.product }} ({{ $labels.environment }}) has failed for more than 2m.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ProductDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "EndpointDown",
            expr: "probe_success{%(blackboxSelector)s} == 0" % $._config,
            "for": $._config.alertFor.EndpointDown,
            labels: {
              severity: "warning",
              kind: "availability",
            },
            annotations: {
              summary: "Endpoint {{ $labels.endpoint }} of {{ $labels.product }} ({{ $labels.environment }}) is failing",
              description: "Health probe of {{ $labels.instance }} has failed for more than 5m.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/EndpointDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ProductUptimeLow",
            expr: "product_environment:probe_success:avg1h\n< on(product) group_left()\nproduct:threshold_uptime:ratio",
            "for": $._config.alertFor.ProductUptimeLow,
            labels: {
              severity: "warning",
              kind: "availability",
            },
            annotations: {
              summary: "{{ $labels.product }} ({{ $labels.environment }}) uptime is below its threshold",
              description: "Uptime over the last 1h is {{ $value | humanizePercentage }}, below the threshold of {{ with printf \"product:threshold_uptime:ratio{product=%q}\" $labels.product | query }}{{ . | first | value | humanizePercentage }}{{ end }}.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ProductUptimeLow.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ProductLatencyHigh",
            expr: "product_environment:probe_duration_seconds:p95_5m\n> on(product) group_left()\nproduct:threshold_response_time:seconds",
            "for": $._config.alertFor.ProductLatencyHigh,
            labels: {
              severity: "warning",
              kind: "latency",
            },
            annotations: {
              summary: "{{ $labels.product }} ({{ $labels.environment }}) responds slowly",
              description: "p95 response time of the health endpoints is {{ $value | humanizeDuration }}, above the threshold of {{ with printf \"product:threshold_response_time:seconds{product=%q}\" $labels.product | query }}{{ . | first | value | humanizeDuration }}{{ end }}.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ProductLatencyHigh.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "TLSCertificateExpiring",
            expr: "product_environment:probe_ssl_earliest_cert_expiry:days_left < 21",
            "for": $._config.alertFor.TLSCertificateExpiring,
            labels: {
              severity: "warning",
              kind: "tls",
            },
            annotations: {
              summary: "TLS certificate of {{ $labels.product }} ({{ $labels.environment }}) expires soon",
              description: "The earliest certificate expires in {{ $value | printf \"%.1f\" }} days (warning below 21 days).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/TLSCertificateExpiring.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "TLSCertificateExpiring",
            expr: "product_environment:probe_ssl_earliest_cert_expiry:days_left < 7",
            "for": $._config.alertFor.TLSCertificateExpiring,
            labels: {
              severity: "critical",
              kind: "tls",
            },
            annotations: {
              summary: "TLS certificate of {{ $labels.product }} ({{ $labels.environment }}) is about to expire",
              description: "The earliest certificate expires in {{ $value | printf \"%.1f\" }} days (critical below 7 days).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/TLSCertificateExpiring.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ProductErrorRateHigh",
            expr: "product:cloudflare_requests_5xx:ratio_rate5m\n> on(product) group_left(team)\nproduct:threshold_error:ratio",
            "for": $._config.alertFor.ProductErrorRateHigh,
            labels: {
              severity: "critical",
              kind: "error_rate",
            },
            annotations: {
              summary: "{{ $labels.product }} error rate is above its threshold",
              description: "{{ $value | humanizePercentage }} of requests failed with 5xx over 5m; threshold {{ with printf \"product:threshold_error:ratio{product=%q}\" $labels.product | query }}{{ . | first | value | humanizePercentage }}{{ end }}.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ProductErrorRateHigh.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ProductErrorRateHigh",
            expr: "product:cloudflare_requests_5xx:ratio_rate5m\n> on(product) group_left(team)\n(0.8 * product:threshold_error:ratio)",
            "for": $._config.alertFor.ProductErrorRateHigh,
            labels: {
              severity: "warning",
              kind: "error_rate",
            },
            annotations: {
              summary: "{{ $labels.product }} error rate is approaching its threshold",
              description: "{{ $value | humanizePercentage }} of requests failed with 5xx over 5m; threshold {{ with printf \"product:threshold_error:ratio{product=%q}\" $labels.product | query }}{{ . | first | value | humanizePercentage }}{{ end }}; warning at 80% of it.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ProductErrorRateHigh.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "CloudflareHealthCheckUnhealthy",
            expr: "(\n  max by (product, healthcheck) (cloudflare_healthcheck_status{%(cloudflareExporterSelector)s,status=\"unhealthy\"}) == 1\n)\n* on(product) group_left(team)\nproduct:portfolio_product:info" % $._config,
            "for": $._config.alertFor.CloudflareHealthCheckUnhealthy,
            labels: {
              severity: "warning",
              kind: "availability",
            },
            annotations: {
              summary: "Cloudflare health check {{ $labels.healthcheck }} of {{ $labels.product }} is unhealthy",
              description: "Cloudflare's health check {{ $labels.healthcheck }} has reported the origin of {{ $labels.product }} unhealthy for more than 5m; cloudflare_healthcheck_failure holds the reason.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/CloudflareHealthCheckUnhealthy.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ProductDeployed",
            expr: "(\n  round(sum by (product, environment) (increase(github_deployments_total{%(githubExporterSelector)s,status=\"success\"}[10m])))\n  > 0\n)\n* on(product) group_left(team)\nproduct:portfolio_product:info" % $._config,
            labels: {
              severity: "info",
              kind: "deployment",
            },
            annotations: {
              summary: "{{ $labels.product }} was deployed to {{ $labels.environment }}",
              description: "{{ $value }} successful deployment(s) of {{ $labels.product }} to {{ $labels.environment }} in the last 10 minutes.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ProductDeployed.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
        ],
      },
      {
        name: "portfolio-monitoring",
        rules: [
          {
            alert: "ExporterDown",
            expr: "up{%(githubExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterDown,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "github",
            },
            annotations: {
              summary: "The github exporter cannot be scraped",
              description: "Prometheus has failed to scrape {{ $labels.instance }} (github-exporter) for 10m.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterUpstreamFailing",
            expr: "github_up{%(githubExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterUpstreamFailing,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "github",
            },
            annotations: {
              summary: "The github exporter cannot refresh from its API",
              description: "Refreshes from the github API have failed for 10m; the exporter serves data {{ with printf \"github_data_age_seconds{source=%q}\" $labels.source | query }}{{ . | first | value | humanizeDuration }}{{ end }} old ({{ $labels.source }}).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterUpstreamFailing.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterDown",
            expr: "up{%(cloudflareExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterDown,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "cloudflare",
            },
            annotations: {
              summary: "The cloudflare exporter cannot be scraped",
              description: "Prometheus has failed to scrape {{ $labels.instance }} (cloudflare-exporter) for 10m.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterUpstreamFailing",
            expr: "cloudflare_up{%(cloudflareExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterUpstreamFailing,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "cloudflare",
            },
            annotations: {
              summary: "The cloudflare exporter cannot refresh from its API",
              description: "Refreshes from the cloudflare API have failed for 10m; the exporter serves data {{ with printf \"cloudflare_data_age_seconds{source=%q}\" $labels.source | query }}{{ . | first | value | humanizeDuration }}{{ end }} old ({{ $labels.source }}).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterUpstreamFailing.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterDown",
            expr: "up{%(plausibleExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterDown,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "plausible",
            },
            annotations: {
              summary: "The plausible exporter cannot be scraped",
              description: "Prometheus has failed to scrape {{ $labels.instance }} (plausible-exporter) for 10m.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterUpstreamFailing",
            expr: "plausible_up{%(plausibleExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterUpstreamFailing,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "plausible",
            },
            annotations: {
              summary: "The plausible exporter cannot refresh from its API",
              description: "Refreshes from the plausible API have failed for 10m; the exporter serves data {{ with printf \"plausible_data_age_seconds{source=%q}\" $labels.source | query }}{{ . | first | value | humanizeDuration }}{{ end }} old ({{ $labels.source }}).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterUpstreamFailing.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterDown",
            expr: "up{%(posthogExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterDown,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "posthog",
            },
            annotations: {
              summary: "The posthog exporter cannot be scraped",
              description: "Prometheus has failed to scrape {{ $labels.instance }} (posthog-exporter) for 10m.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ExporterUpstreamFailing",
            expr: "posthog_up{%(posthogExporterSelector)s} == 0" % $._config,
            "for": $._config.alertFor.ExporterUpstreamFailing,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
              exporter: "posthog",
            },
            annotations: {
              summary: "The posthog exporter cannot refresh from its API",
              description: "Refreshes from the posthog API have failed for 10m; the exporter serves data {{ with printf \"posthog_data_age_seconds{source=%q}\" $labels.source | query }}{{ . | first | value | humanizeDuration }}{{ end }} old ({{ $labels.source }}).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ExporterUpstreamFailing.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "StackComponentDown",
            expr: "up{job=~\"alertmanager|blackbox-exporter|pushgateway|incident-bridge\"} == 0",
            "for": $._config.alertFor.StackComponentDown,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
            },
            annotations: {
              summary: "{{ $labels.job }} cannot be scraped",
              description: "Prometheus has failed to scrape {{ $labels.instance }} ({{ $labels.job }}) for 10m: probes, notifications or CI reports depend on it.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/StackComponentDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "ProbesMissing",
            expr: "absent(up{%(blackboxSelector)s})" % $._config,
            "for": $._config.alertFor.ProbesMissing,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
            },
            annotations: {
              summary: "No health probe results",
              description: "Prometheus has no probe targets: uptime and latency alerts cannot fire.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/ProbesMissing.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "PrometheusRuleFailures",
            expr: "increase(prometheus_rule_evaluation_failures_total{%(prometheusSelector)s}[5m]) > 0" % $._config,
            "for": $._config.alertFor.PrometheusRuleFailures,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
            },
            annotations: {
              summary: "Prometheus fails to evaluate rules",
              description: "{{ $value | humanize }} rule evaluations failed in group {{ $labels.rule_group }} in the last 5 minutes.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/PrometheusRuleFailures.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
          {
            alert: "AlertmanagerNotificationsFailing",
            expr: "increase(alertmanager_notifications_failed_total{%(alertmanagerSelector)s}[5m]) > 0" % $._config,
            "for": $._config.alertFor.AlertmanagerNotificationsFailing,
            labels: {
              severity: "warning",
              kind: "monitoring",
              team: "platform",
            },
            annotations: {
              summary: "Alertmanager fails to send notifications",
              description: "{{ $value | humanize }} {{ $labels.integration }} notifications failed in the last 5 minutes.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/monitoring/AlertmanagerNotificationsFailing.md",
              dashboard_url: "http://localhost:3000/d/portfolio-monitoring",
            },
          },
        ],
      },
      {
        name: "portfolio-slo-alerts",
        rules: [
          {
            alert: "AvailabilityBudgetBurn",
            expr: "(\n(\n  slo:sli_error:ratio_rate1h{slo=\"availability\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 14.4\n  and on(product, slo)\n  slo:sli_error:ratio_rate5m{slo=\"availability\"} / on(product, slo) group_left() slo:error_budget:ratio > 14.4\n)\nor on(product, slo)\n(\n  slo:sli_error:ratio_rate6h{slo=\"availability\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 6\n  and on(product, slo)\n  slo:sli_error:ratio_rate30m{slo=\"availability\"} / on(product, slo) group_left() slo:error_budget:ratio > 6\n)\n)\nand on(product, slo) (slo:time_period:days == 30)",
            labels: {
              severity: "critical",
              kind: "slo",
            },
            annotations: {
              summary: "{{ $labels.product }} is burning its {{ $labels.slo }} error budget fast",
              description: "The {{ $labels.slo }} SLO of {{ $labels.product }} (objective {{ with printf \"slo:objective:ratio{product=%q,slo=%q}\" $labels.product $labels.slo | query }}{{ . | first | value | humanizePercentage }}{{ end }}) is burning its error budget {{ $value | printf \"%.1f\" }} times faster than the period allows; pages at 14.4x over 1h and 5m, 6x over 6h and 30m (30d period).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/AvailabilityBudgetBurn.md",
              dashboard_url: "http://localhost:3000/d/portfolio-slo?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "AvailabilityBudgetBurn",
            expr: "(\n(\n  slo:sli_error:ratio_rate1d{slo=\"availability\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 3\n  and on(product, slo)\n  slo:sli_error:ratio_rate2h{slo=\"availability\"} / on(product, slo) group_left() slo:error_budget:ratio > 3\n)\nor on(product, slo)\n(\n  slo:sli_error:ratio_rate3d{slo=\"availability\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 1\n  and on(product, slo)\n  slo:sli_error:ratio_rate6h{slo=\"availability\"} / on(product, slo) group_left() slo:error_budget:ratio > 1\n)\n)\nand on(product, slo) (slo:time_period:days == 30)",
            labels: {
              severity: "warning",
              kind: "slo",
            },
            annotations: {
              summary: "{{ $labels.product }} is burning its {{ $labels.slo }} error budget",
              description: "The {{ $labels.slo }} SLO of {{ $labels.product }} (objective {{ with printf \"slo:objective:ratio{product=%q,slo=%q}\" $labels.product $labels.slo | query }}{{ . | first | value | humanizePercentage }}{{ end }}) is burning its error budget {{ $value | printf \"%.1f\" }} times faster than the period allows; tickets at 3x over 1d and 2h, 1x over 3d and 6h (30d period).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/AvailabilityBudgetBurn.md",
              dashboard_url: "http://localhost:3000/d/portfolio-slo?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "LatencyBudgetBurn",
            expr: "(\n(\n  slo:sli_error:ratio_rate1h{slo=\"latency\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 14.4\n  and on(product, slo)\n  slo:sli_error:ratio_rate5m{slo=\"latency\"} / on(product, slo) group_left() slo:error_budget:ratio > 14.4\n)\nor on(product, slo)\n(\n  slo:sli_error:ratio_rate6h{slo=\"latency\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 6\n  and on(product, slo)\n  slo:sli_error:ratio_rate30m{slo=\"latency\"} / on(product, slo) group_left() slo:error_budget:ratio > 6\n)\n)\nand on(product, slo) (slo:time_period:days == 30)",
            labels: {
              severity: "critical",
              kind: "slo",
            },
            annotations: {
              summary: "{{ $labels.product }} is burning its {{ $labels.slo }} error budget fast",
              description: "The {{ $labels.slo }} SLO of {{ $labels.product }} (objective {{ with printf \"slo:objective:ratio{product=%q,slo=%q}\" $labels.product $labels.slo | query }}{{ . | first | value | humanizePercentage }}{{ end }}) is burning its error budget {{ $value | printf \"%.1f\" }} times faster than the period allows; pages at 14.4x over 1h and 5m, 6x over 6h and 30m (30d period).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/LatencyBudgetBurn.md",
              dashboard_url: "http://localhost:3000/d/portfolio-slo?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "LatencyBudgetBurn",
            expr: "(\n(\n  slo:sli_error:ratio_rate1d{slo=\"latency\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 3\n  and on(product, slo)\n  slo:sli_error:ratio_rate2h{slo=\"latency\"} / on(product, slo) group_left() slo:error_budget:ratio > 3\n)\nor on(product, slo)\n(\n  slo:sli_error:ratio_rate3d{slo=\"latency\"} / on(product, slo) group_left(team) slo:error_budget:ratio > 1\n  and on(product, slo)\n  slo:sli_error:ratio_rate6h{slo=\"latency\"} / on(product, slo) group_left() slo:error_budget:ratio > 1\n)\n)\nand on(product, slo) (slo:time_period:days == 30)",
            labels: {
              severity: "warning",
              kind: "slo",
            },
            annotations: {
              summary: "{{ $labels.product }} is burning its {{ $labels.slo }} error budget",
              description: "The {{ $labels.slo }} SLO of {{ $labels.product }} (objective {{ with printf \"slo:objective:ratio{product=%q,slo=%q}\" $labels.product $labels.slo | query }}{{ . | first | value | humanizePercentage }}{{ end }}) is burning its error budget {{ $value | printf \"%.1f\" }} times faster than the period allows; tickets at 3x over 1d and 2h, 1x over 3d and 6h (30d period).",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/LatencyBudgetBurn.md",
              dashboard_url: "http://localhost:3000/d/portfolio-slo?var-product={{ $labels.product }}",
            },
          },
        ],
      },
      {
        name: "portfolio-services-alerts",
        rules: [
          {
            alert: "ServiceErrorRateHigh",
            expr: "service:http_requests_5xx:ratio_rate5m\n> on(product) group_left()\nproduct:threshold_error:ratio",
            "for": $._config.alertFor.ServiceErrorRateHigh,
            labels: {
              severity: "critical",
              kind: "error_rate",
            },
            annotations: {
              summary: "{{ $labels.service }} of {{ $labels.product }} ({{ $labels.environment }}) error rate is above its threshold",
              description: "{{ $value | humanizePercentage }} of the service's requests failed with 5xx over 5m; threshold {{ with printf \"product:threshold_error:ratio{product=%q}\" $labels.product | query }}{{ . | first | value | humanizePercentage }}{{ end }}.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ServiceErrorRateHigh.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ServiceErrorRateHigh",
            expr: "service:http_requests_5xx:ratio_rate5m\n> on(product) group_left()\n(0.8 * product:threshold_error:ratio)",
            "for": $._config.alertFor.ServiceErrorRateHigh,
            labels: {
              severity: "warning",
              kind: "error_rate",
            },
            annotations: {
              summary: "{{ $labels.service }} of {{ $labels.product }} ({{ $labels.environment }}) error rate is approaching its threshold",
              description: "{{ $value | humanizePercentage }} of the service's requests failed with 5xx over 5m; threshold {{ with printf \"product:threshold_error:ratio{product=%q}\" $labels.product | query }}{{ . | first | value | humanizePercentage }}{{ end }}; warning at 80% of it.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ServiceErrorRateHigh.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ServiceLatencyHigh",
            expr: "service:http_request_duration_seconds:p95_5m\n> on(product) group_left()\nproduct:threshold_response_time:seconds",
            "for": $._config.alertFor.ServiceLatencyHigh,
            labels: {
              severity: "warning",
              kind: "latency",
            },
            annotations: {
              summary: "{{ $labels.service }} of {{ $labels.product }} ({{ $labels.environment }}) responds slowly",
              description: "p95 duration of the service's requests is {{ $value | humanizeDuration }}, above the threshold of {{ with printf \"product:threshold_response_time:seconds{product=%q}\" $labels.product | query }}{{ . | first | value | humanizeDuration }}{{ end }}.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ServiceLatencyHigh.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
          {
            alert: "ServiceTargetDown",
            expr: "up{job=~\"app-prometheus|app-opentelemetry\"} == 0",
            "for": $._config.alertFor.ServiceTargetDown,
            labels: {
              severity: "warning",
              kind: "availability",
            },
            annotations: {
              summary: "{{ $labels.service }} of {{ $labels.product }} ({{ $labels.environment }}) metrics cannot be scraped",
              description: "Prometheus has failed to scrape {{ $labels.instance }} for more than 5m: the instance is down or its metrics endpoint is.",
              runbook_url: "https://github.com/mmtu-entertainment/runbooks/blob/main/{{ $labels.product }}/ServiceTargetDown.md",
              dashboard_url: "http://localhost:3000/d/portfolio-product?var-product={{ $labels.product }}",
            },
          },
        ],
      },
    ],
  },
}
