#!/usr/bin/env bash
# Installs and starts what the tests need outside npm: Debian's chromium (dashboard tests)
# and a running PostgreSQL server with a test database. Safe to run again; each step says what it did.
set -u
log() { echo "[setup] $*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (Debian) for the browser tests"
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 \
    && log "chromium installed" || log "could not install chromium: browser tests will be skipped"
fi

if command -v pg_ctlcluster >/dev/null 2>&1 || command -v psql >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
      log "starting PostgreSQL"
      $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
    fi
  fi
else
  log "PostgreSQL not installed: installing Debian's postgresql"
  $SUDO apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null 2>&1 || true
  [ -d /etc/postgresql ] && $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
fi
for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && break; sleep 1; done
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  for db in sitrep_test sitrep_bench; do
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" 2>/dev/null | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" >/dev/null 2>&1 || true
  done
  log "PostgreSQL ready on 127.0.0.1:5432 (database sitrep_test)"
else
  log "PostgreSQL not reachable: the PostgreSQL half of the store suite will be skipped"
fi
exit 0
