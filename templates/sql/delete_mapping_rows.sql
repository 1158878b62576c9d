DELETE FROM {{ name }} WHERE TENANT_ID NOT IN ({% for t in tenants %}{% if !loop.first %}, {% endif %}{{ t }}{% endfor %})
