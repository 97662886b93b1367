#!/usr/bin/env bash
# Start Debian's PostgreSQL (installing it if missing) and print a URL for the test suite.
# Usage: eval "$(bash .ci/postgres.sh)"   -> exports PATROL_TEST_PG_URL
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='patrol'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role patrol login password 'patrol'\"" >/dev/null
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='patrol_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O patrol patrol_test" >/dev/null
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
echo "export PATROL_TEST_PG_URL=postgresql+psycopg://patrol:patrol@127.0.0.1:${port}/patrol_test"
