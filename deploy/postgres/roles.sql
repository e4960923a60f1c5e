-- The PostgreSQL roles of the services (issue 16), run by a superuser (or a CREATEROLE user)
-- of the server: roles belong to the cluster, not to a database, so the schema's migrations
-- cannot make them. db/migrations/V10__service_privileges.sql grants to the group roles.
--
-- Group roles (NOLOGIN), created when missing; the privileges are theirs:
--   leaderboard_api        api-service: reads and writes the data (the one writer)
--   leaderboard_publisher  outbox-publisher: reads and deletes outbox rows
--   leaderboard_projector  projection-worker: reads what a rebuild and reconciliation read
-- Login users, one per service, members of their group: named and given a password by
-- settings the caller sets first in the same session (a setting left empty makes no user):
--   SET leaderboard.api_user = '…';        SET leaderboard.api_password = '…';
--   SET leaderboard.publisher_user = '…';  SET leaderboard.publisher_password = '…';
--   SET leaderboard.projector_user = '…';  SET leaderboard.projector_password = '…';
-- Rerunning it sets the passwords again. Read by bin/local-stack (local-infra run-sql) and
-- by api-service's PrivilegeIntegrationTests.
DO $$
DECLARE
  service text;
  login text;
  password text;
BEGIN
  FOREACH service IN ARRAY ARRAY['api', 'publisher', 'projector'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_' || service) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', 'leaderboard_' || service);
    END IF;
    login := nullif(current_setting('leaderboard.' || service || '_user', true), '');
    password := nullif(current_setting('leaderboard.' || service || '_password', true), '');
    CONTINUE WHEN login IS NULL;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, password);
    ELSE
      EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', login, password);
    END IF;
    EXECUTE format('GRANT %I TO %I', 'leaderboard_' || service, login);
  END LOOP;
END
$$;
