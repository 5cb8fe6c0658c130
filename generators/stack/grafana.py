"""Grafana provisioning: the Prometheus and Alertmanager datasources and the dashboard folder."""

from __future__ import annotations

from typing import Any

from portfolio.config.model import Portfolio

PROVISIONING = "stack/grafana/provisioning"
DATASOURCES_FILE = f"{PROVISIONING}/datasources/portfolio.yml"
DASHBOARD_PROVIDER_FILE = f"{PROVISIONING}/dashboards/portfolio.yml"
DATASOURCE_UID = "prometheus"
ALERTMANAGER_DATASOURCE_UID = "alertmanager"
DASHBOARDS_PATH = "/var/lib/grafana/dashboards/portfolio"  # where compose mounts dashboards/


def datasources(portfolio: Portfolio) -> dict[str, Any]:
    addr = portfolio.stack.addresses
    return {
        "apiVersion": 1,
        "datasources": [
            {
                "name": "Prometheus",
                "uid": DATASOURCE_UID,
                "type": "prometheus",
                "access": "proxy",
                "url": f"http://{addr['prometheus']}",
                "isDefault": True,
                "editable": False,
                "jsonData": {"timeInterval": portfolio.stack.scrape_interval},
            },
            {
                "name": "Alertmanager",
                "uid": ALERTMANAGER_DATASOURCE_UID,
                "type": "alertmanager",
                "access": "proxy",
                "url": f"http://{addr['alertmanager']}",
                "editable": False,
                "jsonData": {"implementation": "prometheus"},
            },
        ],
    }


def dashboard_provider(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "apiVersion": 1,
        "providers": [
            {
                "name": "portfolio",
                "folder": portfolio.name,
                "type": "file",
                "disableDeletion": True,
                "allowUiUpdates": False,
                "updateIntervalSeconds": 30,
                "options": {"path": DASHBOARDS_PATH, "foldersFromFilesStructure": False},
            }
        ],
    }
