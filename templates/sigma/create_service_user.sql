CREATE USER IF NOT EXISTS {{ name }} TYPE = SERVICE DEFAULT_ROLE = PUBLIC DEFAULT_WAREHOUSE = {{ warehouse }} COMMENT = 'Sigma connection (key-pair auth): switches to tenant roles by user attribute'
