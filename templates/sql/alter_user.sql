ALTER USER {{ name }} SET DEFAULT_ROLE = {{ role }} DEFAULT_WAREHOUSE = {{ warehouse }} QUERY_TAG = {{ query_tag }}
