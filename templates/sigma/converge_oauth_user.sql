ALTER USER {{ name }} SET {{ attribute }} = {{ login }} DEFAULT_ROLE = {{ role }} DEFAULT_SECONDARY_ROLES = () DEFAULT_WAREHOUSE = {{ warehouse }}
