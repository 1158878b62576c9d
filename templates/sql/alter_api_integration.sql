ALTER API INTEGRATION {{ name }} SET API_AWS_ROLE_ARN = {{ role_arn }} API_ALLOWED_PREFIXES = ({% for p in prefixes %}{% if !loop.first %}, {% endif %}{{ p }}{% endfor %}) ENABLED = TRUE
