-- Least privilege for an existing PostgreSQL database (README "Database roles").
--
-- Two roles: an OWNER that owns every table (migrations run as it) and an APP role that the
-- running app connects as. The app role owns nothing, so it can neither ALTER audit_log (disable
-- or drop its triggers) nor replace the trigger functions; on audit_log it may only read, append
-- and seal (seq, prev_hash, hash — and the trigger allows that once per row); it has no UPDATE of
-- any other column, no DELETE and no TRUNCATE. flow_event and query_log are append-only the same way.
--
-- Run as a superuser (or the database owner with CREATEROLE), connected to the app's database,
-- once at set-up and again after every upgrade (it is idempotent):
--
--   psql "postgres://postgres@db-host:5432/credit" -v ON_ERROR_STOP=1 \
--     -v owner_role=credit_owner -v owner_password='…' \
--     -v app_role=credit_app -v app_password='…' \
--     -f scripts/db-roles.sql
--
-- Then apply migrations as the owner, and run the app as the app role:
--   DATABASE_URL=postgres://credit_owner:…@db-host:5432/credit npm run db:seed
--   DATABASE_URL=postgres://credit_app:…@db-host:5432/credit npm start
--
-- Passwords given as empty strings leave an existing role's password unchanged.

SELECT set_config('credit.owner_role', :'owner_role', false),
       set_config('credit.app_role', :'app_role', false),
       set_config('credit.owner_password', :'owner_password', false),
       set_config('credit.app_password', :'app_password', false);

DO $roles$
DECLARE
  owner_role text := current_setting('credit.owner_role');
  app_role text := current_setting('credit.app_role');
  owner_pw text := current_setting('credit.owner_password');
  app_pw text := current_setting('credit.app_password');
BEGIN
  IF owner_role = app_role THEN
    RAISE EXCEPTION 'owner_role and app_role must be two different roles';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = owner_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS', owner_role);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS', app_role);
  END IF;
  -- The app role must not be a superuser, own anything, or be able to become the owner.
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'app role % is a superuser or bypasses row security: use an ordinary role', app_role;
  END IF;
  IF pg_has_role(app_role, owner_role, 'MEMBER') THEN
    EXECUTE format('REVOKE %I FROM %I', owner_role, app_role);
  END IF;
  IF owner_pw <> '' THEN EXECUTE format('ALTER ROLE %I PASSWORD %L', owner_role, owner_pw); END IF;
  IF app_pw <> '' THEN EXECUTE format('ALTER ROLE %I PASSWORD %L', app_role, app_pw); END IF;
END
$roles$;

DO $own$
DECLARE
  owner_role text := current_setting('credit.owner_role');
  app_role text := current_setting('credit.app_role');
  db text := current_database();
  r record;
BEGIN
  EXECUTE format('ALTER DATABASE %I OWNER TO %I', db, owner_role);
  EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', db);
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', db, app_role);
  EXECUTE format('REVOKE CREATE ON DATABASE %I FROM %I', db, app_role);

  EXECUTE format('CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION %I', owner_role);
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', owner_role);
  EXECUTE format('ALTER SCHEMA drizzle OWNER TO %I', owner_role);
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  EXECUTE format('REVOKE CREATE ON SCHEMA public, drizzle FROM %I', app_role);
  EXECUTE format('GRANT USAGE ON SCHEMA public, drizzle TO %I', app_role);

  -- Everything the migrations made so far belongs to the owner (sequences of identity and serial
  -- columns follow their tables).
  FOR r IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
             AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.nspname, r.relname, owner_role);
  END LOOP;
  FOR r IN SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)
  LOOP
    EXECUTE format('ALTER TYPE %I.%I OWNER TO %I', r.nspname, r.typname, owner_role);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.sig, owner_role);
  END LOOP;

  -- The app's working rights: read and write the data, use the sequences. Never TRUNCATE.
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public, drizzle FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO %I', app_role);
  -- Tables the owner's future migrations create get the same rights.
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner_role, app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', owner_role, app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA drizzle GRANT SELECT ON TABLES TO %I', owner_role, app_role);

  -- Append-only tables: read and append; audit_log rows may be sealed once (its trigger checks
  -- that nothing else changes); the chain head is moved only by the chainer.
  EXECUTE format('REVOKE ALL ON audit_log FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON audit_log TO %I', app_role);
  EXECUTE format('GRANT UPDATE (seq, prev_hash, hash) ON audit_log TO %I', app_role);
  EXECUTE format('REVOKE ALL ON audit_head FROM %I', app_role);
  EXECUTE format('GRANT SELECT, UPDATE (seq, hash) ON audit_head TO %I', app_role);
  IF to_regclass('public.flow_event') IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON flow_event FROM %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT ON flow_event TO %I', app_role);
  END IF;
  IF to_regclass('public.query_log') IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON query_log FROM %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT ON query_log TO %I', app_role);
  END IF;
END
$own$;
