// Generated from golden.yaml by `make generate`. Do not edit: edit golden.yaml.
{
  grafanaDashboards+:: {
    "portfolio-overview.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "Health of every product at a glance, coloured by each product's own thresholds.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Health at a glance",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Whether every health probe of the product passes now (blackbox_exporter probe_success, environments selected above).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "DOWN",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "UP",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
              noValue: "none",
              links: [
                {
                  title: "Product detail: ${__field.labels.product}",
                  url: "/d/portfolio-product?${__url_time_range}&var-product=${__field.labels.product}",
                  targetBlank: false,
                },
              ],
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 24,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "min by (product) (probe_success{%(blackboxSelector)s,product=~\"$product\",team=~\"$team\",environment=~\"$environment\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Up",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "One row per product: probe status, uptime over the alerting window, share of the product's downtime budget, p95 latency and 5xx rate against the product's own thresholds (threshold series from portfolio.yaml), open alerts, DORA level and successful production deployments in the last 7 days. Orange from 80% of a threshold, red at it.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              custom: {
                align: "auto",
                displayMode: "auto",
                filterable: false,
                cellOptions: {
                  type: "auto",
                },
                inspect: false,
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
            },
            overrides: [
              {
                matcher: {
                  id: "byName",
                  options: "Product",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "links",
                    value: [
                      {
                        title: "Product detail: ${__field.labels.product}",
                        url: "/d/portfolio-product?${__url_time_range}&var-product=${__field.labels.product}",
                        targetBlank: false,
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Up",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "DOWN",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "UP",
                            color: "green",
                            index: 1,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Uptime (30m)",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "decimals",
                    value: 3,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Downtime budget used",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "orange",
                          value: 0.8,
                        },
                        {
                          color: "red",
                          value: 1.0,
                        },
                      ],
                    },
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "p95 latency",
                },
                properties: [
                  {
                    id: "unit",
                    value: "s",
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "p95 / threshold",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "orange",
                          value: 0.8,
                        },
                        {
                          color: "red",
                          value: 1.0,
                        },
                      ],
                    },
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Open alerts",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "red",
                          value: 1,
                        },
                      ],
                    },
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "5xx rate",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "decimals",
                    value: 2,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "5xx / threshold",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "orange",
                          value: 0.8,
                        },
                        {
                          color: "red",
                          value: 1.0,
                        },
                      ],
                    },
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Health checks",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "DOWN",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "UP",
                            color: "green",
                            index: 1,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "DORA level",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "Low",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "Medium",
                            color: "orange",
                            index: 1,
                          },
                          "2": {
                            text: "High",
                            color: "yellow",
                            index: 2,
                          },
                          "3": {
                            text: "Elite",
                            color: "green",
                            index: 3,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Deploys (7d)",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "decimals",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 9,
            w: 24,
            x: 0,
            y: 5,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "min by (product) (probe_success{%(blackboxSelector)s,product=~\"$product\",team=~\"$team\",environment=~\"$environment\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "min by (product) (product_environment:probe_success:avg30m{product=~\"$product\",environment=~\"$environment\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (\n(1 - product_environment:probe_success:avg30m{product=~\"$product\",environment=~\"$environment\"})\n/ on(product) group_left()\n(1 - product:threshold_uptime:ratio)\n)",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (product_environment:probe_duration_seconds:p95_5m{product=~\"$product\",environment=~\"$environment\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "D",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (product_environment:probe_duration_seconds:p95_5m{product=~\"$product\",environment=~\"$environment\"})\n/ on(product)\nproduct:threshold_response_time:seconds{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "E",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "count by (product) (ALERTS{alertstate=\"firing\",product=~\"$product\"})\nor on(product) (0 * product:portfolio_product:info{product=~\"$product\",team=~\"$team\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "F",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:cloudflare_requests_5xx:ratio_rate5m{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "G",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:cloudflare_requests_5xx:ratio_rate5m{product=~\"$product\"}\n/ on(product)\nproduct:threshold_error:ratio{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "H",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "min by (product) (cloudflare_healthcheck_healthy{%(cloudflareExporterSelector)s,product=~\"$product\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "I",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:dora:level{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "J",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "sum_over_time(product:github_deployments_success:increase1h{product=~\"$product\"}[7d:1h])",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "K",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Products",
          transparent: false,
          transformations: [
            {
              id: "merge",
              options: {},
            },
            {
              id: "organize",
              options: {
                excludeByName: {
                  Time: true,
                },
                renameByName: {
                  product: "Product",
                  "Value #A": "Up",
                  "Value #B": "Uptime (30m)",
                  "Value #C": "Downtime budget used",
                  "Value #D": "p95 latency",
                  "Value #E": "p95 / threshold",
                  "Value #F": "Open alerts",
                  "Value #G": "5xx rate",
                  "Value #H": "5xx / threshold",
                  "Value #I": "Health checks",
                  "Value #J": "DORA level",
                  "Value #K": "Deploys (7d)",
                },
                indexByName: {
                  product: 0,
                  "Value #A": 1,
                  "Value #B": 2,
                  "Value #C": 3,
                  "Value #D": 4,
                  "Value #E": 5,
                  "Value #F": 6,
                  "Value #G": 7,
                  "Value #H": 8,
                  "Value #I": 9,
                  "Value #J": 10,
                  "Value #K": 11,
                },
              },
            },
          ],
          options: {
            showHeader: true,
            sortBy: [
              {
                displayName: "Product",
                desc: false,
              },
            ],
            cellHeight: "sm",
            frameIndex: 0,
            footer: {
              show: false,
              reducer: [
                "sum",
              ],
              countRows: false,
            },
          },
          type: "table",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 14,
          },
          id: 4,
          title: "Against thresholds",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of successful probes over the alerting window per product and environment (recorded from blackbox probes); dashed: each product's uptime threshold.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              max: 1,
              unit: "percentunit",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 15,
          },
          hideTimeOverride: false,
          id: 5,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product_environment:probe_success:avg30m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} {{environment}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_uptime:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold {{product}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Uptime (30m) vs threshold",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "95th percentile probe duration over 5 minutes per product (recorded from blackbox probes); dashed: each product's response-time threshold.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 15,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (product_environment:probe_duration_seconds:p95_5m{product=~\"$product\",environment=~\"$environment\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_response_time:seconds{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold {{product}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "p95 latency vs threshold",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of Cloudflare edge responses with a 5xx status over 5 minutes per product (cloudflare exporter, recorded); dashed: each product's error threshold.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 23,
          },
          hideTimeOverride: false,
          id: 7,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:cloudflare_requests_5xx:ratio_rate5m{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_error:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold {{product}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "5xx error rate vs threshold",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of requests the products' own services answered with 5xx over 5 minutes, the worst environment per product (recorded from the services' metrics); dashed: each product's error threshold.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 23,
          },
          hideTimeOverride: false,
          id: 8,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (product_environment:service_http_requests_5xx:ratio_rate5m{product=~\"$product\",environment=~\"$environment\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_error:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold {{product}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "App-side 5xx ratio vs threshold",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Firing alerts per product and severity (Prometheus ALERTS series). Details on the SLOs and alerts dashboard.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 1,
                  },
                  {
                    color: "red",
                    value: 3,
                  },
                ],
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
              links: [
                {
                  title: "Alerts of ${__field.labels.product}",
                  url: "/d/portfolio-slo?${__url_time_range}&var-product=${__field.labels.product}",
                  targetBlank: false,
                },
              ],
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 31,
          },
          hideTimeOverride: false,
          id: 9,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "count by (product, severity) (ALERTS{alertstate=\"firing\",product=~\"$product\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} {{severity}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Open alerts",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 39,
          },
          id: 10,
          title: "Delivery",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Overall DORA level per product: the worst of its four keys, each compared with the level bounds in portfolio.yaml (recorded from the GitHub exporter).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 1,
                  },
                  {
                    color: "yellow",
                    value: 2,
                  },
                  {
                    color: "green",
                    value: 3,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "Low",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "Medium",
                      color: "orange",
                      index: 1,
                    },
                    "2": {
                      text: "High",
                      color: "yellow",
                      index: 2,
                    },
                    "3": {
                      text: "Elite",
                      color: "green",
                      index: 3,
                    },
                  },
                },
              ],
              unit: "none",
              noValue: "none",
              links: [
                {
                  title: "DORA",
                  url: "/d/portfolio-dora?${__url_time_range}&var-product=${__field.labels.product}",
                  targetBlank: false,
                },
              ],
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 12,
            x: 0,
            y: 40,
          },
          hideTimeOverride: false,
          id: 11,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:dora:level{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "DORA performance level",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Successful production deployments per product in the last 7 days (GitHub deployments, summed from an hourly recording).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
              links: [
                {
                  title: "Product detail: ${__field.labels.product}",
                  url: "/d/portfolio-product?${__url_time_range}&var-product=${__field.labels.product}",
                  targetBlank: false,
                },
              ],
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 12,
            x: 12,
            y: 40,
          },
          hideTimeOverride: false,
          id: 12,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum_over_time(product:github_deployments_success:increase1h{product=~\"$product\"}[7d:1h])",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Deployments this week",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "generated",
        "overview",
        "portfolio",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Team",
            multi: true,
            name: "team",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info, team)",
              refId: "team-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info, team)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Product",
            multi: true,
            name: "product",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
              refId: "product-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
          },
          {
            current: {
              selected: true,
              text: "production",
              value: "production",
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: false,
            label: "Environment",
            multi: true,
            name: "environment",
            options: [],
            query: {
              query: "label_values(probe_success{%(blackboxSelector)s}, environment)" % $._config,
              refId: "environment-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(probe_success{%(blackboxSelector)s}, environment)" % $._config,
          },
        ],
      },
      time: {
        from: "now-6h",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / Portfolio overview",
      uid: "portfolio-overview",
      version: 1,
      weekStart: "",
    },
    "portfolio-product.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
          {
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            enable: true,
            expr: "sum by (environment) (increase(github_deployments_total{%(githubExporterSelector)s,product=~\"$product\",status=\"success\"}[2m])) > 0" % $._config,
            iconColor: "blue",
            name: "Deployments",
            step: "2m",
            titleFormat: "Deployed to {{environment}}",
            textFormat: "Successful deployment of $product",
            tagKeys: "environment",
            useValueForTime: false,
          },
        ],
      },
      description: "One product in depth: availability, latency, errors, endpoints, TLS, deployments and alerts. Pick the product above.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
        {
          asDropdown: false,
          icon: "bolt",
          includeVars: true,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Alerts and SLOs of this product",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-slo",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Availability",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Whether every health probe of the environment passes now (blackbox_exporter probe_success).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "DOWN",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "UP",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "min by (environment) (probe_success{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Up",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of successful probes over the alerting window (recorded from blackbox probes).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              decimals: 3,
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 6,
            y: 1,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product_environment:probe_success:avg30m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Uptime (30m)",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "none",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Failed-probe share over the alerting window divided by what the product's uptime threshold allows (1 - threshold, from portfolio.yaml). Red at 100%.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "red",
                    value: 1.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 12,
            y: 1,
          },
          hideTimeOverride: false,
          id: 4,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "(1 - product_environment:probe_success:avg30m{product=~\"$product\",environment=~\"$environment\"})\n/ on(product) group_left()\n(1 - product:threshold_uptime:ratio{product=~\"$product\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Downtime budget used",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Days until the earliest certificate of the environment's endpoints expires (blackbox). Orange below 21 days, red below 7 (alerting.tls_expiry).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 7.0,
                  },
                  {
                    color: "green",
                    value: 21.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              decimals: 1,
              mappings: [],
              unit: "d",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 18,
            y: 1,
          },
          hideTimeOverride: false,
          id: 5,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product_environment:probe_ssl_earliest_cert_expiry:days_left{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "TLS certificate expiry",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of successful probes over 5 minutes per environment (recorded); dashed: the product's uptime threshold.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              max: 1,
              unit: "percentunit",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 5,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product_environment:probe_success:avg5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_uptime:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Availability vs threshold",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Result of every health probe over time, one row per environment and endpoint (blackbox_exporter probe_success).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              custom: {
                lineWidth: 0,
                fillOpacity: 70,
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "DOWN",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "UP",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 5,
          },
          hideTimeOverride: false,
          id: 7,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "probe_success{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{endpoint}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Probes per endpoint",
          transparent: false,
          transformations: [],
          options: {
            mergeValues: true,
            showValue: "auto",
            alignValue: "left",
            rowHeight: 0.9,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: true,
              calcs: [],
            },
            tooltip: {
              mode: "single",
              sort: "none",
            },
          },
          type: "state-timeline",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Whether each of the zone's Cloudflare health checks reports healthy (cloudflare exporter; suspended and unknown show as down, their status and failure reason are cloudflare_healthcheck_status and cloudflare_healthcheck_failure).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              custom: {
                lineWidth: 0,
                fillOpacity: 70,
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "DOWN",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "UP",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 6,
            w: 24,
            x: 0,
            y: 13,
          },
          hideTimeOverride: false,
          id: 8,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "cloudflare_healthcheck_healthy{%(cloudflareExporterSelector)s,product=~\"$product\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{healthcheck}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Cloudflare health checks",
          transparent: false,
          transformations: [],
          options: {
            mergeValues: true,
            showValue: "auto",
            alignValue: "left",
            rowHeight: 0.9,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: true,
              calcs: [],
            },
            tooltip: {
              mode: "single",
              sort: "none",
            },
          },
          type: "state-timeline",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 19,
          },
          id: 9,
          title: "Latency",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Percentiles of the health probes' duration per environment (blackbox) and, where Cloudflare fronts the product, Cloudflare's own percentiles of the edge time to first byte and of the origin's response time over the last settled window (cloudflare exporter); dashed: the product's response-time threshold.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 20,
          },
          hideTimeOverride: false,
          id: 10,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (environment) (quantile_over_time(0.5, probe_duration_seconds{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "probe p50 {{environment}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max by (environment) (quantile_over_time(0.95, probe_duration_seconds{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "probe p95 {{environment}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max by (environment) (quantile_over_time(0.99, probe_duration_seconds{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "probe p99 {{environment}}",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "cloudflare_edge_ttfb_seconds{%(cloudflareExporterSelector)s,product=~\"$product\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "edge TTFB p{{quantile}}",
              refId: "D",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "cloudflare_origin_response_duration_seconds{%(cloudflareExporterSelector)s,product=~\"$product\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "origin p{{quantile}}",
              refId: "E",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_response_time:seconds{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold",
              refId: "F",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Response time p50 / p95 / p99",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "p95 probe duration over 5 minutes (recorded) as a share of the product's response-time threshold. Red at 100%.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "red",
                    value: 1.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 4,
            x: 12,
            y: 20,
          },
          hideTimeOverride: false,
          id: 11,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product_environment:probe_duration_seconds:p95_5m{product=~\"$product\",environment=~\"$environment\"}\n/ on(product) group_left()\nproduct:threshold_response_time:seconds{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "p95 latency / threshold",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Time spent in each HTTP phase of the probes (DNS, connect, TLS, processing, transfer), summed over the environment's endpoints (blackbox).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "normal",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 16,
            y: 20,
          },
          hideTimeOverride: false,
          id: 12,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (environment, phase) (probe_http_duration_seconds{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{phase}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Probe phases",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 28,
          },
          id: 13,
          title: "Traffic and errors",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Requests served by Cloudflare per second, by edge status class (cloudflare exporter).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "normal",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "reqps",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 10,
            x: 0,
            y: 29,
          },
          hideTimeOverride: false,
          id: 14,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (status_class) (rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,product=~\"$product\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{status_class}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Requests by status class",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of requests answered with 4xx and with 5xx (cloudflare exporter); dashed: the product's error-rate threshold (it applies to 5xx).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 10,
            x: 10,
            y: 29,
          },
          hideTimeOverride: false,
          id: 15,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum(rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,product=~\"$product\",status_class=\"4xx\"}[$__rate_interval]))\n/ sum(rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,product=~\"$product\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "4xx",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum(rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,product=~\"$product\",status_class=\"5xx\"}[$__rate_interval]))\n/ sum(rate(cloudflare_requests_total{%(cloudflareExporterSelector)s,product=~\"$product\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "5xx",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_error:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "4xx / 5xx rate",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "5xx share over 5 minutes (recorded) as a share of the product's error-rate threshold. Red at 100%.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "red",
                    value: 1.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 4,
            x: 20,
            y: 29,
          },
          hideTimeOverride: false,
          id: 16,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:cloudflare_requests_5xx:ratio_rate5m{product=~\"$product\"}\n/ on(product)\nproduct:threshold_error:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "5xx / threshold",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "5xx rate / threshold",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 37,
          },
          id: 17,
          title: "Services",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Requests per second each service handled, over 5 minutes (recorded from the services' own metrics: http_requests_total or OpenTelemetry's http_server_request_duration_seconds_count).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "reqps",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 0,
            y: 38,
          },
          hideTimeOverride: false,
          id: 18,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service:http_requests:rate5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{service}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Requests",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of each service's requests answered with a 5xx status over 5 minutes (recorded); dashed: the product's error-rate threshold, which the ServiceErrorRateHigh alerts compare it with.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 8,
            y: 38,
          },
          hideTimeOverride: false,
          id: 19,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service:http_requests_5xx:ratio_rate5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{service}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_error:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "5xx ratio vs threshold",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Percentiles of the services' request duration over 5 minutes, from their histograms' buckets (recorded); dashed: the product's response-time threshold, which ServiceLatencyHigh compares p95 with.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [
              {
                matcher: {
                  id: "byRegexp",
                  options: "^threshold.*",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                  {
                    id: "custom.lineStyle",
                    value: {
                      fill: "dash",
                      dash: [
                        10,
                        10,
                      ],
                    },
                  },
                  {
                    id: "custom.fillOpacity",
                    value: 0,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 16,
            y: 38,
          },
          hideTimeOverride: false,
          id: 20,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service:http_request_duration_seconds:p50_5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p50 {{environment}} {{service}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "service:http_request_duration_seconds:p95_5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p95 {{environment}} {{service}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "service:http_request_duration_seconds:p99_5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p99 {{environment}} {{service}}",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "product:threshold_response_time:seconds{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "threshold",
              refId: "D",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Request duration p50 / p95 / p99",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Each service's 5xx share over 5 minutes (recorded) as a share of the product's error-rate threshold. Red at 100%.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "red",
                    value: 1.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 12,
            x: 0,
            y: 46,
          },
          hideTimeOverride: false,
          id: 21,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service:http_requests_5xx:ratio_rate5m{product=~\"$product\",environment=~\"$environment\"}\n/ on(product) group_left()\nproduct:threshold_error:ratio{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{service}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "5xx ratio / threshold",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Each service's p95 request duration over 5 minutes (recorded) as a share of the product's response-time threshold. Red at 100%.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "red",
                    value: 1.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 12,
            x: 12,
            y: 46,
          },
          hideTimeOverride: false,
          id: 22,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service:http_request_duration_seconds:p95_5m{product=~\"$product\",environment=~\"$environment\"}\n/ on(product) group_left()\nproduct:threshold_response_time:seconds{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{service}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "p95 duration / threshold",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of CPU time the services' hosts spent outside idle over 5 minutes, averaged over their CPUs (node_exporter, recorded).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              min: 0,
              max: 1,
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 50,
          },
          hideTimeOverride: false,
          id: 23,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service_instance:node_cpu_busy:ratio_rate5m{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{service}} {{instance}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Host CPU busy",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of the hosts' memory not available to new processes (1 - MemAvailable / MemTotal, node_exporter, recorded).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              min: 0,
              max: 1,
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 50,
          },
          hideTimeOverride: false,
          id: 24,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "service_instance:node_memory_used:ratio{product=~\"$product\",environment=~\"$environment\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{service}} {{instance}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Host memory used",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 58,
          },
          id: 25,
          title: "Endpoints",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Latest probe of every health endpoint: result, duration, HTTP status and days until its certificate expires (blackbox_exporter).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              custom: {
                align: "auto",
                displayMode: "auto",
                filterable: false,
                cellOptions: {
                  type: "auto",
                },
                inspect: false,
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
            },
            overrides: [
              {
                matcher: {
                  id: "byName",
                  options: "Up",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "DOWN",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "UP",
                            color: "green",
                            index: 1,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Duration",
                },
                properties: [
                  {
                    id: "unit",
                    value: "s",
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "HTTP status",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Certificate expires in",
                },
                properties: [
                  {
                    id: "unit",
                    value: "d",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-text",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "red",
                          value: null,
                        },
                        {
                          color: "orange",
                          value: 7.0,
                        },
                        {
                          color: "green",
                          value: 21.0,
                        },
                      ],
                    },
                  },
                  {
                    id: "decimals",
                    value: 1,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 6,
            w: 24,
            x: 0,
            y: 59,
          },
          hideTimeOverride: false,
          id: 26,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (environment, endpoint, instance) (probe_success{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (environment, endpoint, instance) (probe_duration_seconds{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (environment, endpoint, instance) (probe_http_status_code{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (environment, endpoint, instance) ((probe_ssl_earliest_cert_expiry{%(blackboxSelector)s,product=~\"$product\",environment=~\"$environment\"} - time()) / 86400)" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "D",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Probes per endpoint",
          transparent: false,
          transformations: [
            {
              id: "merge",
              options: {},
            },
            {
              id: "organize",
              options: {
                excludeByName: {
                  Time: true,
                },
                renameByName: {
                  environment: "Environment",
                  endpoint: "Endpoint",
                  instance: "URL",
                  "Value #A": "Up",
                  "Value #B": "Duration",
                  "Value #C": "HTTP status",
                  "Value #D": "Certificate expires in",
                },
                indexByName: {
                  environment: 0,
                  endpoint: 1,
                  instance: 2,
                  "Value #A": 3,
                  "Value #B": 4,
                  "Value #C": 5,
                  "Value #D": 6,
                },
              },
            },
          ],
          options: {
            showHeader: true,
            sortBy: [
              {
                displayName: "Environment",
                desc: false,
              },
            ],
            cellHeight: "sm",
            frameIndex: 0,
            footer: {
              show: false,
              reducer: [
                "sum",
              ],
              countRows: false,
            },
          },
          type: "table",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 65,
          },
          id: 27,
          title: "Changes and alerts",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Deployments that reached a final status, per environment and status (GitHub exporter), counted per interval.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "bars",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 80,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "normal",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 66,
          },
          hideTimeOverride: false,
          id: 28,
          interval: "5m",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (environment, status) (increase(github_deployments_total{%(githubExporterSelector)s,product=~\"$product\"}[$__interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{environment}} {{status}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Deployments",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Alerts of this product firing now, with severity and kind (Prometheus ALERTS series; rules generated from portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              custom: {
                align: "auto",
                displayMode: "auto",
                filterable: false,
                cellOptions: {
                  type: "auto",
                },
                inspect: false,
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 66,
          },
          hideTimeOverride: false,
          id: 29,
          links: [
            {
              title: "All alerts of this product",
              url: "/d/portfolio-slo?${__url_time_range}&var-product=$product",
              targetBlank: false,
            },
          ],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (alertname, severity, kind, environment, endpoint) (ALERTS{alertstate=\"firing\",product=~\"$product\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Firing alerts",
          transparent: false,
          transformations: [
            {
              id: "merge",
              options: {},
            },
            {
              id: "organize",
              options: {
                excludeByName: {
                  Time: true,
                  Value: true,
                },
                renameByName: {
                  alertname: "Alert",
                  severity: "Severity",
                  kind: "Kind",
                  environment: "Environment",
                  endpoint: "Endpoint",
                },
                indexByName: {
                  alertname: 0,
                  severity: 1,
                  kind: 2,
                  environment: 3,
                  endpoint: 4,
                },
              },
            },
          ],
          options: {
            showHeader: true,
            sortBy: [
              {
                displayName: "Severity",
                desc: false,
              },
            ],
            cellHeight: "sm",
            frameIndex: 0,
            footer: {
              show: false,
              reducer: [
                "sum",
              ],
              countRows: false,
            },
          },
          type: "table",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "generated",
        "portfolio",
        "product",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: false,
            label: "Product",
            multi: false,
            name: "product",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info, product)",
              refId: "product-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info, product)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Environment",
            multi: true,
            name: "environment",
            options: [],
            query: {
              query: "label_values(probe_success{%(blackboxSelector)s,product=~\"$product\"}, environment)" % $._config,
              refId: "environment-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(probe_success{%(blackboxSelector)s,product=~\"$product\"}, environment)" % $._config,
          },
        ],
      },
      time: {
        from: "now-6h",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / Product detail",
      uid: "portfolio-product",
      version: 1,
      weekStart: "",
    },
    "portfolio-dora.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "The five DORA metrics per product and portfolio-wide, with performance levels from the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Portfolio",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "How many products reach each overall DORA level (the worst of their four keys, against the benchmark 2023-levels (dora.benchmark in portfolio.yaml); recorded from the GitHub exporter).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 8,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "count((product:dora:level{product=~\"$product\"}) == 0) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Low",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "count((product:dora:level{product=~\"$product\"}) == 1) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Medium",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "count((product:dora:level{product=~\"$product\"}) == 2) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "High",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "count((product:dora:level{product=~\"$product\"}) == 3) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Elite",
              refId: "D",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Products per DORA level",
          transparent: false,
          transformations: [],
          options: {
            textMode: "value_and_name",
            colorMode: "value",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Deployment frequency (deployments per day) across the selected products: summed over products (GitHub exporter, 30-day window). Coloured by the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 8,
            y: 1,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum(max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Deployment frequency",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Portfolio deployment frequency",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Lead time for changes (median, first commit to production) across the selected products: averaged over products (GitHub exporter, 30-day window). Coloured by the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 86400.0,
                  },
                  {
                    color: "orange",
                    value: 604800.0,
                  },
                  {
                    color: "red",
                    value: 2592000.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "s",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 12,
            y: 1,
          },
          hideTimeOverride: false,
          id: 4,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "avg(max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Lead time for changes",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Portfolio lead time for changes",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Change failure rate (share of deployments causing a failure) across the selected products: averaged over products (GitHub exporter, 30-day window). Coloured by the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 0.05,
                  },
                  {
                    color: "orange",
                    value: 0.1,
                  },
                  {
                    color: "red",
                    value: 0.15,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 16,
            y: 1,
          },
          hideTimeOverride: false,
          id: 5,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "avg(max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Change failure rate",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Portfolio change failure rate",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Averaged over the selected products. Suspected change failure rate (recorded from the monitoring, no incident issue needed): the share of production deployments over the last 30d followed within 1h (dora.suspected_failure_window) by the start of the product's ProductDown, its availability burn-rate page or its 5xx ratio above its threshold; a failure that started before the deployment (more than the 5m the GitHub exporter may take to see it) never counts, and a deployment counts once however many failures follow it. Deployments are those Prometheus saw (the GitHub deployment counter, every final status). Beside it, the ticket-based change failure rate of the exporter (failed status, rollback, or an incident issue attributed to the deployment) over the exporter's window.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 0.05,
                  },
                  {
                    color: "orange",
                    value: 0.1,
                  },
                  {
                    color: "red",
                    value: 0.15,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 20,
            y: 1,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "avg(product:dora_suspected_change_failure:ratio30d{product=~\"$product\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Suspected",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Portfolio suspected change failure rate",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Failed deployment recovery time (median per failure episode, first failure signal to last recovery) across the selected products: averaged over products (GitHub exporter, 30-day window). Coloured by the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 3600.0,
                  },
                  {
                    color: "orange",
                    value: 86400.0,
                  },
                  {
                    color: "red",
                    value: 604800.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "s",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 0,
            y: 6,
          },
          hideTimeOverride: false,
          id: 7,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "avg(max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Failed deployment recovery time",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Portfolio failed deployment recovery time",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Deployment rework rate (share of deployments that were unplanned, made because of an incident) averaged over the selected products (GitHub exporter, 30-day window): rollbacks, deployments made while an incident was open, and fixes forward soon after a failed deployment. DORA publishes no bounds for it.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 4,
            y: 6,
          },
          hideTimeOverride: false,
          id: 8,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "avg(max by (product) (github_dora_deployment_rework_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "Deployment rework rate",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Portfolio deployment rework rate",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 11,
          },
          id: 9,
          title: "Per product",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Each product's four keys over the exporter's 30-day window with their levels (benchmark 2023-levels (dora.benchmark in portfolio.yaml)), the overall level (the worst), and deployment rework rate.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              custom: {
                align: "auto",
                displayMode: "auto",
                filterable: false,
                cellOptions: {
                  type: "auto",
                },
                inspect: false,
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
            },
            overrides: [
              {
                matcher: {
                  id: "byName",
                  options: "Product",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "links",
                    value: [
                      {
                        title: "Product detail: ${__field.labels.product}",
                        url: "/d/portfolio-product?${__url_time_range}&var-product=${__field.labels.product}",
                        targetBlank: false,
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Level",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "Low",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "Medium",
                            color: "orange",
                            index: 1,
                          },
                          "2": {
                            text: "High",
                            color: "yellow",
                            index: 2,
                          },
                          "3": {
                            text: "Elite",
                            color: "green",
                            index: 3,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Deployment frequency",
                },
                properties: [
                  {
                    id: "unit",
                    value: "short",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-text",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "red",
                          value: null,
                        },
                        {
                          color: "orange",
                          value: 0.03333333333333333,
                        },
                        {
                          color: "yellow",
                          value: 0.14285714285714285,
                        },
                        {
                          color: "green",
                          value: 1.0,
                        },
                      ],
                    },
                  },
                  {
                    id: "decimals",
                    value: 2,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Deployment frequency level",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "Low",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "Medium",
                            color: "orange",
                            index: 1,
                          },
                          "2": {
                            text: "High",
                            color: "yellow",
                            index: 2,
                          },
                          "3": {
                            text: "Elite",
                            color: "green",
                            index: 3,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Lead time for changes",
                },
                properties: [
                  {
                    id: "unit",
                    value: "s",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-text",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "yellow",
                          value: 86400.0,
                        },
                        {
                          color: "orange",
                          value: 604800.0,
                        },
                        {
                          color: "red",
                          value: 2592000.0,
                        },
                      ],
                    },
                  },
                  {
                    id: "decimals",
                    value: 2,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Lead time for changes level",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "Low",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "Medium",
                            color: "orange",
                            index: 1,
                          },
                          "2": {
                            text: "High",
                            color: "yellow",
                            index: 2,
                          },
                          "3": {
                            text: "Elite",
                            color: "green",
                            index: 3,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Change failure rate",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-text",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "yellow",
                          value: 0.05,
                        },
                        {
                          color: "orange",
                          value: 0.1,
                        },
                        {
                          color: "red",
                          value: 0.15,
                        },
                      ],
                    },
                  },
                  {
                    id: "decimals",
                    value: 2,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Change failure rate level",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "Low",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "Medium",
                            color: "orange",
                            index: 1,
                          },
                          "2": {
                            text: "High",
                            color: "yellow",
                            index: 2,
                          },
                          "3": {
                            text: "Elite",
                            color: "green",
                            index: 3,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Failed deployment recovery time",
                },
                properties: [
                  {
                    id: "unit",
                    value: "s",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-text",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "green",
                          value: null,
                        },
                        {
                          color: "yellow",
                          value: 3600.0,
                        },
                        {
                          color: "orange",
                          value: 86400.0,
                        },
                        {
                          color: "red",
                          value: 604800.0,
                        },
                      ],
                    },
                  },
                  {
                    id: "decimals",
                    value: 2,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Failed deployment recovery time level",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "mappings",
                    value: [
                      {
                        type: "value",
                        options: {
                          "0": {
                            text: "Low",
                            color: "red",
                            index: 0,
                          },
                          "1": {
                            text: "Medium",
                            color: "orange",
                            index: 1,
                          },
                          "2": {
                            text: "High",
                            color: "yellow",
                            index: 2,
                          },
                          "3": {
                            text: "Elite",
                            color: "green",
                            index: 3,
                          },
                        },
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Deployment rework rate",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "decimals",
                    value: 2,
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 9,
            w: 24,
            x: 0,
            y: 12,
          },
          hideTimeOverride: false,
          id: 10,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:dora:level{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:dora_deployment_frequency:level{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "D",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:dora_lead_time:level{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "E",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "F",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:dora_change_failure:level{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "G",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "H",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:dora_failed_deployment_recovery:level{product=~\"$product\"}",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "I",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_deployment_rework_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "J",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "The five metrics per product",
          transparent: false,
          transformations: [
            {
              id: "merge",
              options: {},
            },
            {
              id: "organize",
              options: {
                excludeByName: {
                  Time: true,
                },
                renameByName: {
                  product: "Product",
                  "Value #A": "Level",
                  "Value #B": "Deployment frequency",
                  "Value #C": "Deployment frequency level",
                  "Value #D": "Lead time for changes",
                  "Value #E": "Lead time for changes level",
                  "Value #F": "Change failure rate",
                  "Value #G": "Change failure rate level",
                  "Value #H": "Failed deployment recovery time",
                  "Value #I": "Failed deployment recovery time level",
                  "Value #J": "Deployment rework rate",
                },
                indexByName: {
                  product: 0,
                  "Value #A": 1,
                  "Value #B": 2,
                  "Value #C": 3,
                  "Value #D": 4,
                  "Value #E": 5,
                  "Value #F": 6,
                  "Value #G": 7,
                  "Value #H": 8,
                  "Value #I": 9,
                  "Value #J": 10,
                },
              },
            },
          ],
          options: {
            showHeader: true,
            sortBy: [
              {
                displayName: "Product",
                desc: false,
              },
            ],
            cellHeight: "sm",
            frameIndex: 0,
            footer: {
              show: false,
              reducer: [
                "sum",
              ],
              countRows: false,
            },
          },
          type: "table",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Each product's overall DORA level over time (recorded).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 1,
                  },
                  {
                    color: "yellow",
                    value: 2,
                  },
                  {
                    color: "green",
                    value: 3,
                  },
                ],
              },
              custom: {
                lineWidth: 0,
                fillOpacity: 70,
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "Low",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "Medium",
                      color: "orange",
                      index: 1,
                    },
                    "2": {
                      text: "High",
                      color: "yellow",
                      index: 2,
                    },
                    "3": {
                      text: "Elite",
                      color: "green",
                      index: 3,
                    },
                  },
                },
              ],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 7,
            w: 24,
            x: 0,
            y: 21,
          },
          hideTimeOverride: false,
          id: 11,
          interval: "1h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:dora:level{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Overall level over time",
          transparent: false,
          transformations: [],
          options: {
            mergeValues: true,
            showValue: "auto",
            alignValue: "left",
            rowHeight: 0.9,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: true,
              calcs: [],
            },
            tooltip: {
              mode: "single",
              sort: "none",
            },
          },
          type: "state-timeline",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 28,
          },
          id: 12,
          title: "Trends",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Deployment frequency (deployments per day) per product over time (GitHub exporter, 30-day window); threshold lines are the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.03333333333333333,
                  },
                  {
                    color: "yellow",
                    value: 0.14285714285714285,
                  },
                  {
                    color: "green",
                    value: 1.0,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "short",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 29,
          },
          hideTimeOverride: false,
          id: 13,
          interval: "1h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_deployment_frequency_per_day{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Deployment frequency trend",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Lead time for changes (median, first commit to production) per product over time (GitHub exporter, 30-day window); threshold lines are the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 86400.0,
                  },
                  {
                    color: "orange",
                    value: 604800.0,
                  },
                  {
                    color: "red",
                    value: 2592000.0,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 29,
          },
          hideTimeOverride: false,
          id: 14,
          interval: "1h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Lead time for changes trend",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Change failure rate (share of deployments causing a failure) per product over time (GitHub exporter, 30-day window); threshold lines are the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 0.05,
                  },
                  {
                    color: "orange",
                    value: 0.1,
                  },
                  {
                    color: "red",
                    value: 0.15,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 37,
          },
          hideTimeOverride: false,
          id: 15,
          interval: "1h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Change failure rate trend",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Failed deployment recovery time (median per failure episode, first failure signal to last recovery) per product over time (GitHub exporter, 30-day window); threshold lines are the level bounds of the benchmark 2023-levels (dora.benchmark in portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 3600.0,
                  },
                  {
                    color: "orange",
                    value: 86400.0,
                  },
                  {
                    color: "red",
                    value: 604800.0,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 37,
          },
          hideTimeOverride: false,
          id: 16,
          interval: "1h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_failed_deployment_recovery_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Failed deployment recovery time trend",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Deployment rework rate (share of deployments that were unplanned, made because of an incident) and change failure rate per product over time (GitHub exporter, 30-day window): failures that needed a deployment to fix, and failures.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 45,
          },
          hideTimeOverride: false,
          id: 17,
          interval: "2h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_deployment_rework_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} rework",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} change failure",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Deployment rework rate beside change failure rate",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Suspected change failure rate (recorded from the monitoring, no incident issue needed): the share of production deployments over the last 30d followed within 1h (dora.suspected_failure_window) by the start of the product's ProductDown, its availability burn-rate page or its 5xx ratio above its threshold; a failure that started before the deployment (more than the 5m the GitHub exporter may take to see it) never counts, and a deployment counts once however many failures follow it. Deployments are those Prometheus saw (the GitHub deployment counter, every final status). Beside it, the ticket-based change failure rate of the exporter (failed status, rollback, or an incident issue attributed to the deployment) over the exporter's window.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 0.05,
                  },
                  {
                    color: "orange",
                    value: 0.1,
                  },
                  {
                    color: "red",
                    value: 0.15,
                  },
                ],
              },
              unit: "percentunit",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 12,
            y: 45,
          },
          hideTimeOverride: false,
          id: 18,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} change failure (tickets)",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "product:dora_suspected_change_failure:ratio30d{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} suspected (monitoring)",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Change failure rate: tickets and monitoring",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Suspected change failure rate (recorded from the monitoring, no incident issue needed): the share of production deployments over the last 30d followed within 1h (dora.suspected_failure_window) by the start of the product's ProductDown, its availability burn-rate page or its 5xx ratio above its threshold; a failure that started before the deployment (more than the 5m the GitHub exporter may take to see it) never counts, and a deployment counts once however many failures follow it. Deployments are those Prometheus saw (the GitHub deployment counter, every final status). Beside it, the ticket-based change failure rate of the exporter (failed status, rollback, or an incident issue attributed to the deployment) over the exporter's window.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 0.05,
                  },
                  {
                    color: "orange",
                    value: 0.1,
                  },
                  {
                    color: "red",
                    value: 0.15,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 16,
            x: 0,
            y: 53,
          },
          hideTimeOverride: false,
          id: 19,
          interval: "2h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:dora_suspected_change_failure:ratio30d{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} suspected",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_change_failure_ratio{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} change failure",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Suspected change failure rate beside change failure rate",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Successful production deployments per product and day (recorded from the GitHub deployment counter, hourly counts summed over the day).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "short",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 61,
          },
          hideTimeOverride: false,
          id: 20,
          interval: "1h",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "product:github_deployments_success:increase1d{product=~\"$product\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Successful production deployments per day",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Median and 90th percentile lead time for changes per product over the exporter's 30-day window (exact, from the deployments; first commit to production).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "yellow",
                    value: 86400.0,
                  },
                  {
                    color: "orange",
                    value: 604800.0,
                  },
                  {
                    color: "red",
                    value: 2592000.0,
                  },
                ],
              },
              unit: "s",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 12,
            y: 61,
          },
          hideTimeOverride: false,
          id: 21,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (github_dora_lead_time_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} p50",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product) (github_dora_lead_time_p90_seconds{%(githubExporterSelector)s,product=~\"$product\",environment=\"production\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} p90",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Lead time p50 / p90",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "dora",
        "generated",
        "portfolio",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Team",
            multi: true,
            name: "team",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info, team)",
              refId: "team-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info, team)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Product",
            multi: true,
            name: "product",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
              refId: "product-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
          },
        ],
      },
      time: {
        from: "now-30d",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / DORA",
      uid: "portfolio-dora",
      version: 1,
      weekStart: "",
    },
    "portfolio-builds.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "GitHub Actions health per product and workflow: outcomes, durations, queue time, runs in progress.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Runs",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of the workflow runs finished in the exporter's builds window (GITHUB_BUILDS_WINDOW, from GitHub's history; cancelled runs excluded) that succeeded. Workflows reported through the Pushgateway (CI reporter) count their runs of the last 7d.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "green",
                    value: 0.95,
                  },
                ],
              },
              max: 1,
              min: 0,
              unit: "percentunit",
              mappings: [],
              color: {
                mode: "thresholds",
              },
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum((github_workflow_window_runs{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\",conclusion=\"success\"} or product_workflow_conclusion:github_workflow_runs:increase7d{product=~\"$product\",workflow=~\"$workflow\",conclusion=\"success\"})) / sum((github_workflow_window_runs{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\",conclusion!=\"cancelled\"} or product_workflow_conclusion:github_workflow_runs:increase7d{product=~\"$product\",workflow=~\"$workflow\",conclusion!=\"cancelled\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "success",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Success rate",
          transparent: false,
          transformations: [],
          type: "gauge",
          options: {
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showThresholdLabels: false,
            showThresholdMarkers: true,
            orientation: "auto",
            sizing: "auto",
            minVizWidth: 75,
            minVizHeight: 75,
          },
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Workflow runs queued or in progress now, by status (GitHub exporter).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 10,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 6,
            y: 1,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (status) (github_workflow_runs_in_progress{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{status}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Runs in progress",
          transparent: false,
          transformations: [],
          options: {
            textMode: "value_and_name",
            colorMode: "value",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Completed workflow runs per hour by conclusion (averaged over the interval), for the selected workflows across all products (recorded from the GitHub exporter's counter, summed over products: runs finished while it runs, and backfilled history).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "bars",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 80,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "normal",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 1,
          },
          hideTimeOverride: false,
          id: 4,
          interval: "5m",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (conclusion) (avg_over_time(workflow_conclusion:github_workflow_runs:rate15m{workflow=~\"$workflow\"}[$__interval]) * 3600)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{conclusion}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Runs by conclusion",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of each workflow's runs finished in the builds window that succeeded (cancelled excluded), as the exporter recomputed it at each point in time; for a workflow reported through the Pushgateway, over the last 7d.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.8,
                  },
                  {
                    color: "green",
                    value: 0.95,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              max: 1,
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 9,
          },
          hideTimeOverride: false,
          id: 5,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product, workflow) (github_workflow_window_success_ratio{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\"})\nor ((sum by (product, workflow) (product_workflow_conclusion:github_workflow_runs:increase7d{product=~\"$product\",workflow=~\"$workflow\",conclusion=\"success\"}) or 0 * sum by (product, workflow) (product_workflow_conclusion:github_workflow_runs:increase7d{product=~\"$product\",workflow=~\"$workflow\",conclusion!=\"cancelled\"}))\n/ sum by (product, workflow) (product_workflow_conclusion:github_workflow_runs:increase7d{product=~\"$product\",workflow=~\"$workflow\",conclusion!=\"cancelled\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} {{workflow}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Success rate per workflow",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Completed runs per product and workflow in the exporter's builds window (from GitHub's history), or, for a workflow reported through the Pushgateway, in the last 7d.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 9,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product, workflow) ((github_workflow_window_runs{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\"} or product_workflow_conclusion:github_workflow_runs:increase7d{product=~\"$product\",workflow=~\"$workflow\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} {{workflow}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Runs per workflow",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 17,
          },
          id: 7,
          title: "Durations",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Distribution of completed runs' durations over time: runs per hour in each duration bucket (averaged over the interval), for the selected workflows across all products (recorded from the GitHub exporter's histogram, summed over products so a load reads one series per bucket and workflow).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              unit: "s",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              custom: {
                hideFrom: {
                  legend: false,
                  tooltip: false,
                  viz: false,
                },
                scaleDistribution: {
                  type: "linear",
                },
              },
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 18,
          },
          hideTimeOverride: false,
          id: 8,
          interval: "5m",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (le) (avg_over_time(workflow_le:github_workflow_run_duration_seconds_bucket:rate15m{workflow=~\"$workflow\"}[$__interval]) * 3600)",
              format: "heatmap",
              hide: false,
              interval: "",
              legendFormat: "{{le}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Run duration",
          transparent: false,
          transformations: [],
          options: {
            calculate: false,
            cellGap: 1,
            color: {
              mode: "scheme",
              scheme: "Oranges",
              scale: "exponential",
              exponent: 0.5,
              steps: 64,
              fill: "dark-orange",
              reverse: false,
            },
            exemplars: {
              color: "rgba(255,0,255,0.7)",
            },
            filterValues: {
              le: 1e-09,
            },
            legend: {
              show: true,
            },
            rowsFrame: {
              layout: "auto",
            },
            showValue: "auto",
            tooltip: {
              mode: "single",
              yHistogram: true,
              showColorScale: false,
            },
            yAxis: {
              axisPlacement: "left",
              reverse: false,
              unit: "s",
            },
          },
          type: "heatmap",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Median and 95th percentile duration of each workflow's runs finished in the builds window (exact, from the runs; the exporter's windowed gauge). For a workflow reported through the Pushgateway: over the last 7d, estimated from the duration histogram (interpolated within a bucket).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 18,
          },
          hideTimeOverride: false,
          id: 9,
          interval: "10m",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product, workflow) (github_workflow_window_duration_seconds{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\",quantile=\"0.5\"} or label_replace(histogram_quantile(0.5, product_workflow_le:github_workflow_run_duration_seconds_bucket:increase7d{product=~\"$product\",workflow=~\"$workflow\"}) >= 0, \"quantile\", \"0.5\", \"\", \"\"))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p50 {{product}} {{workflow}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max by (product, workflow) (github_workflow_window_duration_seconds{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\",quantile=\"0.95\"} or label_replace(histogram_quantile(0.95, product_workflow_le:github_workflow_run_duration_seconds_bucket:increase7d{product=~\"$product\",workflow=~\"$workflow\"}) >= 0, \"quantile\", \"0.95\", \"\", \"\"))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p95 {{product}} {{workflow}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Run duration p50 / p95",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "95th percentile duration of each job (stage) of the selected workflows over the time range, across all products, estimated from the GitHub exporter's histogram of job durations (interpolated within a bucket). The range is read in whole quarter hours (UTC) up to the last one, so a run that finished since counts from the next quarter hour on; a job without runs in those quarter hours (new, or run only since) shows its last 15 minutes instead.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 600,
                  },
                  {
                    color: "red",
                    value: 1800,
                  },
                ],
              },
              unit: "s",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 26,
          },
          hideTimeOverride: false,
          id: 10,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "histogram_quantile(0.95, sum by (le, workflow, job_name) (avg_over_time(workflow_job_name_le:github_workflow_job_duration_seconds_bucket:rate15m{workflow=~\"$workflow\"}[$__range:15m]))) >= 0\nor histogram_quantile(0.95, sum by (le, workflow, job_name) (workflow_job_name_le:github_workflow_job_duration_seconds_bucket:rate15m{workflow=~\"$workflow\"}))",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{workflow}} / {{job_name}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Job duration breakdown (p95)",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Median and 95th percentile time each workflow's runs finished in the builds window waited before their first job started (the exporter's windowed gauge; runs whose jobs it read). For a workflow reported through the Pushgateway: over the last 7d, estimated from the queue histogram.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 300,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 26,
          },
          hideTimeOverride: false,
          id: 11,
          interval: "10m",
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product, workflow) (github_workflow_window_queue_seconds{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\",quantile=\"0.5\"} or label_replace(histogram_quantile(0.5, product_workflow_le:github_workflow_run_queue_seconds_bucket:increase7d{product=~\"$product\",workflow=~\"$workflow\"}) >= 0, \"quantile\", \"0.5\", \"\", \"\"))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p50 {{product}} {{workflow}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max by (product, workflow) (github_workflow_window_queue_seconds{%(githubExporterSelector)s,product=~\"$product\",workflow=~\"$workflow\",quantile=\"0.95\"} or label_replace(histogram_quantile(0.95, product_workflow_le:github_workflow_run_queue_seconds_bucket:increase7d{product=~\"$product\",workflow=~\"$workflow\"}) >= 0, \"quantile\", \"0.95\", \"\", \"\"))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "p95 {{product}} {{workflow}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Queue time p50 / p95",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "builds",
        "generated",
        "portfolio",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Team",
            multi: true,
            name: "team",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info, team)",
              refId: "team-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info, team)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Product",
            multi: true,
            name: "product",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
              refId: "product-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Workflow",
            multi: true,
            name: "workflow",
            options: [],
            query: {
              query: "label_values(github_workflow_runs_total{%(githubExporterSelector)s,product=~\"$product\"}, workflow)" % $._config,
              refId: "workflow-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(github_workflow_runs_total{%(githubExporterSelector)s,product=~\"$product\"}, workflow)" % $._config,
          },
        ],
      },
      time: {
        from: "now-24h",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / CI and builds",
      uid: "portfolio-builds",
      version: 1,
      weekStart: "",
    },
    "portfolio-web-analytics.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "Plausible: visitors, visits, pageviews, views per visit, bounce rate, visit duration, top pages and sources per product over rolling windows, and current visitors.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Summary",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Unique visitors in the period per product, over the rolling window of the period variable (Plausible exporter, polled on a schedule).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_visitors{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Visitors",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Visits (sessions) in the period per product, over the rolling window of the period variable (Plausible exporter, polled on a schedule).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 4,
            y: 1,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_visits{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Visits",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Pageviews in the period per product, over the rolling window of the period variable (Plausible exporter, polled on a schedule).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 4,
            x: 8,
            y: 1,
          },
          hideTimeOverride: false,
          id: 4,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_pageviews{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Pageviews",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Pageviews per visit per product, over the rolling window of the period variable (Plausible exporter, polled on a schedule).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 3,
            x: 12,
            y: 1,
          },
          hideTimeOverride: false,
          id: 5,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_views_per_visit{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Views per visit",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of single-page visits per product, over the rolling window of the period variable (Plausible exporter, polled on a schedule).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.6,
                  },
                  {
                    color: "red",
                    value: 0.8,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 3,
            x: 15,
            y: 1,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_bounce_rate_ratio{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Bounce rate",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Mean visit duration per product, over the rolling window of the period variable (Plausible exporter, polled on a schedule).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "s",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 3,
            x: 18,
            y: 1,
          },
          hideTimeOverride: false,
          id: 7,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_visit_duration_seconds{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Visit duration",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Current visitors per product: visitors with a pageview in the last 5 minutes (Plausible realtime).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 3,
            x: 21,
            y: 1,
          },
          hideTimeOverride: false,
          id: 8,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_realtime_visitors{%(plausibleExporterSelector)s,product=~\"$product\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Visitors now",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "value",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 6,
          },
          id: 9,
          title: "Trends",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Visitors, visits and pageviews of the selected period per product, as the exporter refreshes them (Plausible).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "short",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 7,
          },
          hideTimeOverride: false,
          id: 10,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (product) (plausible_visitors{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "visitors {{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum by (product) (plausible_visits{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "visits {{product}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum by (product) (plausible_pageviews{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "pageviews {{product}}",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Visitors, visits and pageviews",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of single-page visits in the period per product (Plausible).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              max: 1,
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 12,
            y: 7,
          },
          hideTimeOverride: false,
          id: 11,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (plausible_bounce_rate_ratio{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Bounce rate",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Mean visit duration in the period per product (Plausible).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 18,
            y: 7,
          },
          hideTimeOverride: false,
          id: 12,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product) (plausible_visit_duration_seconds{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Visit duration",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 15,
          },
          id: 13,
          title: "Top pages and sources",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Visitors of the top pages in the period (Plausible breakdown by page, top N kept by the exporter; the visitors of all other pages are page=\"other\").",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              unit: "short",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 9,
            w: 12,
            x: 0,
            y: 16,
          },
          hideTimeOverride: false,
          id: 14,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "topk(10, sum by (page) (plausible_page_visitors{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\",page!=\"other\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{page}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Top pages",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Visitors from the top referrer sources in the period (Plausible breakdown by source, top N kept by the exporter; all other sources are source=\"other\").",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "blue",
                    value: null,
                  },
                ],
              },
              unit: "short",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 9,
            w: 12,
            x: 12,
            y: 16,
          },
          hideTimeOverride: false,
          id: 15,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "topk(10, sum by (source) (plausible_source_visitors{%(plausibleExporterSelector)s,product=~\"$product\",period=~\"$period\",source!=\"other\"}))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{source}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Top sources",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "analytics",
        "generated",
        "portfolio",
        "web",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Product",
            multi: true,
            name: "product",
            options: [],
            query: {
              query: "label_values(plausible_visitors{%(plausibleExporterSelector)s}, product)" % $._config,
              refId: "product-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(plausible_visitors{%(plausibleExporterSelector)s}, product)" % $._config,
          },
          {
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: false,
            label: "Period",
            multi: false,
            name: "period",
            options: [],
            query: {
              query: "label_values(plausible_visitors{%(plausibleExporterSelector)s,product=~\"$product\"}, period)" % $._config,
              refId: "period-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(plausible_visitors{%(plausibleExporterSelector)s,product=~\"$product\"}, period)" % $._config,
          },
        ],
      },
      time: {
        from: "now-7d",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / Web analytics",
      uid: "portfolio-web-analytics",
      version: 1,
      weekStart: "",
    },
    "portfolio-product-analytics.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "No product has a posthog source yet.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Product analytics",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          description: "How to read this dashboard.",
          gridPos: {
            h: 3,
            w: 24,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          title: "No data",
          transparent: false,
          type: "text",
          options: {
            content: "Add `sources.posthog` to a product.",
            mode: "markdown",
          },
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "analytics",
        "generated",
        "portfolio",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
        ],
      },
      time: {
        from: "now-6h",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / Product analytics",
      uid: "portfolio-product-analytics",
      version: 1,
      weekStart: "",
    },
    "portfolio-slo.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "Firing alerts by severity and team, and each product's SLOs against their targets with the error budget left.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: true,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Product detail",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-product",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "SLOs",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Per product and SLO: the objective from portfolio.yaml, the SLI achieved over the SLO period and the share of the error budget left (SLO recording rules).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              custom: {
                align: "auto",
                displayMode: "auto",
                filterable: false,
                cellOptions: {
                  type: "auto",
                },
                inspect: false,
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
            },
            overrides: [
              {
                matcher: {
                  id: "byName",
                  options: "Product",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "links",
                    value: [
                      {
                        title: "Product detail: ${__field.labels.product}",
                        url: "/d/portfolio-product?${__url_time_range}&var-product=${__field.labels.product}",
                        targetBlank: false,
                      },
                    ],
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Objective",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "decimals",
                    value: 3,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Actual",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "decimals",
                    value: 3,
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "Error budget left",
                },
                properties: [
                  {
                    id: "unit",
                    value: "percentunit",
                  },
                  {
                    id: "custom.cellOptions",
                    value: {
                      type: "color-background",
                    },
                  },
                  {
                    id: "thresholds",
                    value: {
                      mode: "absolute",
                      steps: [
                        {
                          color: "red",
                          value: null,
                        },
                        {
                          color: "orange",
                          value: 0,
                        },
                        {
                          color: "green",
                          value: 0.19999999999999996,
                        },
                      ],
                    },
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product, slo) (slo:objective:ratio{product=~\"$product\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "1 - max by (product, slo) (slo:sli_error:ratio_rate_period{product=~\"$product\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max by (product, slo) (slo:period_error_budget_remaining:ratio{product=~\"$product\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Targets vs actual",
          transparent: false,
          transformations: [
            {
              id: "merge",
              options: {},
            },
            {
              id: "organize",
              options: {
                excludeByName: {
                  Time: true,
                },
                renameByName: {
                  product: "Product",
                  slo: "SLO",
                  "Value #A": "Objective",
                  "Value #B": "Actual",
                  "Value #C": "Error budget left",
                },
                indexByName: {
                  product: 0,
                  slo: 1,
                  "Value #A": 2,
                  "Value #B": 3,
                  "Value #C": 4,
                },
              },
            },
          ],
          options: {
            showHeader: true,
            sortBy: [
              {
                displayName: "Product",
                desc: false,
              },
            ],
            cellHeight: "sm",
            frameIndex: 0,
            footer: {
              show: false,
              reducer: [
                "sum",
              ],
              countRows: false,
            },
          },
          type: "table",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of each SLO's error budget left in the period (SLO recording rules); below zero the SLO is breached.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 0,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "percentunit",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 1,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (product, slo) (slo:period_error_budget_remaining:ratio{product=~\"$product\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{product}} {{slo}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Error budget remaining",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 9,
          },
          id: 4,
          title: "Alerts",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Alerts firing now per severity (Prometheus ALERTS series of the rules generated from portfolio.yaml).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "red",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 8,
            x: 0,
            y: 10,
          },
          hideTimeOverride: false,
          id: 5,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "count(ALERTS{alertstate=\"firing\",product=~\"$product\",team=~\"$team\",severity=\"critical\"}) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "critical",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "count(ALERTS{alertstate=\"firing\",product=~\"$product\",team=~\"$team\",severity=\"warning\"}) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "warning",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "count(ALERTS{alertstate=\"firing\",product=~\"$product\",team=~\"$team\",severity=\"info\"}) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "info",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Firing alerts by severity",
          transparent: false,
          transformations: [],
          options: {
            textMode: "value_and_name",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Alerts firing now per owning team and severity (ALERTS); routing sends them to the team's receivers.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 1,
                  },
                  {
                    color: "red",
                    value: 3,
                  },
                ],
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 8,
            x: 8,
            y: 10,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "count by (team, severity) (ALERTS{alertstate=\"firing\",product=~\"$product\",team=~\"$team\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{team}} {{severity}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Firing alerts by team",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Alerts whose condition holds but whose `for:` has not elapsed yet (ALERTS, state pending).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 5,
            w: 8,
            x: 16,
            y: 10,
          },
          hideTimeOverride: false,
          id: 7,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "count(ALERTS{alertstate=\"pending\",product=~\"$product\",team=~\"$team\"}) or vector(0)",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "pending",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Pending alerts",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Every alert firing now with its product, environment, team, severity and kind (ALERTS). Product links to its detail dashboard.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              custom: {
                align: "auto",
                displayMode: "auto",
                filterable: false,
                cellOptions: {
                  type: "auto",
                },
                inspect: false,
              },
              unit: "none",
              color: {
                mode: "thresholds",
              },
              mappings: [],
            },
            overrides: [
              {
                matcher: {
                  id: "byName",
                  options: "Product",
                },
                properties: [
                  {
                    id: "unit",
                    value: "none",
                  },
                  {
                    id: "links",
                    value: [
                      {
                        title: "Product detail: ${__field.labels.product}",
                        url: "/d/portfolio-product?${__url_time_range}&var-product=${__field.labels.product}",
                        targetBlank: false,
                      },
                    ],
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 8,
            w: 24,
            x: 0,
            y: 15,
          },
          hideTimeOverride: false,
          id: 8,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (alertname, product, environment, team, severity, kind) (ALERTS{alertstate=\"firing\",product=~\"$product\",team=~\"$team\"})",
              format: "table",
              hide: false,
              interval: "",
              legendFormat: "__auto",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Firing alerts",
          transparent: false,
          transformations: [
            {
              id: "merge",
              options: {},
            },
            {
              id: "organize",
              options: {
                excludeByName: {
                  Time: true,
                  Value: true,
                },
                renameByName: {
                  alertname: "Alert",
                  severity: "Severity",
                  product: "Product",
                  environment: "Environment",
                  team: "Team",
                  kind: "Kind",
                },
                indexByName: {
                  alertname: 0,
                  severity: 1,
                  product: 2,
                  environment: 3,
                  team: 4,
                  kind: 5,
                },
              },
            },
          ],
          options: {
            showHeader: true,
            sortBy: [
              {
                displayName: "Severity",
                desc: false,
              },
            ],
            cellHeight: "sm",
            frameIndex: 0,
            footer: {
              show: false,
              reducer: [
                "sum",
              ],
              countRows: false,
            },
          },
          type: "table",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Number of firing alerts per severity over time (ALERTS).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "bars",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 80,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "normal",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "none",
            },
            overrides: [
              {
                matcher: {
                  id: "byName",
                  options: "critical",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "red",
                    },
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "warning",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "orange",
                    },
                  },
                ],
              },
              {
                matcher: {
                  id: "byName",
                  options: "info",
                },
                properties: [
                  {
                    id: "color",
                    value: {
                      mode: "fixed",
                      fixedColor: "blue",
                    },
                  },
                ],
              },
            ],
          },
          gridPos: {
            h: 7,
            w: 24,
            x: 0,
            y: 23,
          },
          hideTimeOverride: false,
          id: 9,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "count by (severity) (ALERTS{alertstate=\"firing\",product=~\"$product\",team=~\"$team\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{severity}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Firing alerts over time",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "alerts",
        "generated",
        "portfolio",
        "slo",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Team",
            multi: true,
            name: "team",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info, team)",
              refId: "team-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info, team)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "Product",
            multi: true,
            name: "product",
            options: [],
            query: {
              query: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
              refId: "product-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(product:portfolio_product:info{team=~\"$team\"}, product)",
          },
        ],
      },
      time: {
        from: "now-6h",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / SLOs and alerts",
      uid: "portfolio-slo",
      version: 1,
      weekStart: "",
    },
    "portfolio-monitoring.json": {
      annotations: {
        list: [
          {
            builtIn: 1,
            datasource: {
              type: "grafana",
              uid: "-- Grafana --",
            },
            enable: true,
            hide: true,
            iconColor: "rgba(0, 211, 255, 1)",
            name: "Annotations & Alerts",
            type: "dashboard",
          },
        ],
      },
      description: "Is the monitoring itself healthy: scrape targets, exporters, Prometheus and Alertmanager.",
      editable: false,
      fiscalYearStartMonth: 0,
      graphTooltip: 1,
      id: null,
      links: [
        {
          asDropdown: false,
          icon: "dashboard",
          includeVars: false,
          keepTime: true,
          tags: [],
          targetBlank: false,
          title: "Portfolio overview",
          tooltip: "",
          type: "link",
          url: "/d/portfolio-overview",
        },
        {
          asDropdown: true,
          icon: "external link",
          includeVars: false,
          keepTime: true,
          tags: [
            "portfolio",
          ],
          targetBlank: false,
          title: "Portfolio dashboards",
          tooltip: "",
          type: "dashboards",
          url: "",
        },
      ],
      liveNow: false,
      panels: [
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 0,
          },
          id: 1,
          title: "Scrape targets",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Share of each job's scrape targets that answered the last scrape (Prometheus up). Probes count as targets of the blackbox job.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 0.5,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "percentunit",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 24,
            x: 0,
            y: 1,
          },
          hideTimeOverride: false,
          id: 2,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "avg by (job) (up{job=~\"$job\",instance=~\"$instance\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{job}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Targets up",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Every scrape target over time, up or down (Prometheus up).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              custom: {
                lineWidth: 0,
                fillOpacity: 70,
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "DOWN",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "UP",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 16,
            x: 0,
            y: 5,
          },
          hideTimeOverride: false,
          id: 3,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "up{job=~\"$job\",instance=~\"$instance\"}",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{job}} {{instance}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Scrape targets",
          transparent: false,
          transformations: [],
          options: {
            mergeValues: true,
            showValue: "auto",
            alignValue: "left",
            rowHeight: 0.9,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: true,
              calcs: [],
            },
            tooltip: {
              mode: "single",
              sort: "none",
            },
          },
          type: "state-timeline",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Slowest scrape per job (Prometheus scrape_duration_seconds); probes take as long as the probed endpoint, up to the probe timeout (10s).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 16,
            y: 5,
          },
          hideTimeOverride: false,
          id: 4,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (job) (scrape_duration_seconds{job=~\"$job\",instance=~\"$instance\"})",
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{job}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Scrape duration",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 13,
          },
          id: 5,
          title: "Exporters",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "1 when the exporter's last refresh from its SaaS API succeeded (<exporter>_up, published by each exporter about itself).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "DOWN",
                      color: "red",
                      index: 0,
                    },
                    "1": {
                      text: "UP",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 8,
            x: 0,
            y: 14,
          },
          hideTimeOverride: false,
          id: 6,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "min(github_up{%(githubExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "min(cloudflare_up{%(cloudflareExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "min(plausible_up{%(plausibleExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Upstream refresh OK",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Time since each exporter last refreshed successfully (<exporter>_last_success_timestamp_seconds).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 600.0,
                  },
                  {
                    color: "red",
                    value: 1800.0,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "s",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 8,
            x: 8,
            y: 14,
          },
          hideTimeOverride: false,
          id: 7,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "time() - min(github_last_success_timestamp_seconds{%(githubExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "time() - min(cloudflare_last_success_timestamp_seconds{%(cloudflareExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "time() - min(plausible_last_success_timestamp_seconds{%(plausibleExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Last successful refresh",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Time until the upstream API's rate-limit window resets (<exporter>_rate_limit_reset_timestamp_seconds).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "s",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 8,
            x: 16,
            y: 14,
          },
          hideTimeOverride: false,
          id: 8,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max(github_rate_limit_reset_timestamp_seconds{%(githubExporterSelector)s,instance=~\"$instance\"}) - time()" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max(cloudflare_rate_limit_reset_timestamp_seconds{%(cloudflareExporterSelector)s,instance=~\"$instance\"}) - time()" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "max(plausible_rate_limit_reset_timestamp_seconds{%(plausibleExporterSelector)s,instance=~\"$instance\"}) - time()" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Rate limit resets in",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "none",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Age of the data each exporter serves; exporters poll upstream on a schedule, so this grows when refreshes fail. Orange after alerting.for.exporter (10m).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 600.0,
                  },
                  {
                    color: "red",
                    value: 1800.0,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 18,
          },
          hideTimeOverride: false,
          id: 9,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max(github_data_age_seconds{%(githubExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max(cloudflare_data_age_seconds{%(cloudflareExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max(plausible_data_age_seconds{%(plausibleExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Data age",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Failed refreshes per second by reason (<exporter>_refresh_failures_total).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "ops",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 18,
          },
          hideTimeOverride: false,
          id: 10,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (reason) (rate(github_refresh_failures_total{%(githubExporterSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github {{reason}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum by (reason) (rate(cloudflare_refresh_failures_total{%(cloudflareExporterSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare {{reason}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum by (reason) (rate(plausible_refresh_failures_total{%(plausibleExporterSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible {{reason}}",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Refresh failures",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Requests the exporters send to their APIs per second, by status class; 304 means a conditional request saved quota (<exporter>_upstream_requests_total).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "normal",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "reqps",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 26,
          },
          hideTimeOverride: false,
          id: 11,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (status_class) (rate(github_upstream_requests_total{%(githubExporterSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github {{status_class}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum by (status_class) (rate(cloudflare_upstream_requests_total{%(cloudflareExporterSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare {{status_class}}",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "sum by (status_class) (rate(plausible_upstream_requests_total{%(plausibleExporterSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible {{status_class}}",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Upstream requests by status class",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Requests left in each API's current rate-limit window (<exporter>_rate_limit_remaining).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "orange",
                    value: 100,
                  },
                  {
                    color: "green",
                    value: 500,
                  },
                ],
              },
              unit: "short",
              color: {
                mode: "thresholds",
              },
              mappings: [],
              min: 0,
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 12,
            y: 26,
          },
          hideTimeOverride: false,
          id: 12,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "min(github_rate_limit_remaining{%(githubExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "min(cloudflare_rate_limit_remaining{%(cloudflareExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare",
              refId: "B",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
            {
              expr: "min(plausible_rate_limit_remaining{%(plausibleExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible",
              refId: "C",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Upstream rate limit remaining",
          transparent: false,
          transformations: [],
          options: {
            displayMode: "gradient",
            orientation: "horizontal",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            showUnfilled: true,
            valueMode: "color",
            namePlacement: "auto",
            sizing: "auto",
            minVizHeight: 16,
            minVizWidth: 8,
            maxVizHeight: 300,
            legend: {
              displayMode: "list",
              placement: "bottom",
              showLegend: false,
              calcs: [],
            },
          },
          type: "bargauge",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "How long each exporter's last refresh took (<exporter>_refresh_duration_seconds).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 12,
            x: 0,
            y: 34,
          },
          hideTimeOverride: false,
          id: 13,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max(github_refresh_duration_seconds{%(githubExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "github",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max(cloudflare_refresh_duration_seconds{%(cloudflareExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "cloudflare",
              refId: "B",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
            {
              expr: "max(plausible_refresh_duration_seconds{%(plausibleExporterSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "plausible",
              refId: "C",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Refresh duration",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "table",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 42,
          },
          id: 14,
          title: "Prometheus",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Whether Prometheus' last configuration reload succeeded (prometheus_config_last_reload_successful).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "no",
                      color: "text",
                      index: 0,
                    },
                    "1": {
                      text: "yes",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 0,
            y: 43,
          },
          hideTimeOverride: false,
          id: 15,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "prometheus_config_last_reload_successful{%(prometheusSelector)s,instance=~\"$instance\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{instance}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Prometheus config reloaded",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Series in Prometheus' head block (prometheus_tsdb_head_series); grows with products, endpoints and label values.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "short",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 6,
            y: 43,
          },
          hideTimeOverride: false,
          id: 16,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "prometheus_tsdb_head_series{%(prometheusSelector)s,instance=~\"$instance\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{instance}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Head series",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "none",
            graphMode: "area",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Alerts Prometheus dropped before they reached Alertmanager in the time range (prometheus_notifications_dropped_total).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "red",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 12,
            y: 43,
          },
          hideTimeOverride: false,
          id: 17,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum(increase(prometheus_notifications_dropped_total{%(prometheusSelector)s,instance=~\"$instance\"}[$__range]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "dropped",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Alerts dropped",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "99th percentile of the actual time between scrapes per configured interval (prometheus_target_interval_length_seconds); far above the interval means Prometheus is overloaded.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [],
              unit: "s",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 4,
            w: 6,
            x: 18,
            y: 43,
          },
          hideTimeOverride: false,
          id: 18,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (interval) (prometheus_target_interval_length_seconds{%(prometheusSelector)s,instance=~\"$instance\",quantile=\"0.99\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{interval}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Scrape interval p99",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "none",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Failed rule evaluations per second by group (prometheus_rule_evaluation_failures_total). Any is a bug in generated rules.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "ops",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 0,
            y: 47,
          },
          hideTimeOverride: false,
          id: 19,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total{%(prometheusSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{rule_group}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Rule evaluation failures",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "How long each rule group's last evaluation took (prometheus_rule_group_last_duration_seconds).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "s",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 8,
            y: 47,
          },
          hideTimeOverride: false,
          id: 20,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "max by (rule_group) (prometheus_rule_group_last_duration_seconds{%(prometheusSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{rule_group}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Rule group duration",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Errors per second sending alerts to each Alertmanager (prometheus_notifications_errors_total).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "ops",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 8,
            x: 16,
            y: 47,
          },
          hideTimeOverride: false,
          id: 21,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (alertmanager) (rate(prometheus_notifications_errors_total{%(prometheusSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{alertmanager}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Errors sending alerts to Alertmanager",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          gridPos: {
            h: 1,
            w: 24,
            x: 0,
            y: 55,
          },
          id: 22,
          title: "Alertmanager",
          collapsed: false,
          panels: [],
          type: "row",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Whether Alertmanager's last configuration reload succeeded (alertmanager_config_last_reload_successful).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "red",
                    value: null,
                  },
                  {
                    color: "green",
                    value: 1,
                  },
                ],
              },
              color: {
                mode: "thresholds",
              },
              mappings: [
                {
                  type: "value",
                  options: {
                    "0": {
                      text: "no",
                      color: "text",
                      index: 0,
                    },
                    "1": {
                      text: "yes",
                      color: "green",
                      index: 1,
                    },
                  },
                },
              ],
              unit: "none",
              noValue: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 0,
            y: 56,
          },
          hideTimeOverride: false,
          id: 23,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "alertmanager_config_last_reload_successful{%(alertmanagerSelector)s,instance=~\"$instance\"}" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{instance}}",
              refId: "A",
              instant: true,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: false,
              editorMode: "code",
            },
          ],
          title: "Alertmanager config reloaded",
          transparent: false,
          transformations: [],
          options: {
            textMode: "auto",
            colorMode: "background",
            graphMode: "none",
            justifyMode: "auto",
            orientation: "auto",
            reduceOptions: {
              calcs: [
                "lastNotNull",
              ],
              fields: "",
              values: false,
            },
            wideLayout: true,
            showPercentChange: false,
            percentChangeColorMode: "standard",
            text: {},
          },
          type: "stat",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Alerts Alertmanager holds, active or suppressed (alertmanager_alerts).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "none",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 6,
            y: 56,
          },
          hideTimeOverride: false,
          id: 24,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (state) (alertmanager_alerts{%(alertmanagerSelector)s,instance=~\"$instance\"})" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{state}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Alerts held by state",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Notifications attempted per second by integration (Slack, PagerDuty, email, webhook) (alertmanager_notifications_total).",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "off",
                },
              },
              mappings: [],
              unit: "ops",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 12,
            y: 56,
          },
          hideTimeOverride: false,
          id: 25,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (integration) (rate(alertmanager_notifications_total{%(alertmanagerSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{integration}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Notifications by integration",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
        {
          datasource: {
            type: "prometheus",
            uid: "${datasource}",
          },
          description: "Notifications that failed per second by integration and reason (alertmanager_notifications_failed_total). The AlertmanagerNotificationsFailing alert fires on any.",
          fieldConfig: {
            defaults: {
              thresholds: {
                mode: "absolute",
                steps: [
                  {
                    color: "green",
                    value: null,
                  },
                  {
                    color: "red",
                    value: 0.0001,
                  },
                ],
              },
              color: {
                mode: "palette-classic",
              },
              custom: {
                axisPlacement: "auto",
                axisLabel: "",
                drawStyle: "line",
                lineInterpolation: "linear",
                barAlignment: 0,
                lineWidth: 1,
                fillOpacity: 10,
                gradientMode: "none",
                spanNulls: false,
                showPoints: "auto",
                pointSize: 5,
                stacking: {
                  mode: "none",
                  group: "A",
                },
                scaleDistribution: {
                  type: "linear",
                  log: 2,
                },
                hideFrom: {
                  tooltip: false,
                  viz: false,
                  legend: false,
                },
                thresholdsStyle: {
                  mode: "line",
                },
              },
              mappings: [],
              unit: "ops",
            },
            overrides: [],
          },
          gridPos: {
            h: 8,
            w: 6,
            x: 18,
            y: 56,
          },
          hideTimeOverride: false,
          id: 26,
          links: [],
          maxDataPoints: 100,
          targets: [
            {
              expr: "sum by (integration, reason) (rate(alertmanager_notifications_failed_total{%(alertmanagerSelector)s,instance=~\"$instance\"}[$__rate_interval]))" % $._config,
              format: "time_series",
              hide: false,
              interval: "",
              legendFormat: "{{integration}} {{reason}}",
              refId: "A",
              instant: false,
              datasource: {
                type: "prometheus",
                uid: "${datasource}",
              },
              range: true,
              editorMode: "code",
            },
          ],
          title: "Notification failures",
          transparent: false,
          transformations: [],
          options: {
            legend: {
              displayMode: "list",
              placement: "bottom",
              calcs: [
                "lastNotNull",
                "max",
              ],
              showLegend: true,
            },
            tooltip: {
              mode: "multi",
              sort: "desc",
            },
          },
          type: "timeseries",
        },
      ],
      refresh: $._config.dashboardRefresh,
      schemaVersion: 42,
      tags: [
        "generated",
        "monitoring",
        "portfolio",
      ],
      templating: {
        list: [
          {
            current: {
              selected: true,
              text: "prometheus",
              value: "prometheus",
            },
            hide: 0,
            includeAll: false,
            label: "Data source",
            multi: false,
            name: "datasource",
            options: [],
            query: "prometheus",
            refresh: 1,
            sort: 1,
            type: "datasource",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "job",
            multi: true,
            name: "job",
            options: [],
            query: {
              query: "label_values(up, job)",
              refId: "job-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(up, job)",
          },
          {
            allValue: ".*",
            current: {
              selected: true,
              text: [
                "All",
              ],
              value: [
                "$__all",
              ],
            },
            datasource: {
              type: "prometheus",
              uid: "${datasource}",
            },
            hide: 0,
            includeAll: true,
            label: "instance",
            multi: true,
            name: "instance",
            options: [],
            query: {
              query: "label_values(up{job=~\"$job\"}, instance)",
              refId: "instance-variable",
            },
            refresh: 2,
            sort: 1,
            type: "query",
            definition: "label_values(up{job=~\"$job\"}, instance)",
          },
        ],
      },
      time: {
        from: "now-6h",
        to: "now",
      },
      timepicker: {
        refresh_intervals: [
          "30s",
          "1m",
          "5m",
          "15m",
          "1h",
        ],
      },
      timezone: $._config.dashboardTimezone,
      title: "Golden / Monitoring health",
      uid: "portfolio-monitoring",
      version: 1,
      weekStart: "",
    },
  },
}
