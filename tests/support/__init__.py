"""Shared test helpers: real binaries on loopback, free ports, temp dirs."""
