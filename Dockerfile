# A production-like image: gunicorn serves the app, whitenoise the static files.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY registry ./registry
COPY orgs ./orgs
COPY agreements ./agreements
RUN pip install --no-cache-dir .
COPY . .

# collectstatic needs settings that load; the real secret comes from the environment at run time.
RUN DJANGO_ENV=production DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build \
    FEIDE_CLIENT_ID=build FEIDE_CLIENT_SECRET=build \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 registry && mkdir -p /app/private && chown registry /app/private
USER registry
EXPOSE 8000
CMD ["gunicorn", "registry.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
