ALTER ROLE {{ name }} SET COMMENT = {{ comment }}
