GRANT DATABASE ROLE {{ role }} TO ROLE {{ grantee }}
