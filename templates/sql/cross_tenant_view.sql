CREATE OR REPLACE SECURE VIEW {{ name }} COPY GRANTS AS
{%- for b in branches %}
{% if !loop.first %}UNION ALL
{% endif %}SELECT {{ b.tenant.literal() }} AS TENANT_ID{% for c in columns %}, {{ c.name }}{% endfor %} FROM {{ b.source }} WHERE IS_ROLE_IN_SESSION({{ b.role.literal() }})
{%- endfor %}
