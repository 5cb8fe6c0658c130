"""The vocabulary both halves speak: the config (spec, semantic rules, model, loader), the
metric catalog per source, the conventions (every generated name), the errors, durations and
one descriptor per data source.

``generators`` (config -> artifacts) and ``exporters`` (SaaS APIs -> metrics) import this
package; it imports neither.
"""

__version__ = "0.1.0"
