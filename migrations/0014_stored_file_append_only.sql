-- Stored files are content-addressed and referenced by audit rows (their hash): once written, the
-- bytes under a hash never change or disappear. UPDATE, DELETE and TRUNCATE are refused.
CREATE OR REPLACE FUNCTION stored_file_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'stored_file is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stored_file_no_update_delete
  BEFORE UPDATE OR DELETE ON "stored_file"
  FOR EACH ROW EXECUTE FUNCTION stored_file_refuse_change();
--> statement-breakpoint
CREATE TRIGGER stored_file_no_truncate
  BEFORE TRUNCATE ON "stored_file"
  FOR EACH STATEMENT EXECUTE FUNCTION stored_file_refuse_change();
