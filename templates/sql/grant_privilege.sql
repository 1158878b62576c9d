GRANT {{ privileges }} ON {{ on }} TO ROLE {{ grantee }}
