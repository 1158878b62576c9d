{% if let Some(w) = warehouse %}ALTER WAREHOUSE {{ w }} SET RESOURCE_MONITOR = {{ monitor }}{% else %}ALTER ACCOUNT SET RESOURCE_MONITOR = {{ monitor }}{% endif %}
