// Generated from golden.yaml by `make generate`. Do not edit: edit golden.yaml.
{
  _config+:: {
    // Label selector of each scrape job, in every rule and dashboard query of its metrics.
    blackboxSelector: "job=\"blackbox\"",
    blackboxExporterSelector: "job=\"blackbox-exporter\"",
    prometheusSelector: "job=\"prometheus\"",
    alertmanagerSelector: "job=\"alertmanager\"",
    pushgatewaySelector: "job=\"pushgateway\"",
    githubExporterSelector: "job=\"github-exporter\"",
    cloudflareExporterSelector: "job=\"cloudflare-exporter\"",
    plausibleExporterSelector: "job=\"plausible-exporter\"",
    posthogExporterSelector: "job=\"posthog-exporter\"",
    // Each product's thresholds (portfolio.yaml products.<id>.thresholds), recorded as the
    // product:threshold_* series the alerts and dashboards compare with.
    thresholds: {
      api: {
        uptime: 0.999,
        errorRate: 0.01,
        responseTimeSeconds: 0.3,
      },
      site: {
        uptime: 0.995,
        errorRate: 0.01,
        responseTimeSeconds: 1.0,
      },
      tcp: {
        uptime: 0.98,
        errorRate: 0.01,
        responseTimeSeconds: 1.0,
      },
    },
    // How long each alert's condition must hold before it fires.
    alertFor: {
      ProductDown: "1m",
      EndpointDown: "5m",
      ProductUptimeLow: "5m",
      ProductLatencyHigh: "5m",
      TLSCertificateExpiring: "15m",
      ProductErrorRateHigh: "5m",
      CloudflareHealthCheckUnhealthy: "5m",
      ExporterDown: "10m",
      ExporterUpstreamFailing: "10m",
      StackComponentDown: "10m",
      ProbesMissing: "10m",
      PrometheusRuleFailures: "5m",
      AlertmanagerNotificationsFailing: "5m",
      RemoteWriteBehind: "10m",
      RemoteWriteFailing: "10m",
      ServiceErrorRateHigh: "5m",
      ServiceLatencyHigh: "5m",
      ServiceTargetDown: "5m",
    },
    // Auto-refresh interval of every dashboard.
    dashboardRefresh: "30s",
    // Time zone of every dashboard.
    dashboardTimezone: "browser",
  },
}
