ALTER USER {{ name }} SET RSA_PUBLIC_KEY = {{ key }}
