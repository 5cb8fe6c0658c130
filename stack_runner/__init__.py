"""``make stack``: run the generated stack on 127.0.0.1 from the Debian packages.

Not a generator: it sits above the pipeline (it builds a localhost variant of the model,
writes it with the generators' writer and supervises the processes). No stage imports it.
"""
