CREATE OR REPLACE PROCEDURE {{ name }}(PREVIOUS VARCHAR)
COPY GRANTS
RETURNS VARCHAR
LANGUAGE JAVASCRIPT
COMMENT = 'Restores the query tag returned by SET_CLIENT_QUERY_TAG (unsets it when empty).'
EXECUTE AS CALLER
AS $$
if (PREVIOUS === null || PREVIOUS === undefined || PREVIOUS === "") {
  snowflake.execute({sqlText: "ALTER SESSION UNSET QUERY_TAG"});
  return "";
}
if (PREVIOUS.length > {{ max_tag }}) { throw new Error("{{ name_text }}: query tag over {{ max_tag }} characters"); }
var literal = "'" + PREVIOUS.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";
snowflake.execute({sqlText: "ALTER SESSION SET QUERY_TAG = " + literal});
return PREVIOUS;
$$
