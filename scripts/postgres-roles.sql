-- Stockroom's PostgreSQL roles and database. Run once per cluster as a superuser:
--
--   psql -h HOST -U postgres -v ON_ERROR_STOP=1 -f scripts/postgres-roles.sql
--
-- stockroom_owner owns the schema and runs `migration up` (the Helm pre-upgrade job).
-- stockroom_app is what the api and worker connect as: not a superuser, no BYPASSRLS, not
-- the tables' owner, so row-level security applies to every query it makes.
-- Set passwords afterwards: ALTER ROLE stockroom_app PASSWORD '…';
-- The default privileges below give the app role read and write on new tables; migration
-- m20261202_000010 then takes UPDATE, DELETE and TRUNCATE on the ledger and the audit log, and
-- every write on seaql_migrations, back from it: history is append-only for the app.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockroom_owner') THEN
        CREATE ROLE stockroom_owner LOGIN CREATEDB;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stockroom_app') THEN
        CREATE ROLE stockroom_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

SELECT 'CREATE DATABASE stockroom OWNER stockroom_owner'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'stockroom') \gexec

\connect stockroom
SET ROLE stockroom_owner;
-- Tables and sequences the owner creates from now on are usable (not owned) by the app role.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO stockroom_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO stockroom_app;
RESET ROLE;
