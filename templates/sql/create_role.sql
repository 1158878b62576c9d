CREATE ROLE IF NOT EXISTS {{ name }} COMMENT = {{ comment }}
