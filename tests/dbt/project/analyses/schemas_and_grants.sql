SELECT '{{ snowtenant.tenant_schema("acme_industries") }}' AS ACME_SCHEMA, '{{ snowtenant.generate_schema_name("JON_DOE_TECH", none) }}' AS JON_SCHEMA, '{{ snowtenant.generate_schema_name("staging", none) }}' AS OTHER_SCHEMA, '{{ snowtenant.platform().database }}' AS DATABASE_NAME;
{{ snowtenant.tenant_schema_grants_sql('ACME_INDUSTRIES') }};
{{ snowtenant.grant_tenant_schemas() }}
