{#- The root project's is_incremental() replaces dbt's (it does not dispatch): snowtenant's answers
    false in `dbt compile --no-introspect`, where dbt's needs a connection (docs/dbt.md). -#}
{% macro is_incremental() %}
  {{ return(snowtenant.is_incremental()) }}
{% endmacro %}
