ALTER WAREHOUSE {{ name }} SET {{ props }}
