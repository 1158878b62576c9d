{#- Query tags: the same JSON as the SQL package's SET_CLIENT_QUERY_TAG(MODEL), i.e. the tenant's
    tag (keys sorted) with "model" appended, escaped for Snowflake, at most 2,000 characters. -#}

{#- A single-quoted Snowflake string literal: `\` and `'` are both escape characters there. -#}
{% macro sql_string(value) %}
  {{ return("'" ~ (value | string | replace("\\", "\\\\") | replace("'", "''")) ~ "'") }}
{% endmacro %}

{#- The tag text for `model` (e.g. this.identifier) run for `tenant_id`. `extra` is the model's own
    `query_tag` config: a JSON object's keys, or a plain string under "query_tag", are added before
    "model"; the tenant's keys and "model" are never overridden (attribution stays exact). -#}
{% macro query_tag(tenant_id, model, extra=none) %}
  {% set t = snowtenant.tenant(tenant_id) %}
  {% if modules.re.fullmatch('[A-Za-z0-9_.$-]{1,255}', model | string) is none %}
    {% do exceptions.raise_compiler_error("snowtenant: model name '" ~ model ~ "' must be 1-255 letters, digits, _ . $ - (as SET_CLIENT_QUERY_TAG requires)") %}
  {% endif %}
  {% set own = fromjson(t.query_tag) %}
  {% set added = [] %}
  {% if extra %}
    {% set parsed = fromjson(extra) if extra is string else extra %}
    {% if parsed is mapping %}
      {% for key in parsed | sort if key not in own and key != 'model' %}
        {% do added.append(tojson(key | string) ~ ':' ~ tojson(parsed[key])) %}
      {% endfor %}
    {% elif 'query_tag' not in own %}
      {% do added.append('"query_tag":' ~ tojson(extra | string)) %}
    {% endif %}
  {% endif %}
  {% set tag = t.query_tag[:-1] ~ ((',' ~ (added | join(','))) if added else '') ~ ',"model":"' ~ model ~ '"}' %}
  {% if tag | length > snowtenant.platform().max_query_tag %}
    {% do exceptions.raise_compiler_error("snowtenant: the query tag of " ~ t.id ~ " for " ~ model ~ " is " ~ (tag | length) ~ " characters; QUERY_TAG holds at most 2000") %}
  {% endif %}
  {{ return(tag) }}
{% endmacro %}

{% macro set_query_tag_sql(tenant_id, model, extra=none) %}
  {{ return('ALTER SESSION SET QUERY_TAG = ' ~ snowtenant.sql_string(snowtenant.query_tag(tenant_id, model, extra))) }}
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

{#- dbt-snowflake's materializations call `set_query_tag()`, which dispatches
    (`adapter.dispatch('set_query_tag', 'dbt')`) to `snowflake__set_query_tag`. With the root
    project's `dispatch: [{macro_namespace: dbt, search_order: [<root>, 'snowtenant', 'dbt']}]`
    dbt finds this one first. A model with a tenant gets the tenant's tag (plus its own
    `query_tag` config and "model"); any other model gets dbt-snowflake's own behaviour.
    Returns the previous tag for unset_query_tag. -#}
{% macro snowflake__set_query_tag() %}
  {% set tenant_id = snowtenant.configured_tenant() %}
  {% if not tenant_id %}
    {{ return(dbt.snowflake__set_query_tag()) }}
  {% endif %}
  {% set sql = snowtenant.set_query_tag_sql(tenant_id, this.identifier, config.get('query_tag')) %}
  {% set original = get_current_query_tag() %}
  {% do run_query(sql) %}
  {{ return(original) }}
{% endmacro %}

{#- The other half: restores the tag set_query_tag found (dbt-snowflake's own for other models). -#}
{% macro snowflake__unset_query_tag(original_query_tag) %}
  {% if not snowtenant.configured_tenant() %}
    {{ return(dbt.snowflake__unset_query_tag(original_query_tag)) }}
  {% endif %}
  {% do run_query(snowtenant.restore_query_tag_sql(original_query_tag)) %}
{% endmacro %}

{#- For root projects that still forward to snowtenant with one-line shims (before dispatch). -#}
{% macro set_query_tag() %}
  {{ return(snowtenant.snowflake__set_query_tag()) }}
{% endmacro %}

{% macro unset_query_tag(original_query_tag) %}
  {{ return(snowtenant.snowflake__unset_query_tag(original_query_tag)) }}
{% endmacro %}
