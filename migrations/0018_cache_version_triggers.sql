-- Per-process caches (server/db/cache-version.ts) trust themselves only while the version of what
-- they cache is unchanged. These triggers bump the version in the same transaction as the change,
-- whoever makes it (any app instance, a script, psql), so every instance sees an edit at its next read.
CREATE OR REPLACE FUNCTION bump_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cache_version (name, version) VALUES (TG_ARGV[0], 1)
    ON CONFLICT (name) DO UPDATE SET version = cache_version.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
INSERT INTO cache_version (name, version) VALUES ('calendar', 1), ('catalog', 1), ('flow-binding', 1) ON CONFLICT (name) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER calendar_day_cache_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version('calendar');
--> statement-breakpoint
CREATE TRIGGER flow_binding_cache_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON flow_binding
  FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_version('flow-binding');
--> statement-breakpoint
-- Only versions of the information catalog (the items records are filled against) matter here.
CREATE TRIGGER entry_version_catalog_insert AFTER INSERT ON entry_version
  FOR EACH ROW WHEN (NEW.kind_code = 'info-catalog') EXECUTE FUNCTION bump_cache_version('catalog');
--> statement-breakpoint
CREATE TRIGGER entry_version_catalog_update AFTER UPDATE ON entry_version
  FOR EACH ROW WHEN (NEW.kind_code = 'info-catalog' OR OLD.kind_code = 'info-catalog') EXECUTE FUNCTION bump_cache_version('catalog');
--> statement-breakpoint
CREATE TRIGGER entry_version_catalog_delete AFTER DELETE ON entry_version
  FOR EACH ROW WHEN (OLD.kind_code = 'info-catalog') EXECUTE FUNCTION bump_cache_version('catalog');
