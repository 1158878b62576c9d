CREATE OR REPLACE PROCEDURE {{ name }}()
COPY GRANTS
RETURNS VARCHAR
LANGUAGE JAVASCRIPT
COMMENT = 'Notifies each tenant over its soft budget once per period (email and optional webhook), recording it in {{ notifications_text }}.'
EXECUTE AS OWNER
AS $$
// Owner's rights: the alert's owner reads the status view and sends through the integrations it has USAGE on.
var due = snowflake.execute({sqlText: {{ due_sql }}});
var sent = 0;
while (due.next()) {
  var tenant = due.getColumnValue(1);
  var period = due.getColumnValue(2);
  var credits = due.getColumnValue(3);
  var budget = due.getColumnValue(4);
  var recipients = due.getColumnValue(5);
  var webhook = due.getColumnValue(6);
  var subject = "Snowflake soft budget passed: " + tenant;
  var body = "Tenant " + tenant + " has used " + Number(credits).toFixed(2) + " attributed credits since " + period + " UTC, over its soft budget of " + budget + ". See {{ status_text }}.";
  if (recipients) {
    snowflake.execute({sqlText: "CALL SYSTEM$SEND_EMAIL(?, ?, ?, ?)", binds: [{{ integration }}, recipients, subject, body]});
  }
  if (webhook) {
    snowflake.execute({sqlText: "CALL SYSTEM$SEND_SNOWFLAKE_NOTIFICATION(SNOWFLAKE.NOTIFICATION.TEXT_PLAIN(?), SNOWFLAKE.NOTIFICATION.INTEGRATION(?))", binds: [body, webhook]});
  }
  snowflake.execute({sqlText: {{ record_sql }}, binds: [tenant, period, credits, budget]});
  sent++;
}
return sent + " notification(s) sent";
$$
