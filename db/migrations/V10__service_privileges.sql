-- Least privilege between the services (issue 16). Roles are cluster-level, so whoever runs
-- the server creates them (deploy/postgres/roles.sql, which bin/local-stack runs on servers it
-- may change); this migration grants only to the group roles that exist, so a database whose
-- services all use one user (tests, simple setups) migrates as before. Each service's login
-- user is a member of its group role; rerunning this file is harmless (GRANT is idempotent).
--
-- Future tables: ALTER DEFAULT PRIVILEGES, for api-service only. Every table the schema gains
-- is api-service's to write (it is the one writer of PostgreSQL), so a default keeps a new
-- migration from forgetting it. The publisher and the projector get nothing by default on
-- purpose: they read a few named tables, and a migration that gives them another one says so
-- with its own GRANT.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_api') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO leaderboard_api;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO leaderboard_api;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO leaderboard_api;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO leaderboard_api;
    IF to_regclass('flyway_schema_history') IS NOT NULL THEN
      REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM leaderboard_api;
    END IF;
    -- api-service creates next months' submissions partitions and drops expired ones at
    -- run time (SubmissionPartitions), which PostgreSQL allows only the owner of the parent
    -- table: the group owns submissions and its partitions, and may create tables in the
    -- schema. Possible only when the migrating user may act as the group (a superuser, or
    -- an owner role granted leaderboard_api); otherwise partitions stay the migrator's.
    IF pg_has_role(current_user, 'leaderboard_api', 'MEMBER') THEN
      GRANT CREATE ON SCHEMA public TO leaderboard_api;
      ALTER TABLE submissions OWNER TO leaderboard_api;
      DECLARE
        partition regclass;
      BEGIN
        FOR partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'submissions'::regclass LOOP
          EXECUTE format('ALTER TABLE %s OWNER TO leaderboard_api', partition);
        END LOOP;
      END;
    ELSE
      RAISE WARNING '% may not act as leaderboard_api: submissions partitions stay its own, api-service cannot create them', current_user;
    END IF;
  END IF;

  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_publisher') THEN
    -- reads and deletes outbox rows; SELECT … FOR UPDATE SKIP LOCKED needs UPDATE on at
    -- least one column, so one column it never writes (processed_at, no longer set)
    GRANT SELECT, DELETE ON score_events_outbox TO leaderboard_publisher;
    GRANT UPDATE (processed_at) ON score_events_outbox TO leaderboard_publisher;
    -- its VACUUM (ANALYZE) of the outbox: PostgreSQL 17 has a privilege for it; before,
    -- only the owner may, and the publisher's VACUUM is skipped with a warning
    IF current_setting('server_version_num')::int >= 170000 THEN
      EXECUTE 'GRANT MAINTAIN ON score_events_outbox TO leaderboard_publisher';
    END IF;
  END IF;

  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_projector') THEN
    -- rebuild, reconciliation and cold-period eviction (ProjectionSource)
    GRANT SELECT ON board_scores, users, hidden_players, leaderboards, closed_periods TO leaderboard_projector;
  END IF;

  -- the publisher and the projector validate the schema at start (flyway validate)
  IF to_regclass('flyway_schema_history') IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_publisher') THEN
      GRANT SELECT ON flyway_schema_history TO leaderboard_publisher;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leaderboard_projector') THEN
      GRANT SELECT ON flyway_schema_history TO leaderboard_projector;
    END IF;
  END IF;
END
$$;
