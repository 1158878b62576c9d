CREATE OR REPLACE PROCEDURE {{ name }}({% if with_model %}MODEL VARCHAR{% endif %})
COPY GRANTS
RETURNS VARCHAR
LANGUAGE JAVASCRIPT
COMMENT = 'Sets the session query tag of the tenant whose role is in session; returns the previous tag for RESTORE_QUERY_TAG.'
EXECUTE AS CALLER
AS $$
// Caller's rights: ALTER SESSION is refused to owner's-rights procedures.
// The tenant comes from the secure view, which shows the caller only the mapping row of a role in session.
var rows = snowflake.execute({sqlText: {{ current_tenant_sql }}});
var tags = [];
while (rows.next()) { tags.push(rows.getColumnValue(2)); }
if (tags.length !== 1) {
  throw new Error("{{ name_text }}: expected exactly one tenant role in session, found " + tags.length);
}
var tag = JSON.parse(tags[0]);
{%- if with_model %}
// `!= null` (loose) is false for null and undefined alike, and has no `&` for `snow sql` to rewrite.
if (MODEL != null) {
  // Model names come from dbt; anything else is refused rather than escaped.
  if (!/^[A-Za-z0-9_.$-]{1,255}$/.test(MODEL)) {
    throw new Error("{{ name_text }}: MODEL must be 1-255 letters, digits, _ . $ -");
  }
  tag.model = MODEL;
}
{%- endif %}
var text = JSON.stringify(tag);
if (text.length > {{ max_tag }}) { throw new Error("{{ name_text }}: query tag over {{ max_tag }} characters"); }
var shown = snowflake.execute({sqlText: "SHOW PARAMETERS LIKE 'QUERY_TAG' IN SESSION"});
var previous = shown.next() ? shown.getColumnValue("value") : "";
// QUERY_TAG cannot take bind variables: build the literal, escaping both quote and backslash.
var literal = "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";
snowflake.execute({sqlText: "ALTER SESSION SET QUERY_TAG = " + literal});
return previous;
$$
