{{ snowtenant.set_query_tag_sql('JON_DOE_TECH', 'orders') }};
{{ snowtenant.set_query_tag_sql('acme_industries', 'stg_events.v2') }};
{{ snowtenant.set_query_tag_sql('ACME_INDUSTRIES', 'orders', '{"team": "finance", "tenant": "SPOOFED", "model": "x"}') }};
{{ snowtenant.set_query_tag_sql('ACME_INDUSTRIES', 'orders', {'cost_center': 42}) }};
{{ snowtenant.set_query_tag_sql('ACME_INDUSTRIES', 'orders', "nightly O'Brien") }};
{{ snowtenant.restore_query_tag_sql(snowtenant.query_tag('ACME_INDUSTRIES', 'orders')) }};
{{ snowtenant.restore_query_tag_sql(none) }};
SELECT {{ snowtenant.sql_string(snowtenant.query_tag('JON_DOE_TECH', 'orders')) }} AS QUERY_TAG
