{{ snowtenant.row_access_policy_sql(ref('acme_orders'), 'view') }};
{{ snowtenant.row_access_policy_sql(ref('all_tenants'), 'table', 'tenant_id', false) }};
SELECT '{{ snowtenant.row_access_policy() }}' AS NATIVE_CONFIG, '{{ snowtenant.row_access_policy("other_col") }}' AS NATIVE_CONFIG_OTHER
