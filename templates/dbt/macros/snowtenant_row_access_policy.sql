{#- Attaching the tenant row access policy. Snowflake drops a view's or table's policy when dbt
    recreates it (CREATE OR REPLACE), and ADD fails on an object that already has one (one policy per
    object). So: a freshly recreated object gets ADD alone; an object dbt keeps between runs
    (incremental, snapshot) first gets DROP ALL ROW ACCESS POLICIES, the documented idempotent
    pre-step [sql/alter-table, sql/alter-view; shared/reference/snowflake-sql.md section 3]. -#}

{#- The policy column: `column`, else the spec's tenant column, upper-cased and checked. -#}
{% macro policy_column(column=none) %}
  {% set col = (column or snowtenant.platform().tenant_column or '') | string | upper %}
  {% if modules.re.fullmatch('[A-Z_][A-Z0-9_$]{0,254}', col) is none %}
    {% do exceptions.raise_compiler_error("snowtenant: '" ~ col ~ "' is not a plain column name; pass column='TENANT_ID'") %}
  {% endif %}
  {{ return(col) }}
{% endmacro %}

{#- The value of dbt-snowflake's native `row_access_policy` config (1.10 and later), which puts
    `WITH ROW ACCESS POLICY <policy> ON (<column>)` in the view's or table's CREATE itself, so the
    object never exists without its policy:
    `{{ config(row_access_policy=snowtenant.row_access_policy()) }}`. -#}
{% macro row_access_policy(column=none) %}
  {{ return(snowtenant.platform().policy ~ ' ON (' ~ snowtenant.policy_column(column) ~ ')') }}
{% endmacro %}

{#- The statements, joined by ";\n". `relation_kind` is 'table' or 'view'; `column` defaults to
    the spec's tenant column; `recreated` says whether the object was just created. -#}
{% macro row_access_policy_sql(relation, relation_kind, column=none, recreated=true) %}
  {% set p = snowtenant.platform() %}
  {% set kind = relation_kind | string | upper %}
  {% if kind not in ('TABLE', 'VIEW') %}
    {% do exceptions.raise_compiler_error("snowtenant: a row access policy goes on a table or a view, not '" ~ relation_kind ~ "'") %}
  {% endif %}
  {% set col = snowtenant.policy_column(column) %}
  {% set statements = [] %}
  {% if not recreated %}
    {% do statements.append('ALTER ' ~ kind ~ ' ' ~ relation ~ ' DROP ALL ROW ACCESS POLICIES') %}
  {% endif %}
  {% do statements.append('ALTER ' ~ kind ~ ' ' ~ relation ~ ' ADD ROW ACCESS POLICY ' ~ p.policy ~ ' ON (' ~ col ~ ')') %}
  {{ return(statements | join(';\n')) }}
{% endmacro %}

{#- For dbt-snowflake before 1.10 (no native config), a post-hook:
    `post_hook="{{ snowtenant.attach_row_access_policy() }}"`. A model that sets the native
    `row_access_policy` config already has its policy: the hook then does nothing. -#}
{% macro attach_row_access_policy(column=none) %}
  {#- While parsing, dbt has not resolved the model's config yet; hooks only run later. -#}
  {% if not execute %}
    {{ return('') }}
  {% endif %}
  {% if config.get('row_access_policy') %}
    {{ return('') }}
  {% endif %}
  {% set materialized = config.get('materialized') %}
  {% if materialized == 'ephemeral' %}
    {{ return('') }}
  {% elif materialized == 'view' %}
    {{ return(snowtenant.row_access_policy_sql(this, 'view', column, true)) }}
  {% elif materialized == 'table' %}
    {{ return(snowtenant.row_access_policy_sql(this, 'table', column, true)) }}
  {% elif materialized in ('incremental', 'snapshot') %}
    {{ return(snowtenant.row_access_policy_sql(this, 'table', column, false)) }}
  {% endif %}
  {% do exceptions.raise_compiler_error("snowtenant: cannot attach a row access policy to a '" ~ materialized ~ "' model") %}
{% endmacro %}
