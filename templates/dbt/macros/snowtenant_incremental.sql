{#- Compiling incremental models without a connection (`dbt compile --no-introspect`).

    dbt's own is_incremental() guards its adapter call with `execute` only (dbt-core 1.11.16,
    dbt/include/global_project/macros/materializations/models/incremental/is_incremental.sql
    line 7: `adapter.get_relation(this.database, this.schema, this.table)`).
    `execute` is true in `dbt compile`, also with `--no-introspect`, so get_relation lists the
    model's schema over the connection (list_relations_without_caching); but with
    `--no-introspect` dbt opens no connection for the node (dbt/task/base.py lines 284-287,
    compile_and_execute: `connection_named(...) if get_flags().INTROSPECT else nullcontext()`),
    and the model fails with "connection never acquired for thread". dbt itself cannot compile an
    is_incremental() model offline; no macro of this package calls the adapter while compiling.

    This is_incremental() answers false whenever dbt introspects nothing (`flags.INTROSPECT` is
    false: `dbt compile` or `dbt show` with `--no-introspect`), as dbt's own answers while
    parsing (`execute` false): the compiled SQL is then the model's full build, the SQL of its
    first run. With introspection (every `dbt run`, `build`, and `compile` by default) it is
    dbt's is_incremental(), unchanged. Call it as `snowtenant.is_incremental()`, or make every
    bare `is_incremental()` of the root project use it with a macro there (a root project's macro
    of the same name replaces dbt's; is_incremental() does not dispatch):
    `macro is_incremental()` returning `snowtenant.is_incremental()`. -#}
{% macro is_incremental() %}
  {% if not execute or flags.INTROSPECT is sameas false %}
    {{ return(false) }}
  {% endif %}
  {{ return(dbt.is_incremental()) }}
{% endmacro %}
