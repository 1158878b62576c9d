{#- Query tags: the same JSON as the SQL package's SET_CLIENT_QUERY_TAG(MODEL), i.e. the tenant's
    tag (keys sorted) with "model" appended, escaped for Snowflake, at most 2,000 characters. -#}

{#- A single-quoted Snowflake string literal: `\` and `'` are both escape characters there. -#}
{% macro sql_string(value) %}
  {{ return("'" ~ (value | string | replace("\\", "\\\\") | replace("'", "''")) ~ "'") }}
{% endmacro %}

{#- The tag text for `model` (e.g. this.identifier) run for `tenant_id`. -#}
{% macro query_tag(tenant_id, model) %}
  {% set t = snowtenant.tenant(tenant_id) %}
  {% if modules.re.fullmatch('[A-Za-z0-9_.$-]{1,255}', model | string) is none %}
    {% do exceptions.raise_compiler_error("snowtenant: model name '" ~ model ~ "' must be 1-255 letters, digits, _ . $ - (as SET_CLIENT_QUERY_TAG requires)") %}
  {% endif %}
  {% set tag = t.query_tag[:-1] ~ ',"model":"' ~ model ~ '"}' %}
  {% if tag | length > snowtenant.platform().max_query_tag %}
    {% do exceptions.raise_compiler_error("snowtenant: the query tag of " ~ t.id ~ " for " ~ model ~ " is " ~ (tag | length) ~ " characters; QUERY_TAG holds at most 2000") %}
  {% endif %}
  {{ return(tag) }}
{% endmacro %}

{% macro set_query_tag_sql(tenant_id, model) %}
  {{ return('ALTER SESSION SET QUERY_TAG = ' ~ snowtenant.sql_string(snowtenant.query_tag(tenant_id, model))) }}
{% endmacro %}

{#- Restores what set_query_tag returned (unsets the tag when there was none). -#}
{% macro restore_query_tag_sql(original_query_tag) %}
  {% if original_query_tag %}
    {{ return('ALTER SESSION SET QUERY_TAG = ' ~ snowtenant.sql_string(original_query_tag)) }}
  {% endif %}
  {{ return('ALTER SESSION UNSET QUERY_TAG') }}
{% endmacro %}

{#- The model's tenant: `meta: {tenant: ...}` in its config, else the var `snowtenant_tenant`. -#}
{% macro configured_tenant() %}
  {% set meta = config.get('meta') or {} %}
  {{ return(meta.get('tenant') or var('snowtenant_tenant', none)) }}
{% endmacro %}

{#- Reached from dbt-snowflake's set_query_tag through the root project's shim:
    `{% macro set_query_tag() %}{{ return(snowtenant.set_query_tag()) }}{% endmacro %}`.
    Returns the previous tag for unset_query_tag; models without a tenant are left untouched. -#}
{% macro set_query_tag() %}
  {% set tenant_id = snowtenant.configured_tenant() %}
  {% if not tenant_id %}
    {{ return(none) }}
  {% endif %}
  {% set sql = snowtenant.set_query_tag_sql(tenant_id, this.identifier) %}
  {% set original = get_current_query_tag() %}
  {% do run_query(sql) %}
  {{ return(original) }}
{% endmacro %}

{#- Shim: `{% macro unset_query_tag(original_query_tag) %}{{ return(snowtenant.unset_query_tag(original_query_tag)) }}{% endmacro %}` -#}
{% macro unset_query_tag(original_query_tag) %}
  {% if snowtenant.configured_tenant() %}
    {% do run_query(snowtenant.restore_query_tag_sql(original_query_tag)) %}
  {% endif %}
{% endmacro %}
