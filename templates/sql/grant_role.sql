GRANT ROLE {{ role }} TO {% if to_user %}USER{% else %}ROLE{% endif %} {{ grantee }}
