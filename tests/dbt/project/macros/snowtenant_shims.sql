{#- The one-line shims of docs/dbt.md: dbt only lets the root project override these. -#}
{% macro set_query_tag() %}{{ return(snowtenant.set_query_tag()) }}{% endmacro %}
{% macro unset_query_tag(original_query_tag) %}{{ return(snowtenant.unset_query_tag(original_query_tag)) }}{% endmacro %}
{% macro generate_schema_name(custom_schema_name, node) %}{{ return(snowtenant.generate_schema_name(custom_schema_name, node)) }}{% endmacro %}
