-- The audit row of an action that asked for confirmation (and of the run that followed an approval or a token) names
-- the confirmation, so the console links "asked for confirmation" to the request people approve or reject.
alter table mcp_invocations add column confirmation_id uuid;
