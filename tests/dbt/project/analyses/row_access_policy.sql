{{ snowtenant.row_access_policy_sql(ref('acme_orders'), 'view') }};
{{ snowtenant.row_access_policy_sql(ref('all_tenants'), 'table', 'tenant_id', false) }}
