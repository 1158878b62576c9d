CREATE WAREHOUSE IF NOT EXISTS {{ name }}{% if !props.is_empty() %} WITH {{ props }}{% endif %}{% if let Some(i) = initially_suspended %} INITIALLY_SUSPENDED = {{ i }}{% endif %}
