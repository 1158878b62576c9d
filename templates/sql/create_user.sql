CREATE USER IF NOT EXISTS {{ name }} TYPE = SERVICE DEFAULT_ROLE = {{ role }} DEFAULT_WAREHOUSE = {{ warehouse }}{% if let Some(c) = comment %} COMMENT = {{ c }}{% endif %}
