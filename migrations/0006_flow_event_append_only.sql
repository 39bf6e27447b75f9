-- The flow event log is append-only like the audit chain (0001): an instance's history can only
-- grow. UPDATE, DELETE and TRUNCATE are refused whoever asks.
CREATE OR REPLACE FUNCTION flow_event_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'flow_event is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER flow_event_no_update_delete
  BEFORE UPDATE OR DELETE ON "flow_event"
  FOR EACH ROW EXECUTE FUNCTION flow_event_refuse_change();
--> statement-breakpoint
CREATE TRIGGER flow_event_no_truncate
  BEFORE TRUNCATE ON "flow_event"
  FOR EACH STATEMENT EXECUTE FUNCTION flow_event_refuse_change();
