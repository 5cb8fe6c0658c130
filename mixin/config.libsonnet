// Generated from portfolio.yaml by `make generate`. Do not edit: edit portfolio.yaml.
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
      driftguard: {
        uptime: 0.995,
        errorRate: 0.01,
        responseTimeSeconds: 1.0,
      },
      marketing: {
        uptime: 0.995,
        errorRate: 0.01,
        responseTimeSeconds: 0.8,
      },
      memeMixer: {
        uptime: 0.98,
        errorRate: 0.03,
        responseTimeSeconds: 1.5,
      },
      overlayStudio: {
        uptime: 0.98,
        errorRate: 0.025,
        responseTimeSeconds: 1.2,
      },
      reports: {
        uptime: 0.99,
        errorRate: 0.02,
        responseTimeSeconds: 2.0,
      },
    },
    // How long each alert's condition must hold before it fires.
    alertFor: {
      ProductDown: "2m",
      EndpointDown: "5m",
      ProductUptimeLow: "5m",
      ProductLatencyHigh: "10m",
      TLSCertificateExpiring: "15m",
      ProductErrorRateHigh: "5m",
      CloudflareHealthCheckUnhealthy: "5m",
      ExporterDown: "10m",
      ExporterUpstreamFailing: "10m",
      StackComponentDown: "10m",
      ProbesMissing: "10m",
      PrometheusRuleFailures: "5m",
      AlertmanagerNotificationsFailing: "5m",
      ServiceErrorRateHigh: "5m",
      ServiceLatencyHigh: "10m",
      ServiceTargetDown: "5m",
    },
    // Auto-refresh interval of every dashboard.
    dashboardRefresh: "30s",
    // Time zone of every dashboard.
    dashboardTimezone: "browser",
  },
}
