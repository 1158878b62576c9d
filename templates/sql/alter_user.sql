ALTER USER {{ name }} SET QUERY_TAG = {{ query_tag }}
