# The exporters image: `python -m exporters.<source>`, and `python -m fakes` for the demo.
# docker-compose.yml builds it; the service's `command` names the module.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so code changes reuse this layer. Every version is pinned by constraints.txt.
COPY requirements-exporters.txt constraints.txt ./
RUN pip install --no-compile -r requirements-exporters.txt -c constraints.txt

# The exporters read portfolio.yaml through the shared package (config loader, metric catalog,
# conventions); they never import the generators, so the image does not ship them.
COPY portfolio/ ./portfolio/
COPY exporters/ ./exporters/
# The fake upstreams the compose `demo` profile runs (`python -m fakes`); no exporter imports them.
COPY fakes/ ./fakes/

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin exporter
USER 10001:10001

EXPOSE 9101
ENTRYPOINT ["python", "-m"]
CMD ["exporters.github"]
